//! The browser entry point: installs the panic hook and mounts the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // The wasm's instantiation and the app's first render in tasks of their
    // own: the page stays responsive between them.
    leptos::prelude::set_timeout(
        || {
            if let Some(parent) = folio::app::browser::mount_point() {
                leptos::mount::mount_to(parent, folio::app::App).forget();
            }
        },
        std::time::Duration::ZERO,
    );
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("folio's app runs in the browser: build it with `trunk build` (see README)");
}
