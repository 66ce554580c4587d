//! The browser, behind plain functions: fetching, storage, history, scrolling
//! and the document head. The only module that talks to web-sys and gloo-net
//! directly; failures come back as values, never panics.

use std::cell::RefCell;

use gloo_net::http::Request;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal, Element, HtmlElement};

use folio_core::ids::{APP_ROOT, DATA_BLOCK, STATIC_ROOT, TOC_LIST};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The request failed before any response: offline, DNS, CORS, blocked.
    Network,
    /// The server answered with an error status.
    Status(u16),
    /// A newer navigation cancelled this request.
    Aborted,
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// folio's meta tag, written by the indexer: `data-base`.
fn folio_meta(attr: &str) -> Option<String> {
    document()?.query_selector("meta[name=folio]").ok()??.get_attribute(attr)
}

/// The site's public path: `/` or `/blog/`.
pub fn base() -> String {
    folio_meta("data-base").unwrap_or_else(|| "/".into())
}

/// Loads the page again, from the server.
pub fn reload() {
    if let Some(window) = window() {
        let _ = window.location().reload();
    }
}

/// The text of the page's data block (`listing::Embedded` as JSON).
pub fn embedded_data() -> Option<String> {
    document()?.get_element_by_id(DATA_BLOCK)?.text_content()
}

/// The URL's path, `…/index.html` read as `…/` (one page, one path).
pub fn current_path() -> String {
    let path = window().and_then(|w| w.location().pathname().ok()).unwrap_or_else(|| "/".into());
    match path.strip_suffix("index.html") {
        Some(dir) if dir.ends_with('/') => dir.to_string(),
        _ => path,
    }
}

/// The URL fragment without `#`, percent-decoded.
pub fn current_hash() -> String {
    let raw = window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let raw = raw.trim_start_matches('#');
    js_sys::decode_uri_component(raw).ok().and_then(|s| s.as_string()).unwrap_or_else(|| raw.to_string())
}

thread_local! {
    /// The request of the page being loaded; a new page load aborts it.
    static PAGE_REQUEST: RefCell<Option<AbortController>> = const { RefCell::new(None) };
}

/// Aborts the page load's requests under way, if any (the reader navigated away).
pub fn abort_page_request() {
    PAGE_REQUEST.with(|slot| {
        if let Some(controller) = slot.borrow_mut().take() {
            // Without a reason: fetch then rejects with an `AbortError`, and
            // gloo-net panics on a rejection that is not an `Error`.
            controller.abort();
        }
    });
}

/// The requests of one page load (a post and its extras). Beginning the
/// next page load aborts them all: the reader has left.
pub struct PageRequests {
    controller: Option<AbortController>,
}

impl PageRequests {
    pub fn begin() -> PageRequests {
        abort_page_request();
        let controller = AbortController::new().ok();
        PAGE_REQUEST.with(|slot| slot.borrow_mut().clone_from(&controller));
        PageRequests { controller }
    }

    /// Requests that only `abort` ends, not the next page load: search's,
    /// one request each.
    pub fn apart() -> PageRequests {
        PageRequests { controller: AbortController::new().ok() }
    }

    pub fn abort(&self) {
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }
}

/// Fetches `url` as bytes: every request of the app goes through here. A
/// request of a page load is aborted when the next page load begins.
pub async fn fetch_bytes(url: &str, page: Option<&PageRequests>) -> Result<Vec<u8>, FetchError> {
    let signal = page.and_then(|p| p.controller.as_ref()).map(AbortController::signal);
    let result = async {
        let response = Request::get(url).abort_signal(signal.as_ref()).send().await.map_err(|_| FetchError::Network)?;
        if !response.ok() {
            return Err(FetchError::Status(response.status()));
        }
        response.binary().await.map_err(|_| FetchError::Network)
    }
    .await;
    // Whatever the aborted request ended with (gloo-net's error, or even a
    // response), the reader has left: nothing to show.
    if signal.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(FetchError::Aborted);
    }
    result
}

/// The browser says it has no network (`navigator.onLine`).
pub fn offline() -> bool {
    window().is_some_and(|w| !w.navigator().on_line())
}

