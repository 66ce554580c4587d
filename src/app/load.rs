//! Loading each page's data and the posts, with a per-session cache so a
//! language switch within one file, or a return to a page, fetches nothing.
//! A post comes rendered by the build (`post::FileBodies`): the app never
//! parses Markdown.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::browser::{self, FetchError, PageRequests};
use super::Site;
use folio_core::i18n::{t, Text};
use folio_core::index::{PostEntry, Version};
use folio_core::listing::{data_href, Embedded, PageData, PostData};
use folio_core::post::{Article, FileBodies};
use folio_core::route::{self, Page, Route};
use folio_core::toc::TocEntry;

#[derive(Debug, Clone)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(LoadError),
}

#[derive(Debug, Clone)]
pub enum LoadError {
    NotFound,
    /// The request failed and the browser says it has no network.
    Offline,
    Fetch(FetchError),
    /// A post's file that does not read (a stale or hand-edited deploy):
    /// which post, which file, and what is wrong with it.
    Unreadable(String),
    /// A page's data that does not read (a broken or foreign file).
    BadData(String),
    /// A post's data written by an earlier folio (kept by a cache across a
    /// deploy): it names no rendered file. A full load of the page gets the
    /// current one.
    Stale(String),
}

impl LoadError {
    /// The headline, in the reader's language.
    pub fn message(&self, lang: &str) -> String {
        match self {
            LoadError::NotFound => t(lang, Text::NotFound).into(),
            LoadError::Offline => t(lang, Text::Offline).into(),
            LoadError::Fetch(_) | LoadError::BadData(_) | LoadError::Stale(_) => t(lang, Text::LoadFailed).into(),
            LoadError::Unreadable(_) => t(lang, Text::ParseFailed).into(),
        }
    }

    /// Why, in plain words, when the headline is not enough.
    pub fn explanation(&self, lang: &str) -> Option<&'static str> {
        matches!(self, LoadError::Offline).then(|| t(lang, Text::OfflineBody))
    }

    /// A failed request: offline if the browser says so (the reader can do
    /// something about that), else the request's own error.
    fn fetch(error: FetchError) -> LoadError {
        if error == FetchError::Network && browser::offline() {
            LoadError::Offline
        } else {
            LoadError::Fetch(error)
        }
    }

    /// What exactly went wrong, for the reader who reports it.
    pub fn detail(&self) -> Option<String> {
        match self {
            LoadError::Fetch(FetchError::Status(code)) => Some(format!("HTTP {code}")),
            LoadError::Unreadable(message) | LoadError::BadData(message) | LoadError::Stale(message) => {
                Some(message.clone())
            }
            _ => None,
        }
    }
}

/// The data block of the page the browser loaded. Its page data is kept as
/// the data of the page's own URL (`data-path`), so the first page needs no
/// request.
pub fn embedded() -> Result<Embedded, LoadError> {
    let text = browser::embedded_data().ok_or_else(|| LoadError::BadData("no #folio-data in the page".into()))?;
    // From bytes, as `data.json` is read: one deserializer in the wasm, not two.
    let mut embedded: Embedded =
        serde_json::from_slice(text.as_bytes()).map_err(|e| LoadError::BadData(format!("#folio-data: {e}")))?;
    // The page's language's interface text, and where the others are.
    if let Some(interface) = embedded.interface.take() {
        folio_core::i18n::register(interface);
    }
    INTERFACE_FILES.with(|files| *files.borrow_mut() = std::mem::take(&mut embedded.interface_files));
    if let Some(path) = browser::prerendered_path() {
        let route = route::parse(&path, &browser::base(), &embedded.site);
        let href = data_href(&browser::base(), &embedded.site, &route.lang, &route.page);
        PAGES.with(|p| p.borrow_mut().insert(href, Arc::new(embedded.page.clone())));
    }
    Ok(embedded)
}

