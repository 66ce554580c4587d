//! The browser entry point: installs the panic hook and mounts the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    folio::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("folio's app runs in the browser: build it with `trunk build` (see README)");
}