pub fn storage_get(key: &str) -> Option<String> {
    window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Best effort: storage may be full or disabled (private browsing).
pub fn storage_set(key: &str, value: &str) {
    if let Some(storage) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

pub fn navigator_languages() -> Vec<String> {
    let Some(navigator) = window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = navigator.languages().iter().filter_map(|v| v.as_string()).collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

pub fn set_document_lang(lang: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang);
        let _ = root.set_attribute("dir", folio_core::i18n::dir(lang));
    }
}

pub fn set_title(title: &str) {
    if let Some(doc) = document() {
        doc.set_title(title);
    }
}

/// Sets the theme on `<html data-theme>` (see `public/theme.js`).
pub fn set_theme(theme: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme);
    }
}

pub fn current_theme() -> String {
    if let Some(theme) = document().and_then(|d| d.document_element()).and_then(|r| r.get_attribute("data-theme")) {
        return theme;
    }
    let dark = window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark { "dark" } else { "light" }.into()
}

/// Remembers where the reader is on the current history entry, so Back
/// returns there.
pub fn save_scroll_position() {
    let Some(window) = window() else { return };
    let y = window.scroll_y().unwrap_or(0.0);
    let state = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&state, &"y".into(), &y.into());
    if let Ok(history) = window.history() {
        let _ = history.replace_state(&state, "");
    }
}