/// The data of `route`'s page if it needs no request: the not-found page,
/// or a page already loaded.
pub fn cached_page(site: &Site, route: &Route) -> Option<Arc<PageData>> {
    // A language whose interface text has not come yet needs a request.
    if !folio_core::i18n::has_interface(&route.lang) && INTERFACE_FILES.with(|f| f.borrow().contains_key(&route.lang)) {
        return None;
    }
    if route.page == Page::NotFound {
        return Some(Arc::new(PageData::NotFound));
    }
    PAGES.with(|p| p.borrow().get(&data_href(&site.base, site.config(), &route.lang, &route.page)).cloned())
}

/// The data of `route`'s page, from the `data.json` beside it: only what
/// that page shows, whatever the size of the site.
pub async fn page_data(site: &Site, route: &Route) -> Result<Arc<PageData>, LoadError> {
    if let Some(known) = cached_page(site, route) {
        return Ok(known);
    }
    let requests = PageRequests::begin();
    interface(site, &route.lang, &requests).await?;
    if let Some(known) = cached_page(site, route) {
        return Ok(known);
    }
    let href = data_href(&site.base, site.config(), &route.lang, &route.page);
    let bytes = match browser::fetch_bytes(&href, Some(&requests)).await {
        Ok(bytes) => bytes,
        Err(FetchError::Status(404)) => return Err(LoadError::NotFound),
        Err(error) => return Err(LoadError::fetch(error)),
    };
    let data: PageData = match serde_json::from_slice(&bytes) {
        Ok(data) => data,
        // A host that answers every path with its home page (a single-page
        // app's fallback): no page of the writer's is there.
        Err(_) if matches!(route.page, Page::Standalone(_)) => return Err(LoadError::NotFound),
        Err(e) => return Err(LoadError::BadData(format!("{href}: {e}"))),
    };
    let data = Arc::new(data);
    PAGES.with(|p| p.borrow_mut().insert(href, data.clone()));
    Ok(data)
}

thread_local! {
    /// The site's interface files by language (`listing::Embedded`).
    static INTERFACE_FILES: std::cell::RefCell<std::collections::BTreeMap<String, String>> = Default::default();
}

/// Fetches and registers `lang`'s interface text, if the app lacks it.
async fn interface(site: &Site, lang: &str, requests: &PageRequests) -> Result<(), LoadError> {
    if folio_core::i18n::has_interface(lang) {
        return Ok(());
    }
    let Some(hash) = INTERFACE_FILES.with(|f| f.borrow().get(lang).cloned()) else { return Ok(()) };
    let href = format!("{}{}", site.base, route::interface_file(&hash));
    let bytes = browser::fetch_bytes(&href, Some(requests)).await.map_err(LoadError::fetch)?;
    let interface = serde_json::from_slice(&bytes).map_err(|e| LoadError::BadData(format!("{href}: {e}")))?;
    folio_core::i18n::register(interface);
    Ok(())
}

/// A post ready to show: its index entry, the version shown, and the article.
#[derive(Debug)]
pub struct LoadedPost {
    pub entry: PostEntry,
    pub version: Version,
    pub article: Article,
    /// Set when the article is the prerendered page's, adopted in place.
    pub adopted: Option<Adopted>,
}

#[derive(Debug, Clone, Copy)]
pub struct Adopted {
    pub has_toc: bool,
}

thread_local! {
    /// Page data by its URL (`listing::data_href`).
    static PAGES: RefCell<HashMap<String, Arc<PageData>>> = RefCell::new(HashMap::new());
    /// Post files' rendered versions by URL (`route::body_file`).
    static BODIES: RefCell<HashMap<String, Arc<FileBodies>>> = RefCell::new(HashMap::new());
}

