//! Search in the browser: the dialog, and the search data the indexer wrote
//! (`search/<id>/<lang>/`), fetched a shard at a time as queries need it and
//! kept for the visit. Matching and ranking are the core's
//! (`folio_core::search`), the same code the indexer built the data with.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::FutureExt;
use leptos::html;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use super::browser::{self, FetchError};
use super::Nav;
use folio_core::date::Date;
use folio_core::i18n::{result_count, t, ui_lang, Text};
use folio_core::ids;
use folio_core::post::FileBodies;
use folio_core::route::{self, Route};
use folio_core::sanitize::escape_attr;
use folio_core::search::{
    self, DocShard, HeadingShard, QueryWord, SearchMeta, TermShard, DOCS_PER_SHARD, FIELD_BODY, FIELD_HEADINGS,
    FIELD_TITLE,
};
use folio_views::Site;

/// Results shown for a query: the best ten, as a page of results would.
const MAX_RESULTS: usize = 10;
/// Words of a summary around the first match.
const EXCERPT_WORDS: usize = 24;

/// One result as shown: every text but the URL is escaped HTML, with the
/// query's words in `<mark>`.
#[derive(Debug, Clone, PartialEq)]
struct Found {
    url: String,
    title: String,
    date: Option<String>,
    heading: Option<String>,
    excerpt: String,
    /// A match in the body only, outside the summary: the excerpt comes from
    /// the post's text, once fetched (`with_excerpts`).
    from_text: Option<search::DocRow>,
}

#[derive(Debug, Clone, PartialEq)]
enum Results {
    /// Nothing typed yet.
    Idle,
    Searching,
    /// The results of `query`.
    Done {
        query: String,
        found: Vec<Found>,
        total: usize,
    },
    Failed,
}

/// The search data fetched so far, by URL, parsed.
#[derive(Default)]
struct Fetched {
    metas: HashMap<String, Rc<SearchMeta>>,
    terms: HashMap<String, Rc<TermShard>>,
    docs: HashMap<String, Rc<DocShard>>,
    headings: HashMap<String, Rc<HeadingShard>>,
    /// A post's text in a language, by its file's URL and the language.
    texts: HashMap<(String, String), Rc<String>>,
}

thread_local! {
    static FETCHED: RefCell<Fetched> = RefCell::default();
    /// Search's requests in flight, by URL.
    static IN_FLIGHT: RefCell<HashMap<String, InFlight>> = RefCell::default();
}

type Fetch = Result<Rc<Vec<u8>>, FetchError>;

/// A request in flight: a query that needs it while it is shares it, and a
/// query that does not aborts it (`cancel_unneeded`).
struct InFlight {
    answer: Rc<RefCell<Answer>>,
    requests: Rc<browser::PageRequests>,
}

/// A shared request's result once it has come, and the queries waiting for
/// it. (Not `futures`' `Shared`: a few lines here are kilobytes less wasm.)
#[derive(Default)]
struct Answer {
    result: Option<Fetch>,
    waiting: Vec<Waker>,
}

/// Waits for a shared request's answer.
struct Awaited(Rc<RefCell<Answer>>);