pub fn push_url(url: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

pub fn replace_url(url: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// The scroll position saved on the history entry being returned to.
pub fn history_scroll(state: &JsValue) -> Option<f64> {
    js_sys::Reflect::get(state, &"y".into()).ok()?.as_f64()
}

pub fn set_manual_scroll_restoration() {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
}

pub fn scroll_to_y(y: f64) {
    if let Some(window) = window() {
        window.scroll_to_with_x_and_y(0.0, y);
    }
}

/// Scrolls the element with `id` into view; false if there is none.
pub fn scroll_to_id(id: &str) -> bool {
    match document().and_then(|d| d.get_element_by_id(id)) {
        Some(element) => {
            element.scroll_into_view();
            true
        }
        None => false,
    }
}

/// Moves keyboard focus to `selector` (made focusable) without scrolling, so a
/// screen reader announces the new page.
pub fn focus(selector: &str) {
    let Some(element) = document().and_then(|d| d.query_selector(selector).ok().flatten()) else {
        return;
    };
    let Ok(element) = element.dyn_into::<HtmlElement>() else {
        return;
    };
    if !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
}

/// The headings of the rendered post that the TOC lists, in page order.
pub fn toc_headings() -> Vec<Element> {
    let Some(list) =
        document().and_then(|d| d.query_selector_all(".post-body h2[id], .post-body h3[id], .post-body h4[id]").ok())
    else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

/// The heading the reader is in: the last one whose top is above `offset`
/// pixels from the top of the viewport or, once the page is scrolled to its
/// end, the last one in view (short final sections never reach the top).
/// Headings are in page order, so their tops ascend.
pub fn active_heading(headings: &[Element], offset: f64) -> Option<usize> {
    let window = window()?;
    let viewport = window.inner_height().ok()?.as_f64()?;
    let scrolled = window.scroll_y().unwrap_or(0.0);
    let height = document()?.document_element()?.scroll_height() as f64;
    let at_end = scrolled > 0.0 && scrolled + viewport >= height - 2.0;
    let limit = if at_end { viewport - 1.0 } else { offset };
    let above = headings.partition_point(|h| h.get_bounding_client_rect().top() <= limit);
    above.checked_sub(1)
}

/// Calls `navigate` with the URL of a same-site link the reader follows, in
/// place of a page load. Links to files, other sites, new tabs, downloads,
/// modified clicks and in-page anchors are left to the browser, and so is
/// every link before the app runs: a full page load of a prerendered page is
/// always right.
pub fn intercept_links(base: String, navigate: impl Fn(String) + 'static) {
    let Some(doc) = document() else { return };
    let handler = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
        if is_modified_click(&event) {
            return;
        }
        let Some(anchor) = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        if !anchor.target().is_empty() || anchor.has_attribute("download") {
            return;
        }
        let Some(location) = window().map(|w| w.location()) else {
            return;
        };
        if anchor.origin() != location.origin().unwrap_or_default() {
            return;
        }
        let path = anchor.pathname();
        let same_page =
            path == location.pathname().unwrap_or_default() && anchor.search() == location.search().unwrap_or_default();
        if !path.starts_with(&base) || is_file(&path) || (same_page && !anchor.hash().is_empty()) {
            return;
        }
        event.prevent_default();
        navigate(format!("{}{}{}", path, anchor.search(), anchor.hash()));
    });
    let _ = doc.add_event_listener_with_callback("click", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// A path whose last segment has an extension (`cat.png`, `atom.xml`).
fn is_file(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|last| last.contains('.') && last != "index.html")
}

/// The URL path of the prerendered page still showing, as its own
/// `data-path` gives it (the path it was served under may differ).
pub fn prerendered_path() -> Option<String> {
    document()?.get_element_by_id(STATIC_ROOT)?.get_attribute("data-path")
}

/// Whether the prerendered page shows a table of contents.
pub fn prerendered_has_toc() -> bool {
    document().and_then(|d| d.query_selector(&format!("#{STATIC_ROOT} #{TOC_LIST}")).ok().flatten()).is_some()
}

/// Where the app mounts. On a prerendered page it renders into a hidden
/// container beside `#folio-static` until its first page is ready.
pub fn mount_point() -> Option<HtmlElement> {
    let doc = document()?;
    let body = doc.body()?;
    if doc.get_element_by_id(STATIC_ROOT).is_none() {
        return Some(body);
    }
    let container: HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
    container.set_id(APP_ROOT);
    container.set_hidden(true);
    body.append_child(&container).ok()?;
    Some(container)
}

/// Replaces the prerendered page with the app's, in one task so the browser
/// never paints between them, keeping the reader's scroll position.
pub fn reveal_app() {
    if PIECES_PENDING.with(|p| p.get()) {
        return; // the last piece reveals it, so the page never shrinks on the way
    }
    let Some(doc) = document() else { return };
    let Some(prerendered) = doc.get_element_by_id(STATIC_ROOT) else { return };
    let Some(app) = doc.get_element_by_id(APP_ROOT).and_then(|e| e.dyn_into::<HtmlElement>().ok()) else { return };
    let y = window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0);
    // What the reader did on the prerendered page carries over: the same
    // markup means the same element paths.
    let focused = doc.active_element().and_then(|e| element_path(&prerendered, &e));
    let toc_open = prerendered.query_selector(".toc.open").ok().flatten().is_some();
    adopt_article(&prerendered, &app);
    prerendered.remove();
    app.set_hidden(false);
    if toc_open {
        if let Ok(Some(toc)) = app.query_selector(".toc") {
            let _ = toc.class_list().add_1("open");
            if let Ok(Some(button)) = toc.query_selector(".toc-toggle") {
                let _ = button.set_attribute("aria-expanded", "true");
            }
        }
    }
    if let Some(element) = focused.and_then(|path| element_at(&app, &path)) {
        if let Ok(element) = element.dyn_into::<HtmlElement>() {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = element.focus_with_options(&options);
        }
    }
    scroll_to_y(y);
}

/// The child-element indexes from `root` down to `element`, if inside it.
fn element_path(root: &Element, element: &Element) -> Option<Vec<u32>> {
    let mut path = Vec::new();
    let mut current = element.clone();
    while &current != root {
        let parent = current.parent_element()?;
        let children = parent.children();
        let index = (0..children.length()).find(|&i| children.item(i).as_ref() == Some(&current))?;
        path.push(index);
        current = parent;
    }
    path.reverse();
    Some(path)
}

fn element_at(root: &Element, path: &[u32]) -> Option<Element> {
    path.iter().try_fold(root.clone(), |node, &i| node.children().item(i))
}

/// Moves the prerendered article's body and TOC entries into the app's
/// post, which was rendered around them empty (`data-adopt`): the nodes the
/// reader is looking at stay, nothing is parsed or laid out twice.
fn adopt_article(prerendered: &Element, app: &Element) {
    let Ok(Some(target)) = app.query_selector(".post-body[data-adopt]") else { return };
    let _ = target.remove_attribute("data-adopt");
    for selector in [".post-body", "#toc-list"] {
        let from = prerendered.query_selector(selector).ok().flatten();
        let to = app.query_selector(selector).ok().flatten();
        if let (Some(from), Some(to)) = (from, to) {
            let fragment = document().map(|d| d.create_document_fragment());
            if let Some(fragment) = fragment {
                while let Some(child) = from.first_child() {
                    let _ = fragment.append_child(&child);
                }
                let _ = to.append_child(&fragment);
            }
        }
    }
}

/// Tells `on_language` the language of a language-switch link the reader
/// follows in this tab (a plain click), by delegation on the document, so
/// the prerendered page's switch counts as soon as the app runs. The theme
/// toggle and the TOC button are `public/controls.js`'s: one handler for the
/// prerendered page and the app.
pub fn on_language_link(on_language: impl Fn(&str) + 'static) {
    let Some(doc) = document() else { return };
    let handler = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
        if is_modified_click(&event) {
            return;
        }
        let link = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest(".lang-switch a[hreflang]").ok().flatten());
        if let Some(code) = link.and_then(|l| l.get_attribute("hreflang")) {
            on_language(&code);
        }
    });
    let _ = doc.add_event_listener_with_callback("click", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// A click that the browser handles itself (new tab, download, …), or one
/// already handled.
fn is_modified_click(event: &web_sys::MouseEvent) -> bool {
    event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
}

/// Puts the theme toggles' `aria-pressed` in step with the theme (the views
/// render it unpressed: the theme is the reader's, known only here).
pub fn sync_theme_toggle() {
    let Some(list) = document().and_then(|d| d.query_selector_all(".theme-toggle").ok()) else { return };
    let pressed = if current_theme() == "dark" { "true" } else { "false" };
    for i in 0..list.length() {
        if let Some(button) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let _ = button.set_attribute("aria-pressed", pressed);
        }
    }
}

