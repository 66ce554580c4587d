//! The app's own components, for states only the browser has: loading and
//! errors. Everything a static page also shows lives in `crate::views`.

use std::time::Duration;

use leptos::prelude::*;

use crate::content::i18n::{t, Text};

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

#[component]
pub fn ErrorPanel(
    lang: &'static str,
    #[prop(into)] message: String,
    detail: Option<String>,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="error-panel" role="alert">
            <h1>{message}</h1>
            {detail.map(|d| view! { <p class="error-detail"><code>{d}</code></p> })}
            <button type="button" class="retry" on:click=move |_| on_retry()>{t(lang, Text::Retry)}</button>
        </div>
    }
}
