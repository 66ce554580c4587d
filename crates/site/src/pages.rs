//! The static pages: every post in each of its languages, and the list
//! pages (home and tags a page at a time, the archive, not found) in every
//! language, rendered by the same `views` the app mounts. Each page but the
//! not-found and offline ones has its data (`PageData`) beside it as
//! `data.json`, which its data block names for the loader (with its
//! language's shared start data) and the app fetches as it navigates; those
//! two carry their data in the block.

use leptos::prelude::*;

use super::head::{fill_shell, head_html, inline_json, post_head, Head};
use super::{OutputFile, RenderedVersion, SiteContext};
use folio_core::i18n::{t, ui_lang, Text};
use folio_core::ids::DATA_BLOCK;
use folio_core::index::lang_prefix;
use folio_core::listing::{self, data_href, PageData, PostData};
use folio_core::page::{tab_title, toc_title};
use folio_core::route::{self, Page, Route};
use folio_core::sanitize::escape_attr;
use folio_core::toc;
use folio_views::{
    archive_heading, list_heading, ArchiveView, Chrome, ListView, NotFoundView, OfflineView, PostArticle, Site,
    TagIndexView,
};

/// Renders a view inside the page chrome to HTML, with the site as context.
fn render_page(
    site: &Site,
    route: Route,
    languages: Vec<String>,
    content: impl FnOnce() -> AnyView + Send + 'static,
) -> String {
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_context(site.clone());
        view! { <Chrome route=route languages=languages>{content()}</Chrome> }.to_html()
    });
    // Leptos marks dynamic children with `<!>` for hydration; the app mounts
    // fresh instead, so they are noise. Nothing else can contain `<!>`: text
    // and attributes are escaped, and sanitized posts carry no comments.
    html.replace("<!>", "")
}

fn to_json(data: &PageData) -> String {
    serde_json::to_string(data).unwrap_or_default()
}

fn route(lang: &str, page: Page) -> Route {
    Route { lang: lang.to_string(), page, lang_in_url: true }
}

/// The HTML of a post's page body, as the app renders the same post.
pub fn post_body(site: &Site, rendered: &RenderedVersion) -> String {
    let (entry, version, article) = (rendered.entry.clone(), rendered.version.clone(), &rendered.article);
    let lang = version.lang.clone();
    let page = entry.page();
    let languages = entry.versions.iter().map(|v| v.lang.clone()).collect();
    let toc_title = toc_title(&version);
    let (title, subtitle, body) = (article.title.clone(), article.subtitle.clone(), article.html.clone());
    let toc = (!article.toc.is_empty()).then(|| toc::to_html(&article.toc));
    render_page(site, route(&lang, page), languages, move || {
        view! {
            <PostArticle lang=lang entry=entry version=version title=title subtitle=subtitle toc_title=toc_title body=body toc=toc/>
        }
        .into_any()
    })
}

/// Writes pages: each with its head, body and data block, and its data beside it.
pub struct PageWriter<'a> {
    ctx: &'a SiteContext<'a>,
    shell: &'a str,
    site: Site,
    /// Each language's shared start data (`shared_start_data`): its URL,
    /// and its JSON escaped for the data blocks that carry it (not found,
    /// offline), one source for both.
    shared_start: std::collections::HashMap<String, (String, String)>,
}

impl<'a> PageWriter<'a> {
    pub fn new(ctx: &'a SiteContext<'a>, shell: &'a str) -> Self {
        let site = Site { base: ctx.base.to_string(), config: std::sync::Arc::new(ctx.config().clone()) };
        let shared_start = crate::shared_start_data(ctx.config())
            .into_iter()
            .map(|(code, (hash, json))| {
                (code, (format!("{}{}", ctx.base, route::interface_file(&hash)), inline_json(&json)))
            })
            .collect();
        PageWriter { ctx, shell, site, shared_start }
    }

    /// `(hreflang, absolute URL)` of `page` in each of `langs`, and `x-default`.
    fn alternates(&self, page: &Page, langs: &[String]) -> Vec<(String, String)> {
        let ctx = self.ctx;
        let default = &ctx.config().default_language;
        let mut list: Vec<(String, String)> =
            langs.iter().map(|l| (l.clone(), ctx.absolute(&ctx.href(l, page)))).collect();
        let fallback = if langs.contains(default) { default.clone() } else { langs[0].clone() };
        list.push(("x-default".into(), ctx.absolute(&ctx.href(&fallback, page))));
        list
    }