/// Whether the page came prerendered (and is still showing it).
pub fn is_prerendered() -> bool {
    document().and_then(|d| d.get_element_by_id(STATIC_ROOT)).is_some()
}

/// Marks the TOC entry of the section being read (class and `aria-current`).
pub fn mark_toc_active(id: Option<&str>) {
    let Some(doc) = document() else { return };
    if let Ok(list) = doc.query_selector_all(".toc a.active") {
        for i in 0..list.length() {
            if let Some(link) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = link.class_list().remove_1("active");
                let _ = link.remove_attribute("aria-current");
            }
        }
    }
    // Heading ids are slugs ([a-z0-9-]), safe inside the selector.
    let Some(id) = id.filter(|id| id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')) else { return };
    if let Ok(Some(link)) = doc.query_selector(&format!(".toc a[href=\"#{id}\"]")) {
        let _ = link.class_list().add_1("active");
        let _ = link.set_attribute("aria-current", "true");
    }
}

/// Pieces added per task at most, and the time after which a task yields.
const PIECES_PER_TASK: usize = 6;
const TASK_BUDGET_MS: f64 = 24.0;

thread_local! {
    /// Bumped for every post shown, so pieces of a post the reader left stop.
    static APPEND_GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// Whether pieces of the post are still being added.
    static PIECES_PENDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Where to scroll once the last piece of a long post is in: before, the
/// page is too short for a saved position or a heading further down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScrollWhenComplete {
    Nothing,
    /// The URL's fragment.
    Hash,
    Y(f64),
    /// The heading with this index among the TOC's headings.
    Heading(usize),
}

/// Stops adding pieces of a post the reader has left.
pub fn stop_pieces() {
    append_html_pieces(Vec::new(), ScrollWhenComplete::Nothing);
}