impl Future for Awaited {
    type Output = Fetch;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Fetch> {
        let mut answer = self.0.borrow_mut();
        match &answer.result {
            Some(result) => Poll::Ready(result.clone()),
            None => {
                answer.waiting.push(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// `url`'s bytes, from the request in flight for it if there is one.
async fn shared_fetch(url: &str) -> Fetch {
    let answer = IN_FLIGHT.with(|f| {
        let mut in_flight = f.borrow_mut();
        if let Some(request) = in_flight.get(url) {
            return request.answer.clone();
        }
        let answer = Rc::new(RefCell::new(Answer::default()));
        let requests = Rc::new(browser::PageRequests::apart());
        in_flight.insert(url.to_string(), InFlight { answer: answer.clone(), requests: requests.clone() });
        let (url, shared) = (url.to_string(), answer.clone());
        leptos::task::spawn_local(async move {
            let result = browser::fetch_bytes(&url, Some(&requests)).await.map(Rc::new);
            // Done: what it brought is kept parsed (or asked for anew after
            // a failure), so it leaves the requests in flight.
            IN_FLIGHT.with(|f| {
                let mut in_flight = f.borrow_mut();
                if in_flight.get(&url).is_some_and(|request| Rc::ptr_eq(&request.answer, &shared)) {
                    in_flight.remove(&url);
                }
            });
            let waiting = {
                let mut answer = shared.borrow_mut();
                answer.result = Some(result);
                std::mem::take(&mut answer.waiting)
            };
            waiting.into_iter().for_each(Waker::wake);
        });
        answer
    });
    Awaited(answer).await
}

/// Which of search's requests a stage of the newest query decides on.
#[derive(Clone, Copy, PartialEq)]
enum Stage {
    /// As it starts: term shards.
    Terms,
    /// Once its best results are known: rows, headings and older results'
    /// excerpts (posts' files). An older query's are left to finish until
    /// then, as the next query typed mostly wants the same results.
    Rows,
}

/// A term shard is `…/t/<key>.json`; rows, headings and posts' files are
/// in folders of their own.
fn stage_of(url: &str) -> Stage {
    match url.rsplit('/').nth(1) {
        Some("t") => Stage::Terms,
        _ => Stage::Rows,
    }
}

/// Aborts the requests in flight of `stage` that the newest query does not
/// need: all of that stage but `needed`.
fn cancel_unneeded(stage: Stage, needed: &[String]) {
    IN_FLIGHT.with(|f| {
        f.borrow_mut().retain(|url, request| {
            let keep = stage_of(url) != stage || needed.contains(url) || url.ends_with("/meta.json");
            if !keep {
                request.requests.abort();
            }
            keep
        })
    });
}

/// The data's list of shards, in `folder` (`{base}search/<id>/<lang>/`).
fn meta_url(folder: &str) -> String {
    format!("{folder}meta.json")
}

/// The term shard of `key`.
fn term_url(folder: &str, key: &str) -> String {
    format!("{folder}t/{}.json", search::shard_file(key))
}

/// What a query of `words` needs before anything else: the data's list of
/// shards and its words' term shards (those that exist, once the list is known).
fn first_needs(folder: &str, words: &[QueryWord]) -> Vec<String> {
    let meta = FETCHED.with(|f| f.borrow().metas.get(&meta_url(folder)).cloned());
    let keys = search::needed_shards(words);
    let shards =
        keys.iter().filter(|key| meta.as_ref().is_none_or(|meta| meta.has(key))).map(|key| term_url(folder, key));
    std::iter::once(meta_url(folder)).chain(shards).collect()
}

/// Each key with its fetched shard, or the first failure.
fn keyed<K: std::hash::Hash + Eq, T>(
    keys: Vec<K>,
    fetched: Vec<Result<Rc<T>, FetchError>>,
) -> Result<HashMap<K, Rc<T>>, FetchError> {
    keys.into_iter().zip(fetched).map(|(key, shard)| Ok((key, shard?))).collect()
}

/// Fetches and parses `url` once per visit (`slot` picks its map).
async fn fetch_json<T: DeserializeOwned>(
    url: String,
    slot: fn(&mut Fetched) -> &mut HashMap<String, Rc<T>>,
) -> Result<Rc<T>, FetchError> {
    if let Some(kept) = FETCHED.with(|f| slot(&mut f.borrow_mut()).get(&url).cloned()) {
        return Ok(kept);
    }
    let bytes = shared_fetch(&url).await?;
    // Another query that shared the request may have parsed it already.
    if let Some(kept) = FETCHED.with(|f| slot(&mut f.borrow_mut()).get(&url).cloned()) {
        return Ok(kept);
    }
    // Data the indexer wrote that does not parse is a broken deploy: shown as a failure.
    let parsed: Rc<T> = Rc::new(serde_json::from_slice(&bytes).map_err(|_| FetchError::Status(0))?);
    FETCHED.with(|f| slot(&mut f.borrow_mut()).insert(url, parsed.clone()));
    Ok(parsed)
}

/// Runs the query of `words` on the data in `folder`; `is_newest` says
/// whether it is still the query typed last.
async fn run_query(
    site: &Site,
    folder: &str,
    lang: &str,
    words: &[QueryWord],
    is_newest: &dyn Fn() -> bool,
) -> Result<(Vec<Found>, usize), FetchError> {
    let meta = fetch_json(meta_url(folder), |f| &mut f.metas).await?;
    let keys = search::needed_shards(words);
    // A word whose shard does not exist matches nothing, and every word must match.
    if words.is_empty() || !keys.iter().all(|k| meta.has(k)) {
        return Ok((Vec::new(), 0));
    }
    let shards =
        futures::future::join_all(keys.iter().map(|k| fetch_json(term_url(folder, k), |f| &mut f.terms))).await;
    let by_key = keyed(keys, shards)?;
    let (top, total) = search::best(words, &by_key, MAX_RESULTS);
    // The rows of the best results, and the headings of those matched in
    // one, at once.
    let shards_of = |hits: &mut dyn Iterator<Item = &search::Hit>| {
        let mut numbers: Vec<usize> = hits.map(|h| h.doc as usize / DOCS_PER_SHARD).collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    };
    let doc_numbers = shards_of(&mut top.iter());
    let heading_numbers = shards_of(&mut top.iter().filter(|h| h.field >= FIELD_HEADINGS));
    let doc_urls: Vec<String> = doc_numbers.iter().map(|n| format!("{folder}d/{n}.json")).collect();
    let heading_urls: Vec<String> = heading_numbers.iter().map(|n| format!("{folder}h/{n}.json")).collect();
    if is_newest() {
        cancel_unneeded(Stage::Rows, &[doc_urls.clone(), heading_urls.clone()].concat());
    }
    let (docs, headings) = futures::join!(
        futures::future::join_all(doc_urls.into_iter().map(|url| fetch_json(url, |f| &mut f.docs))),
        futures::future::join_all(heading_urls.into_iter().map(|url| fetch_json(url, |f| &mut f.headings))),
    );
    let (doc_shards, heading_shards) = (keyed(doc_numbers, docs)?, keyed(heading_numbers, headings)?);
    let found = top
        .iter()
        .filter_map(|hit| {
            let (shard, doc) = (hit.doc as usize / DOCS_PER_SHARD, hit.doc as usize);
            let row = doc_shards.get(&shard)?.0.get(doc % DOCS_PER_SHARD)?;
            let heading = heading_shards.get(&shard).and_then(|h| h.heading(doc, hit.field));
            Some(found(site, lang, row, heading, hit.field, words))
        })
        .collect();
    Ok((found, total))
}

/// A result for the document `row`, whose best match is in `field`: the
/// heading `heading` if it is one.
fn found(
    site: &Site,
    lang: &str,
    row: &search::DocRow,
    heading: Option<&(String, String)>,
    field: u32,
    words: &[QueryWord],
) -> Found {
    let mut url = site.href(lang, &row.page());
    if let Some((id, _)) = heading {
        url = format!("{url}#{id}");
    }
    let whole = |text: &str| search::excerpt(text, words, usize::MAX / 2);
    let excerpt = search::excerpt(&row.summary, words, EXCERPT_WORDS);
    let from_text = (field == FIELD_BODY && !excerpt.contains("<mark>")).then(|| row.clone());
    Found {
        url,
        title: whole(&row.title),
        // A writer's page has no date: it is marked as a page.
        date: match row.standalone {
            true => Some(t(ui_lang(lang), Text::PageKind).to_string()),
            false => Date::parse(&row.date).map(|d| d.format(lang)),
        },
        heading: heading.filter(|_| field != FIELD_TITLE).map(|(_, text)| whole(text)),
        excerpt,
        from_text,
    }
}

/// The post's text in `lang`, from its rendered versions (`p/<hash>.json`,
/// which reading the post fetches too), kept for the visit.
async fn post_text(site: &Site, row: &search::DocRow, lang: &str) -> Result<Rc<String>, FetchError> {
    let url = format!("{}{}", site.base, route::body_file(&row.file));
    let key = (url.clone(), lang.to_string());
    if let Some(kept) = FETCHED.with(|f| f.borrow().texts.get(&key).cloned()) {
        return Ok(kept);
    }
    let bytes = shared_fetch(&url).await?;
    let bodies = serde_json::from_slice::<FileBodies>(&bytes).ok();
    let text = Rc::new(bodies.and_then(|b| search::body_text(&b, lang)).ok_or(FetchError::Status(0))?);
    FETCHED.with(|f| f.borrow_mut().texts.insert(key, text.clone()));
    Ok(text)
}

/// Replaces the summary of each result matched in its body only with an
/// excerpt around the match, as each post's text arrives. A text that fails
/// to load leaves the summary.
fn with_excerpts(
    site: &Site,
    lang: &str,
    words: Vec<QueryWord>,
    found: &[Found],
    results: RwSignal<Results>,
    list: NodeRef<html::Ol>,
    is_current: impl Fn() -> bool + 'static,
) {
    let wanted: Vec<(usize, search::DocRow)> =
        found.iter().enumerate().filter_map(|(i, f)| Some((i, f.from_text.clone()?))).collect();
    if wanted.is_empty() {
        return;
    }
    let (site, lang) = (site.clone(), lang.to_string());
    leptos::task::spawn_local(async move {
        let texts = futures::future::join_all(wanted.iter().map(|(_, row)| post_text(&site, row, &lang))).await;
        if !is_current() {
            return;
        }
        // In place, span by span: rewriting the list would take the focus
        // (and a screen reader's place) from a result the reader is on.
        let list = list.get_untracked();
        results.update_untracked(|results| {
            let Results::Done { found, .. } = results else { return };
            for ((i, _), text) in wanted.iter().zip(texts) {
                if let (Some(result), Ok(text)) = (found.get_mut(*i), text) {
                    result.excerpt = search::excerpt(&text, &words, EXCERPT_WORDS);
                    result.from_text = None;
                    if let Some(list) = &list {
                        browser::set_inner_html_of(list, ".search-result-excerpt", *i, &result.excerpt);
                    }
                }
            }
        });
    });
}

/// Where search's code is. The search box and all it runs are a wasm chunk
/// of their own (`search_box`), fetched the first time search opens: most
/// readers never open it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Code {
    NotAsked,
    Loading,
    Ready,
    Failed,
}

/// The search box, from search's chunk: the site pipeline splits the app's
/// wasm here (`app_split` in `folio-site`). A chunk that cannot be fetched
/// is an error for the caller, not a panic.
#[leptos::wasm_split::wasm_split(
    search,
    wasm_split_path = ::leptos::wasm_split,
    preload(load_search_code),
    fallible
)]
fn search_box(
    lang: String,
    folder: String,
    open: RwSignal<bool>,
) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <SearchBox lang=lang folder=folder open=open/> }.into_any())
}

