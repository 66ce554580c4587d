//! The static pages: every post in each of its languages, and the home and
//! tag pages in every language, rendered by the same `views` the app mounts.

use std::sync::Arc;

use leptos::prelude::*;

use super::head::{fill_shell, head_html, post_head, Head};
use super::{OutputFile, RenderedVersion, SiteContext};
use crate::content::i18n::{t, ui_lang, Text};
use crate::content::index::lang_prefix;
use crate::content::page::{tab_title, toc_title};
use crate::content::route::{Page, Route};
use crate::content::toc;
use crate::views::{self, Chrome, HomeView, NotFoundView, PostArticle, Site, TagView};

/// Renders a view inside the page chrome to HTML, with the site as context.
fn render_page(site: &Site, route: Route, content: impl FnOnce() -> AnyView + Send + 'static) -> String {
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_context(site.clone());
        view! { <Chrome route=route>{content()}</Chrome> }.to_html()
    });
    // Leptos marks dynamic children with `<!>` for hydration; the app mounts
    // fresh instead, so they are noise. Nothing else can contain `<!>`: text
    // and attributes are escaped, and sanitized posts carry no comments.
    html.replace("<!>", "")
}

fn route(lang: &str, page: Page) -> Route {
    Route { lang: lang.to_string(), page, lang_in_url: true }
}

/// The HTML of a post's page body, as the app renders the same post.
pub fn post_body(site: &Site, rendered: &RenderedVersion) -> String {
    let (entry, version, article) = (rendered.entry.clone(), rendered.version.clone(), &rendered.article);
    let lang = version.lang.clone();
    let page = Page::Post(entry.slug.clone());
    let toc_title = toc_title(&version);
    let (title, subtitle, body) = (article.title.clone(), article.subtitle.clone(), article.html.clone());
    let toc = (!article.toc.is_empty()).then(|| toc::to_html(&article.toc));
    render_page(site, route(&lang, page), move || {
        view! {
            <PostArticle lang=lang entry=entry version=version title=title subtitle=subtitle toc_title=toc_title body=body toc=toc/>
        }
        .into_any()
    })
}

/// Every static page.
pub fn pages(ctx: &SiteContext, shell: &str, posts: &[RenderedVersion]) -> Vec<OutputFile> {
    let config = ctx.config();
    let site = Site { base: ctx.base.to_string(), index: Arc::new(ctx.index.clone()) };
    let all_langs = config.codes();
    let default = &config.default_language;
    let alternates = |page: &Page, langs: &[String]| -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> =
            langs.iter().map(|l| (l.clone(), ctx.absolute(&ctx.href(l, page)))).collect();
        let fallback = if langs.contains(default) { default.clone() } else { langs[0].clone() };
        list.push(("x-default".into(), ctx.absolute(&ctx.href(&fallback, page))));
        list
    };
    let mut files = Vec::new();
    let mut write = |lang: &str, page: &Page, head: Head, body: String| {
        let (path, own_path) = match page {
            // Hosts serve it for every unknown path under the language's prefix.
            Page::NotFound => (format!("{}404.html", lang_prefix(config, lang)), None),
            _ => (ctx.file_for(lang, page), Some(ctx.href(lang, page))),
        };
        let contents = fill_shell(shell, lang, &head_html(ctx, &head), &body, own_path.as_deref());
        files.push(OutputFile { path, contents });
    };

    for rendered in posts {
        let page = Page::Post(rendered.entry.slug.clone());
        let langs: Vec<String> = rendered.entry.versions.iter().map(|v| v.lang.clone()).collect();
        let head = post_head(ctx, rendered, alternates(&page, &langs));
        write(&rendered.version.lang, &page, head, post_body(&site, rendered));
    }

    let description = if config.description.is_empty() { config.title.clone() } else { config.description.clone() };
    let list_head = |lang: &str, page: &Page, title: String| Head {
        lang: lang.to_string(),
        title,
        description: description.clone(),
        canonical: ctx.absolute(&ctx.href(lang, page)),
        alternates: alternates(page, &all_langs),
        kind: "website",
        image: None,
        json_ld: None,
    };
    for lang in &all_langs {
        let home = {
            let lang = lang.clone();
            render_page(&site, route(&lang, Page::Home), move || view! { <HomeView lang=lang/> }.into_any())
        };
        write(lang, &Page::Home, list_head(lang, &Page::Home, config.title.clone()), home);
        let not_found = {
            let lang = lang.clone();
            render_page(&site, route(&lang, Page::NotFound), move || view! { <NotFoundView lang=lang/> }.into_any())
        };
        let title = tab_title(&config.title, t(ui_lang(lang), Text::NotFound));
        write(lang, &Page::NotFound, list_head(lang, &Page::NotFound, title), not_found);
        for tag in &ctx.index.tags {
            let (name, slug) = (tag.name.clone(), tag.slug.clone());
            let page = Page::Tag(slug.clone());
            let title = tab_title(&config.title, &views::tag_heading(lang, &name));
            let body = {
                let lang = lang.clone();
                render_page(&site, route(&lang, page.clone()), move || {
                    view! { <TagView lang=lang name=name slug=slug/> }.into_any()
                })
            };
            write(lang, &page, list_head(lang, &page, title), body);
        }
    }
    files
}