/// Adds the rest of a long post, one `(selector, html)` piece per task, to the
/// last element matching the selector. Once all are in, scrolls to the URL's
/// fragment if that is where the reader is going.
pub fn append_html_pieces(pieces: Vec<(&'static str, String)>, scroll: ScrollWhenComplete) {
    let generation = APPEND_GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    PIECES_PENDING.with(|p| p.set(!pieces.is_empty()));
    if pieces.is_empty() {
        return;
    }
    type Pieces = std::collections::VecDeque<(&'static str, String)>;
    fn step(mut pieces: Pieces, generation: u64, scroll: ScrollWhenComplete) {
        if APPEND_GENERATION.with(|g| g.get()) != generation {
            return;
        }
        // A few pieces per task, within a time budget: each insert is cheap,
        // but every task also costs a frame, and a chain of hundreds of
        // tiny tasks finishes far later than the reader scrolls.
        let clock = window().and_then(|w| w.performance());
        let started = clock.as_ref().map_or(0.0, |p| p.now());
        for _ in 0..PIECES_PER_TASK {
            let Some((selector, piece)) = pieces.pop_front() else { break };
            let target = document()
                .and_then(|d| d.query_selector_all(selector).ok())
                .and_then(|l| l.item(l.length().checked_sub(1)?));
            let Some(target) = target.and_then(|n| n.dyn_into::<Element>().ok()) else { return };
            let _ = target.insert_adjacent_html("beforeend", &piece);
            if clock.as_ref().map_or(0.0, |p| p.now()) - started > TASK_BUDGET_MS {
                break;
            }
        }
        if pieces.is_empty() {
            PIECES_PENDING.with(|p| p.set(false));
            reveal_app();
            match scroll {
                ScrollWhenComplete::Nothing => {}
                ScrollWhenComplete::Hash => {
                    let hash = current_hash();
                    if !hash.is_empty() {
                        scroll_to_id(&hash);
                    }
                }
                ScrollWhenComplete::Y(y) => scroll_to_y(y),
                ScrollWhenComplete::Heading(index) => {
                    if let Some(heading) = toc_headings().get(index) {
                        heading.scroll_into_view();
                    }
                }
            }
            return;
        }
        let next = Closure::once_into_js(move || step(pieces, generation, scroll));
        if let Some(window) = window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
        }
    }
    let queue: Pieces = pieces.into();
    let start = Closure::once_into_js(move || step(queue, generation, scroll));
    if let Some(window) = window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(start.unchecked_ref(), 0);
    }
}

/// The search data's id from folio's meta tag (`data-search`), if the
/// indexer wrote one.
pub fn search_id() -> Option<String> {
    folio_meta("data-search").filter(|id| !id.is_empty())
}

/// Calls `open` when the reader asks for search: a click on a header
/// button, `/` outside a text field, or Ctrl+K / ⌘K. Also once at once if
/// the reader asked before the app ran (`controls.js` marks `<html>`).
pub fn on_search_request(open: impl Fn() + 'static) {
    let Some(doc) = document() else { return };
    let open: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(open);
    let (on_click, on_key) = (open.clone(), open.clone());
    let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        if target.and_then(|t| t.closest(".search-toggle").ok().flatten()).is_some() {
            event.prevent_default();
            on_click();
        }
    });
    let _ = doc.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    click.forget();
    let key = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
        if event.default_prevented() || event.is_composing() {
            return;
        }
        let shortcut =
            (event.ctrl_key() || event.meta_key()) && !event.alt_key() && event.key().eq_ignore_ascii_case("k");
        let slash = event.key() == "/" && !event.ctrl_key() && !event.meta_key() && !event.alt_key();
        if shortcut || (slash && !typing_in_field(&event)) {
            event.prevent_default();
            on_key();
        }
    });
    let _ = doc.add_event_listener_with_callback("keydown", key.as_ref().unchecked_ref());
    key.forget();
    let root = doc.document_element();
    // From now on `controls.js` leaves search to the app.
    if let Some(root) = &root {
        let _ = root.set_attribute("data-folio-search", "ready");
    }
    if let Some(root) = root.filter(|r| r.class_list().contains(SEARCH_WANTED)) {
        let _ = root.class_list().remove_1(SEARCH_WANTED);
        open();
    }
}

