//! Images from Markdown: `<img>` with its size from the posts folder (so the
//! page does not shift), decoded off the main thread, and loaded lazily
//! unless it is likely on the first screen; an image with a title alone in
//! its paragraph becomes a `<figure>` captioned with the title.

use pulldown_cmark::{Event, Tag};

use super::RenderContext;
use crate::sanitize::{self, ResolveUrl, UrlKind};

/// An image that starts within this many bytes of its section's Markdown is
/// likely on the first screen: it loads at once, as the browser would
/// anyway, rather than waiting for layout to find it in view (`loading` is
/// left out). About a screenful of prose: a heading and two paragraphs.
pub(super) const EAGER_BYTES: usize = 1_000;

/// The path of an image in the posts folder, for [`RenderContext::image_size`]:
/// `img/cat.png`, `./img/cat.png` and `/posts/img/cat.png` are all
/// `img/cat.png`. `None` for images elsewhere (other sites, data URLs, the
/// site root), whose size the build never read.
pub(crate) fn local_path(url: &str) -> Option<&str> {
    let url = url.trim();
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || sanitize::scheme(path).is_some() || path.starts_with("//") {
        return None;
    }
    let path = match path.strip_prefix('/') {
        Some(rooted) => rooted.strip_prefix(crate::route::POSTS)?.strip_prefix('/')?,
        None => path.trim_start_matches("./"),
    };
    (!path.is_empty()).then_some(path)
}

/// The size of the image at `url` as written in a post, if it is in the
/// posts folder: a relative URL starts from the post's own folder.
pub(super) fn size_of(url: &str, links: &RenderContext) -> Option<(u32, u32)> {
    let path = local_path(url)?;
    match url.trim_start().starts_with('/') || links.folder.is_empty() {
        true => (links.image_size)(path),
        false => (links.image_size)(&super::joined(links.folder, path)),
    }
}

/// An image being read: its URL, title and alt text (the events inside it).
pub(super) struct ImageTag {
    pub url: String,
    pub title: String,
    pub alt: String,
    pub depth: usize,
    /// Whether it starts within [`EAGER_BYTES`] of the section's start.
    pub eager: bool,
}

impl ImageTag {
    /// `<img src alt [title] [width height] decoding="async" [loading="lazy"]>`;
    /// the title is left out when it is the image's caption.
    fn html(&self, links: &RenderContext, resolve: &ResolveUrl, with_title: bool) -> String {
        let mut tag = String::from("<img");
        if let Some(src) = resolve(&self.url, UrlKind::Image) {
            tag.push_str(" src=\"");
            sanitize::escape_attr(&src, &mut tag);
            tag.push('"');
        }
        tag.push_str(" alt=\"");
        sanitize::escape_attr(&self.alt, &mut tag);
        tag.push('"');
        if with_title && !self.title.is_empty() {
            tag.push_str(" title=\"");
            sanitize::escape_attr(&self.title, &mut tag);
            tag.push('"');
        }
        if let Some((width, height)) = size_of(&self.url, links) {
            tag.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        tag.push_str(if self.eager { " decoding=\"async\">" } else { " decoding=\"async\" loading=\"lazy\">" });
        tag
    }
}

/// Writes images, and turns a paragraph that holds only a titled image
/// (or a link around one) into a figure when the paragraph ends.
#[derive(Default)]
pub(super) struct Figures {
    candidate: Option<Candidate>,
}

/// A titled image that opened its paragraph, alone or inside a link.
struct Candidate {
    /// Where its paragraph starts in the events.
    paragraph: usize,
    /// How many events there are when the paragraph ends with it alone.
    alone: usize,
    figure: String,
}

impl Figures {
    pub fn push_image<'a>(
        &mut self,
        events: &mut Vec<Event<'a>>,
        image: &ImageTag,
        links: &RenderContext,
        resolve: &ResolveUrl,
    ) {
        let n = events.len();
        // `[![alt](src "caption")](href)`: the link around it is already written.
        let (paragraph, link) = match events.as_slice() {
            [.., Event::Start(Tag::Paragraph)] => (Some(n - 1), None),
            [.., Event::Start(Tag::Paragraph), Event::Html(a)] if a.starts_with("<a ") => {
                (Some(n - 2), Some(a.to_string()))
            }
            _ => (None, None),
        };
        self.candidate = paragraph.filter(|_| !image.title.trim().is_empty()).map(|paragraph| {
            let mut figure = String::from("<figure>");
            figure.push_str(link.as_deref().unwrap_or(""));
            figure.push_str(&image.html(links, resolve, false));
            if link.is_some() {
                figure.push_str("</a>");
            }
            figure.push_str("<figcaption>");
            sanitize::escape_attr(image.title.trim(), &mut figure);
            figure.push_str("</figcaption></figure>\n");
            // The image, and the link's end if it has one.
            let alone = n + 1 + usize::from(link.is_some());
            Candidate { paragraph, alone, figure }
        });
        events.push(Event::Html(image.html(links, resolve, true).into()));
    }