/// The file of the version's rendered body: content-addressed, a new URL
/// whenever the post (or anything its rendering read) changes.
fn body_url(site: &Site, version: &Version) -> Result<String, LoadError> {
    let hash = version.body.as_ref().ok_or_else(|| {
        LoadError::Stale(format!("{}: the page's data names no rendered file; reload the page", version.file))
    })?;
    Ok(format!("{}{}", site.base, route::body_file(hash)))
}

/// The index entry and version of the post for a reader of `lang`.
fn locate(data: &PostData, lang: &str) -> Result<(PostEntry, Version), LoadError> {
    let version = data.entry.best_version(lang).ok_or(LoadError::NotFound)?;
    Ok((data.entry.clone(), version.clone()))
}

/// The post if its file is already here: no network, no waiting.
pub fn cached(site: &Site, data: &PostData, lang: &str) -> Option<Result<Arc<LoadedPost>, LoadError>> {
    let (entry, version) = match locate(data, lang) {
        Ok(found) => found,
        Err(error) => return Some(Err(error)),
    };
    let url = match body_url(site, &version) {
        Ok(url) => url,
        Err(error) => return Some(Err(error)),
    };
    let bodies = BODIES.with(|b| b.borrow().get(&url).cloned())?;
    Some(shown(&bodies, entry, version))
}

pub async fn post(site: &Site, data: &PostData, lang: &str) -> Result<Arc<LoadedPost>, LoadError> {
    if let Some(done) = cached(site, data, lang) {
        return done;
    }
    let (entry, version) = locate(data, lang)?;
    let url = body_url(site, &version)?;
    let page = browser::PageRequests::begin();
    let bytes = browser::fetch_bytes(&url, Some(&page)).await.map_err(LoadError::fetch)?;
    let bodies: FileBodies = serde_json::from_slice(&bytes)
        .map_err(|e| LoadError::Unreadable(format!("{} ({}): {e}", version.file, &url[site.base.len()..])))?;
    let bodies = Arc::new(bodies);
    BODIES.with(|b| b.borrow_mut().insert(url.clone(), bodies.clone()));
    shown(&bodies, entry, version)
}

/// The version's article from its file's rendered versions.
fn shown(bodies: &FileBodies, entry: PostEntry, version: Version) -> Result<Arc<LoadedPost>, LoadError> {
    // A version the build did not render has no page either.
    let body = bodies.get(&version.lang).ok_or(LoadError::NotFound)?;
    let article = shown_article(&version, body.html.clone(), body.toc.clone());
    Ok(Arc::new(LoadedPost { entry, version, article, adopted: None }))
}

/// What the app shows of a version's article: its titles, from the index,
/// and the HTML and TOC the build rendered (what only the build needs of an
/// article is left empty).
fn shown_article(version: &Version, html: String, toc: Vec<TocEntry>) -> Article {
    Article {
        lang: version.lang.clone(),
        title: version.title.clone(),
        subtitle: version.subtitle.clone(),
        html,
        headings: Vec::new(),
        toc,
        words: 0,
        letters: 0,
        first_paragraph: String::new(),
    }
}

/// The post of the prerendered page, adopted rather than fetched: the page
/// was rendered by the same views for this URL, so the app renders its
/// chrome around an empty body and, when it takes over, moves the page's
/// article and TOC nodes into it (`browser::reveal_app`). Only for the URL the
/// page was served for, and only while it is still showing: a reader who
/// navigated before the app was ready gets the page they asked for.
pub fn adoptable(site: &Site, data: &PostData, lang: &str) -> Option<Arc<LoadedPost>> {
    if browser::prerendered_path()? != site.href(lang, &data.entry.page()) {
        return None;
    }
    let (entry, version) = locate(data, lang).ok()?;
    if version.lang != lang {
        return None;
    }
    // The page's own nodes move in: the article starts empty.
    let article = shown_article(&version, String::new(), Vec::new());
    let adopted = Some(Adopted { has_toc: browser::prerendered_has_toc() });
    Some(Arc::new(LoadedPost { entry, version, article, adopted }))
}