/// The search dialog, rendered only while open. The header's button, `/`
/// and Ctrl+K (⌘K) open it; Escape closes it and the browser gives focus
/// back; following a result closes it.
#[component]
pub fn SearchDialog(route: Memo<Route>) -> impl IntoView {
    let site = expect_context::<Site>();
    let nav = expect_context::<Nav>();
    let open = RwSignal::new(false);
    let code = RwSignal::new(Code::NotAsked);
    let failures = StoredValue::new(0u32);
    let load = move || {
        if matches!(code.get_untracked(), Code::NotAsked | Code::Failed) {
            code.set(Code::Loading);
            leptos::task::spawn_local(async move {
                let loaded = load_search_code().await.is_ok();
                if !loaded {
                    failures.update_value(|n| *n += 1);
                }
                code.try_set(if loaded { Code::Ready } else { Code::Failed });
            });
        }
    };
    // Retry, twice failed: the code this page names may be gone (a new
    // deploy removed it); the page loaded anew names the new one.
    let retry = move || match failures.get_value() >= 2 {
        true => browser::reload(),
        false => load(),
    };
    browser::on_search_request(move || {
        load();
        open.set(true);
    });
    // A pointer on the search button, or focus on it: the reader is about
    // to open search, so its code is fetched from now (once: after a
    // failure only Retry fetches it again).
    browser::on_search_intent(move || {
        if code.get_untracked() == Code::NotAsked {
            load();
        }
    });
    // A new page (a result followed, Back): the dialog has done its work.
    Effect::new(move |previous: Option<String>| {
        let path = nav.path.get();
        if previous.is_some_and(|p| p != path) {
            open.set(false);
        }
        path
    });
    let Some(id) = browser::search_id() else { return ().into_any() };
    // The language when it opened: following a result closes it anyway.
    let lang = move || route.get_untracked().lang;
    let ready = Memo::new(move |_| open.get() && code.get() == Code::Ready);
    let pending = Memo::new(move |_| open.get() && code.get() != Code::Ready);
    let search = move || {
        ready.get().then(|| {
            let folder = format!("{}{}", site.base, route::search_folder(&id, &lang()));
            // Loaded: the call runs at once, in this reactive scope.
            let shown = search_box(lang(), folder, open).now_or_never().and_then(Result::ok);
            if shown.is_none() {
                code.set(Code::Failed);
            }
            shown
        })
    };
    view! {
        {search}
        {move || pending.get().then(|| view! { <SearchPending lang=lang() open=open code=code retry=retry/> })}
    }
    .into_any()
}