/// Calls `intent` when the reader is about to ask for search: a pointer
/// over the header's search button, or focus on it.
pub fn on_search_intent(intent: impl Fn() + 'static) {
    let Some(doc) = document() else { return };
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        if target.and_then(|t| t.closest(".search-toggle").ok().flatten()).is_some() {
            intent();
        }
    });
    for kind in ["pointerover", "focusin"] {
        let _ = doc.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
    }
    listener.forget();
}

/// `<html>`'s class while the reader asked for search before the app ran.
const SEARCH_WANTED: &str = "folio-search-wanted";

/// Whether a key event comes from a field that takes text.
fn typing_in_field(event: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else { return false };
    target.is_content_editable() || matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
}

thread_local! {
    /// What had focus when the modal dialog opened.
    static FOCUS_BEFORE_DIALOG: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
    static DIALOG_REPLACED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The open modal dialog is being replaced by another (search's pending
/// dialog by the search box): the next `show_modal` keeps the first one's
/// claim on where focus goes back.
pub fn dialog_replaced() {
    DIALOG_REPLACED.with(|r| r.set(true));
}

/// Opens `dialog` as a modal dialog (focus stays inside; Escape closes it).
pub fn show_modal(dialog: &web_sys::HtmlDialogElement) {
    if !dialog.open() {
        // A dialog this one replaced (`dialog_replaced`) took focus with it:
        // what had focus before that one keeps its claim.
        if !DIALOG_REPLACED.with(|r| r.replace(false)) {
            let before = document().and_then(|d| d.active_element()).and_then(|e| e.dyn_into::<HtmlElement>().ok());
            FOCUS_BEFORE_DIALOG.with(|f| *f.borrow_mut() = before);
        }
        let _ = dialog.show_modal();
    }
}

/// After the dialog closed: focus goes back to what had it before, or to
/// `fallback` if that is gone (the page changed under the dialog), unless
/// something else took it.
pub fn restore_focus(fallback: &str) {
    let Some(doc) = document() else { return };
    let before = FOCUS_BEFORE_DIALOG.with(|f| f.borrow_mut().take());
    // Lost: on nothing, or still inside the closed dialog (a browser gives
    // focus back to what had it before only while that is in the page).
    let lost = doc.active_element().is_none_or(|e| {
        doc.body().is_some_and(|b| e == *b.as_ref()) || e.closest("dialog:not([open])").ok().flatten().is_some()
    });
    if !lost {
        return;
    }
    let target = before
        .filter(|e| e.is_connected())
        .or_else(|| doc.query_selector(fallback).ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok()));
    if let Some(target) = target {
        // Where the reader is stays (a result may have just scrolled the page).
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = target.focus_with_options(&options);
    }
}

/// Moves focus among the links of `list` (`step` ±1), or to `input` before
/// the first. Returns whether focus moved.
pub fn step_focus(list: &Element, input: &HtmlElement, step: i32) -> bool {
    let Ok(links) = list.query_selector_all("a[href]") else { return false };
    let links: Vec<HtmlElement> =
        (0..links.length()).filter_map(|i| links.item(i)?.dyn_into::<HtmlElement>().ok()).collect();
    let active = document().and_then(|d| d.active_element());
    let current = links.iter().position(|l| active.as_ref().is_some_and(|a| a == l.as_ref() as &Element));
    let next = match (current, step) {
        (None, s) if s > 0 => links.first(),
        (Some(0), s) if s < 0 => {
            let _ = input.focus();
            return true;
        }
        (Some(i), s) => links.get((i as i32 + s).max(0) as usize),
        (None, _) => None,
    };
    match next {
        Some(link) => {
            let _ = link.focus();
            true
        }
        None => false,
    }
}

/// A plain click on a link.
pub fn is_link_click(event: &web_sys::MouseEvent) -> bool {
    !is_modified_click(event)
        && event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| t.closest("a[href]").ok().flatten().is_some())
}

/// Replaces the contents of the `index`-th element matching `selector`
/// under `root` with `html` (escaped by the caller).
pub fn set_inner_html_of(root: &Element, selector: &str, index: usize, html: &str) {
    let Ok(found) = root.query_selector_all(selector) else { return };
    if let Some(element) = found.item(index as u32).and_then(|n| n.dyn_into::<Element>().ok()) {
        element.set_inner_html(html);
    }
}