    /// The page's files: its HTML, whose data block names `page_json` (its
    /// `PageData`) or, on a not-found page, carries it, and, unless it is a
    /// not-found page or a post's (whose data `post` writes once for all its
    /// languages), its `data.json`. `offline` is
    /// what else the app needs to show the page again (a post's file and
    /// extras), which the service worker keeps with the page.
    fn files(
        &self,
        lang: &str,
        page: &Page,
        head: Head,
        body: &str,
        page_json: String,
        offline: &[String],
    ) -> Vec<OutputFile> {
        let ctx = self.ctx;
        let own_data = (page != &Page::NotFound).then(|| data_href(ctx.base, ctx.config(), lang, page));
        let (shared, shared_json) = match self.shared_start.get(lang) {
            Some((url, json)) => (own_data.as_ref().map(|_| url), json.as_str()),
            None => (None, "{}"),
        };
        // What the app needs to show the page again, offline: its start data too.
        let keep: Vec<&str> = (shared.iter().map(|s| s.as_str()))
            .chain(own_data.iter().map(String::as_str))
            .chain(offline.iter().map(String::as_str))
            .collect();
        let mut keep_attr = String::new();
        escape_attr(&keep.join(" "), &mut keep_attr);
        // A page with data of its own leaves its data block empty, naming
        // the two files the loader fills it from after the first paint (the
        // language's shared start data and the page's data): its HTML, all
        // a first visit waits for, carries neither. Pages served for other
        // URLs (not found, offline) start the app at once, from the block.
        let block = match (shared, &own_data) {
            (Some(shared), Some(own)) => {
                let (mut shared_attr, mut own_attr) = (String::new(), String::new());
                escape_attr(shared, &mut shared_attr);
                escape_attr(own, &mut own_attr);
                format!(
                    "<script type=\"application/json\" id=\"{DATA_BLOCK}\" data-offline=\"{keep_attr}\" data-site=\"{shared_attr}\" data-page=\"{own_attr}\"></script>"
                )
            }
            // `listing::Embedded`: the page's data with the language's shared start data.
            _ => format!(
                "<script type=\"application/json\" id=\"{DATA_BLOCK}\" data-offline=\"{keep_attr}\">{{\"page\":{}{}</script>",
                inline_json(&page_json),
                match shared_json.strip_prefix('{') {
                    Some(rest) if rest != "}" => format!(",{rest}"),
                    _ => "}".to_string(),
                },
            ),
        };
        let (path, own_path) = match page {
            // Hosts serve it for every unknown path under the language's prefix.
            Page::NotFound => (format!("{}{}", lang_prefix(ctx.config(), lang), route::NOT_FOUND_FILE), None),
            _ => (ctx.file_for(lang, page), Some(ctx.href(lang, page))),
        };
        let contents = fill_shell(self.shell, lang, &head_html(ctx, &head), body, &block, own_path.as_deref());
        let mut files = vec![OutputFile { path, contents }];
        if let Some(href) = own_data.filter(|_| !matches!(page, Page::Post(_) | Page::Standalone(_))) {
            files.push(OutputFile { path: href[ctx.base.len()..].to_string(), contents: page_json });
        }
        files
    }

    /// A post's pages, one per version rendered, and their data: one file
    /// for all its languages, serialized once.
    pub fn post(&self, versions: &[RenderedVersion], data: PostData) -> Vec<OutputFile> {
        let ctx = self.ctx;
        let page = data.entry.page();
        let page_json = to_json(&PageData::Post(data));
        let href = data_href(ctx.base, ctx.config(), &ctx.config().default_language, &page);
        let mut files = vec![OutputFile { path: href[ctx.base.len()..].to_string(), contents: page_json.clone() }];
        for rendered in versions {
            let langs: Vec<String> = rendered.entry.versions.iter().map(|v| v.lang.clone()).collect();
            let head = post_head(ctx, rendered, self.alternates(&page, &langs));
            let body = post_body(&self.site, rendered);
            let version = &rendered.version;
            let offline: Vec<String> =
                version.body.iter().map(|hash| format!("{}{}", ctx.base, route::body_file(hash))).collect();
            files.extend(self.files(&version.lang, &page, head, &body, page_json.clone(), &offline));
        }
        files
    }

    fn list_head(&self, lang: &str, page: &Page, title: String) -> Head {
        let config = self.ctx.config();
        let description = if config.description.is_empty() { config.title.clone() } else { config.description.clone() };
        Head {
            lang: lang.to_string(),
            title,
            description,
            canonical: self.ctx.absolute(&self.ctx.href(lang, page)),
            alternates: self.alternates(page, &config.codes()),
            kind: "website",
            image: None,
            // The home page says whose site it is.
            json_ld: (*page == Page::HOME).then(|| super::head::website_ld(self.ctx, lang)),
            prev: None,
            next: None,
        }
    }