/// The dialog while search's code is on its way (on a slow network the
/// reader sees it open at once), or when it could not be fetched: why, and
/// a retry. One dialog, whose status changes in place; the search box takes
/// its place once the code has come.
#[component]
fn SearchPending(
    lang: String,
    open: RwSignal<bool>,
    code: RwSignal<Code>,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ui = ui_lang(&lang);
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            browser::show_modal(&dialog);
        }
    });
    // Replaced by the search box (still open): what had focus before this
    // dialog is where focus goes back when search closes.
    on_cleanup(move || {
        if open.try_get_untracked() == Some(true) {
            browser::dialog_replaced();
        }
    });
    let close = move || {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    let failed = move || code.get() == Code::Failed;
    view! {
        <dialog class="search-dialog" aria-label=t(ui, Text::Search) node_ref=dialog
            on:close=move |_| {
                browser::restore_focus(".search-toggle");
                open.set(false);
            }
            on:click=move |event| {
                if event.target() == dialog.get_untracked().map(|d| d.into()) {
                    close();
                }
            }>
            <div class="search-box" aria-busy=move || (!failed()).to_string()>
                <div class="search-bar">
                    <p class="search-status" id=ids::SEARCH_STATUS role="status">
                        {move || t(ui, if failed() { Text::SearchFailed } else { Text::Loading })}
                    </p>
                    <button type="button" class="search-close" on:click=move |_| close()>{t(ui, Text::SearchClose)}</button>
                </div>
                {move || failed().then(|| view! {
                    <button type="button" class="retry" aria-describedby=ids::SEARCH_STATUS on:click=move |_| retry()>
                        {t(ui, Text::Retry)}
                    </button>
                })}
            </div>
        </dialog>
    }
}