    /// At a paragraph's end: if it holds only a titled image, replaces it
    /// with the figure and returns true (the paragraph's end is not written).
    pub fn end_paragraph(&mut self, events: &mut Vec<Event>) -> bool {
        let Some(Candidate { paragraph, alone, figure }) = self.candidate.take() else { return false };
        if events.len() != alone {
            return false;
        }
        events.truncate(paragraph);
        events.push(Event::Html(figure.into()));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::{render_en, render_vi};

    #[test]
    fn local_paths_are_those_of_the_posts_folder() {
        assert_eq!(local_path("img/cat.png"), Some("img/cat.png"));
        assert_eq!(local_path("./img/cat.png?v=2#x"), Some("img/cat.png"));
        assert_eq!(local_path("/posts/img/cat.png"), Some("img/cat.png"));
        for elsewhere in
            ["/img/cat.png", "https://e.com/img/cat.png", "//e.com/cat.png", "data:image/png;base64,AA", "", "#x"]
        {
            assert_eq!(local_path(elsewhere), None, "{elsewhere}");
        }
    }

    #[test]
    fn images_decode_async_and_load_lazily_below_the_first_screen() {
        for render in [render_en as fn(&str) -> _, render_vi] {
            let far = format!("![Top](img/cat.png)\n\n{}\n\n![Low](img/cat.png)\n", "Text. ".repeat(200));
            let html = render(&far).html;
            assert!(
                html.starts_with(
                    "<p><img src=\"/blog/posts/img/cat.png\" alt=\"Top\" width=\"640\" height=\"480\" decoding=\"async\"></p>"
                ),
                "{html}"
            );
            assert!(
                html.contains(
                    "<p><img src=\"/blog/posts/img/cat.png\" alt=\"Low\" width=\"640\" height=\"480\" decoding=\"async\" loading=\"lazy\"></p>"
                ),
                "{html}"
            );
        }
    }

    #[test]
    fn a_titled_image_alone_in_its_paragraph_is_a_figure() {
        let html = render_en("![A cat](img/cat.png \"Our cat, *asleep* & <calm>\")\n").html;
        assert_eq!(
            html,
            "<figure><img src=\"/blog/posts/img/cat.png\" alt=\"A cat\" width=\"640\" height=\"480\" decoding=\"async\">\
             <figcaption>Our cat, *asleep* &amp; &lt;calm&gt;</figcaption></figure>\n"
        );
        let html = render_vi("Văn bản.\n\n> ![Mèo](img/cat.png \"Con mèo\")\n").html;
        assert!(
            html.contains("<blockquote>\n<figure><img src=\"/blog/posts/img/cat.png\" alt=\"Mèo\" width=\"640\" height=\"480\" decoding=\"async\"><figcaption>Con mèo</figcaption></figure>\n</blockquote>"),
            "{html}"
        );
    }

    #[test]
    fn other_images_stay_inline() {
        for (md, why) in [
            ("![a](x.png \"T\") and text\n", "text after"),
            ("Text ![a](x.png \"T\")\n", "text before"),
            ("![a](x.png)\n", "no title"),
            ("![a](x.png \"T\")\n![b](y.png \"U\")\n", "two images"),
            ("[![a](x.png \"T\")](https://e.com) more\n", "in a link, with text after"),
        ] {
            for render in [render_en as fn(&str) -> _, render_vi] {
                let html = render(md).html;
                assert!(html.starts_with("<p>") && !html.contains("<figure>"), "{why}: {html}");
            }
        }
    }

    #[test]
    fn a_titled_image_alone_in_a_link_is_a_linked_figure() {
        let html = render_en("[![a](x.png \"T\")](https://e.com)\n").html;
        assert_eq!(
            html,
            "<figure><a href=\"https://e.com\" rel=\"noopener\"><img src=\"/blog/posts/x.png\" alt=\"a\" decoding=\"async\"></a><figcaption>T</figcaption></figure>\n"
        );
    }
}