    /// Every page but the posts', in every language: the home and tag lists
    /// a page at a time, the archive, and not found.
    pub fn list_pages(&self, mut emit: impl FnMut(Vec<OutputFile>)) {
        for lang in self.ctx.config().codes() {
            self.list_pages_in(&lang, &mut emit);
        }
    }

    /// Every page but the posts' in `lang`, rendered one at a time, so that
    /// memory does not grow with the site.
    pub fn list_pages_in(&self, lang: &str, mut emit: impl FnMut(Vec<OutputFile>)) {
        let (ctx, site) = (self.ctx, &self.site);
        let config = ctx.config();
        let all_langs = config.codes();
        let everyone: Vec<usize> = (0..ctx.index.posts.len()).collect();
        let lang = &lang.to_string();
        {
            let mut lists: Vec<(Option<&folio_core::index::Tag>, &[usize])> = vec![(None, &everyone)];
            lists.extend(ctx.index.tags.iter().map(|tag| (Some(tag), tag.posts.as_slice())));
            for (tag, posts) in lists {
                for list in listing::list_pages(ctx.index, lang, tag, posts) {
                    let page = list.page(list.number);
                    let mut head = self.list_head(lang, &page, String::new());
                    head.title = match list.tag {
                        None if list.number == 1 => config.title.clone(),
                        _ => tab_title(&config.title, &list_heading(lang, &list)),
                    };
                    head.prev = list.newer().map(|p| ctx.href(lang, &p));
                    head.next = list.older().map(|p| ctx.href(lang, &p));
                    let body = {
                        let (lang, list) = (lang.clone(), list.clone());
                        render_page(site, route(&lang, page.clone()), all_langs.clone(), move || {
                            view! { <ListView lang=lang list=list/> }.into_any()
                        })
                    };
                    emit(self.files(lang, &page, head, &body, to_json(&PageData::List(list)), &[]));
                }
            }
            for (part, archive) in listing::archive_pages(ctx.index, lang) {
                let page = Page::Archive(part);
                let title = tab_title(&config.title, &archive_heading(lang, &archive));
                let head = self.list_head(lang, &page, title);
                let body = {
                    let (lang, archive) = (lang.clone(), archive.clone());
                    render_page(site, route(&lang, page.clone()), all_langs.clone(), move || {
                        view! { <ArchiveView lang=lang archive=archive/> }.into_any()
                    })
                };
                emit(self.files(lang, &page, head, &body, to_json(&PageData::Archive(archive)), &[]));
            }
            let page = Page::TagIndex;
            let title = tab_title(&config.title, t(ui_lang(lang), Text::Tags));
            let head = self.list_head(lang, &page, title);
            let tags = listing::tag_counts(ctx.index);
            let json = to_json(&PageData::Tags(tags.clone()));
            let body = {
                let lang = lang.clone();
                render_page(site, route(&lang, page.clone()), all_langs.clone(), move || {
                    view! { <TagIndexView lang=lang tags=tags/> }.into_any()
                })
            };
            emit(self.files(lang, &page, head, &body, json, &[]));
            emit(self.not_found(lang, Text::NotFound, |lang| view! { <NotFoundView lang=lang/> }.into_any()));
        }
    }

    /// The page the service worker answers with for a page that was never
    /// saved, offline (`{prefix}offline.html`): the site's layout around
    /// "You are offline" and Retry. Like not found, it has no URL of its
    /// own, so the app routes by the URL it was served for.
    pub fn offline(&self, lang: &str) -> OutputFile {
        let mut files = self.not_found(lang, Text::Offline, |lang| view! { <OfflineView lang=lang/> }.into_any());
        let mut page = files.remove(0);
        page.path = format!("{}{}", lang_prefix(self.ctx.config(), lang), route::OFFLINE_FILE);
        page
    }

    /// A page without a URL of its own (not found, offline): `view` inside
    /// the layout, titled `title`.
    fn not_found(&self, lang: &str, title: Text, view: fn(String) -> AnyView) -> Vec<OutputFile> {
        let config = self.ctx.config();
        let body = {
            let lang = lang.to_string();
            render_page(&self.site, route(&lang, Page::NotFound), config.codes(), move || view(lang))
        };
        let title = tab_title(&config.title, t(ui_lang(lang), title));
        let head = self.list_head(lang, &Page::NotFound, title);
        self.files(lang, &Page::NotFound, head, &body, to_json(&PageData::NotFound), &[])
    }
}