#[component]
fn SearchBox(lang: String, folder: String, open: RwSignal<bool>) -> impl IntoView {
    let site = expect_context::<Site>();
    let nav = expect_context::<Nav>();
    let ui = ui_lang(&lang);
    let dialog = NodeRef::<html::Dialog>::new();
    let input = NodeRef::<html::Input>::new();
    let list = NodeRef::<html::Ol>::new();
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(Results::Idle);
    // Bumped by Retry: the same query, run again.
    let attempt = RwSignal::new(0u32);
    // The query whose results are wanted; an answer to an older one is dropped.
    let latest = Rc::new(std::cell::Cell::new(0u64));

    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            browser::show_modal(&dialog);
            if let Some(input) = input.get() {
                let _ = input.focus();
            }
        }
    });
    // The data's list of shards, fetched as soon as search opens.
    let meta = meta_url(&folder);
    leptos::task::spawn_local(async move {
        let _ = fetch_json(meta, |f| &mut f.metas).await;
    });
    Effect::new(move |_| {
        let text = query.get();
        attempt.track();
        let ticket = latest.get() + 1;
        latest.set(ticket);
        let words = search::parse_query(&text);
        // What older queries still fetch and this one does not need: dropped.
        cancel_unneeded(Stage::Terms, &first_needs(&folder, &words));
        if words.is_empty() {
            results.set(Results::Idle);
            return;
        }
        let (site, folder, lang, latest) = (site.clone(), folder.clone(), lang.clone(), latest.clone());
        // Keep the last results while the next arrive, so typing does not flicker.
        if !matches!(results.get_untracked(), Results::Done { .. }) {
            results.set(Results::Searching);
        }
        leptos::task::spawn_local(async move {
            let newest = move || latest.get() == ticket;
            let answer = run_query(&site, &folder, &lang, &words, &newest).await;
            if !newest() {
                return;
            }
            match answer {
                Ok((found, total)) => {
                    with_excerpts(&site, &lang, words, &found, results, list, newest);
                    results.try_set(Results::Done { query: text, found, total });
                }
                Err(_) => {
                    results.try_set(Results::Failed);
                }
            }
        });
    });

    let close = move || {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    let on_input_key = move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
        // An input method composing a word (Telex, VNI) has Enter and Escape first.
        _ if event.is_composing() => {}
        // A search field's own Escape would only clear it: the dialog closes at once.
        "Escape" => {
            event.prevent_default();
            close();
        }
        "ArrowDown" => {
            if let (Some(list), Some(input)) = (list.get_untracked(), input.get_untracked()) {
                if browser::step_focus(&list, &input, 1) {
                    event.prevent_default();
                }
            }
        }
        "Enter" => {
            // Only an answer to what the field says now: not the last query's.
            let typed = input.get_untracked().map(|i| i.value()).unwrap_or_default();
            if let Results::Done { query, found, .. } = results.get_untracked() {
                if let Some(first) = found.first().filter(|_| query == typed) {
                    event.prevent_default();
                    nav.go(first.url.clone());
                    close();
                }
            }
        }
        _ => {}
    };
    let on_list_key = move |event: leptos::ev::KeyboardEvent| {
        let step = match event.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        if let (Some(list), Some(input)) = (list.get_untracked(), input.get_untracked()) {
            if browser::step_focus(&list, &input, step) {
                event.prevent_default();
            }
        }
    };
    let status = move || match results.get() {
        Results::Idle => t(ui, Text::SearchHint).to_string(),
        Results::Searching => t(ui, Text::Loading).to_string(),
        Results::Done { total: 0, .. } => t(ui, Text::NoResults).to_string(),
        Results::Done { total, .. } => result_count(ui, total),
        Results::Failed => t(ui, Text::SearchFailed).to_string(),
    };
    let items = move || match results.get() {
        Results::Done { found, .. } => results_html(&found),
        _ => String::new(),
    };
    let failed = move || matches!(results.get(), Results::Failed);
    // Which query the results shown answer (for tests and tools; typing
    // keeps the last results until the next arrive).
    let answered = move || match results.get() {
        Results::Done { query, .. } => Some(query),
        _ => None,
    };
    view! {
        <dialog class="search-dialog" aria-label=t(ui, Text::Search) node_ref=dialog
            on:close=move |_| {
                browser::restore_focus(".search-toggle");
                open.set(false);
            }
            // A click on the backdrop (outside the box) closes the dialog.
            on:click=move |event| {
                if event.target() == dialog.get_untracked().map(|d| d.into()) {
                    close();
                }
            }>
            <div class="search-box">
                <div class="search-bar" role="search">
                    <input type="search" class="search-input" node_ref=input
                        aria-label=t(ui, Text::Search) placeholder=t(ui, Text::SearchPlaceholder)
                        autocomplete="off" spellcheck="false" enterkeyhint="search"
                        aria-controls=ids::SEARCH_RESULTS aria-describedby=ids::SEARCH_STATUS
                        on:input=move |event| query.set(event_target_value(&event))
                        on:keydown=on_input_key/>
                    <button type="button" class="search-close" on:click=move |_| close()>{t(ui, Text::SearchClose)}</button>
                </div>
                <p class="search-status" id=ids::SEARCH_STATUS role="status">{status}</p>
                {move || failed().then(|| view! {
                    <button type="button" class="retry" on:click=move |_| attempt.update(|n| *n += 1)>{t(ui, Text::Retry)}</button>
                })}
                <ol class="search-results" id=ids::SEARCH_RESULTS node_ref=list on:keydown=on_list_key data-query=answered inner_html=items
                    // A result on this page (another heading) is left to the
                    // browser, which stays on the page: close the dialog.
                    on:click=move |event| {
                        if browser::is_link_click(&event) {
                            close();
                            // Some engines do not scroll to a fragment whose
                            // link was in a closing modal dialog.
                            let path = browser::current_path();
                            request_animation_frame(move || {
                                let hash = browser::current_hash();
                                if browser::current_path() == path && !hash.is_empty() {
                                    browser::scroll_to_id(&hash);
                                }
                            });
                        }
                    }>
                </ol>
            </div>
        </dialog>
    }
}

/// The results as HTML, written at once: one update of the list per
/// answer, and far less code than a component per result. Every text but
/// the URL is escaped HTML already (`search::excerpt`).
fn results_html(found: &[Found]) -> String {
    let mut html = String::new();
    for result in found {
        html.push_str("<li class=\"search-result\"><a href=\"");
        escape_attr(&result.url, &mut html);
        html.push_str("\"><span class=\"search-result-title\">");
        html.push_str(&result.title);
        html.push_str("</span>");
        if let Some(date) = &result.date {
            html.push_str("<span class=\"search-result-date\">");
            escape_attr(date, &mut html);
            html.push_str("</span>");
        }
        if let Some(heading) = &result.heading {
            html.push_str("<span class=\"search-result-heading\">");
            html.push_str(heading);
            html.push_str("</span>");
        }
        html.push_str("<span class=\"search-result-excerpt\">");
        html.push_str(&result.excerpt);
        html.push_str("</span></a></li>");
    }
    html
}
