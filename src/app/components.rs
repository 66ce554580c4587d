//! The app's own components, for the state only the browser has: loading.
//! Everything a static page also shows lives in `crate::views`.

use std::time::Duration;

use leptos::prelude::*;

use folio_core::i18n::{t, Text};

/// A loading indicator that appears only when loading takes longer than
/// 150 ms, so fast loads do not flash it.
#[component]
pub fn Loading(lang: &'static str) -> impl IntoView {
    let visible = RwSignal::new(false);
    set_timeout(
        move || {
            visible.try_set(true);
        },
        Duration::from_millis(150),
    );
    view! {
        <div class="loading" role="status" aria-live="polite">
            <Show when=move || visible.get()>
                <span class="spinner" aria-hidden="true"></span>
                {t(lang, Text::Loading)}
            </Show>
        </div>
    }
}
