//! One post file through the whole pipeline: bytes → text → front matter →
//! language sections → an article per language (HTML, headings, TOC).

use serde::{Deserialize, Serialize};

use super::config::SiteConfig;
use super::error::{ErrorKind, PostError};
use super::front_matter::{self, Split};
use super::markdown::{self, RenderContext};
use super::sections::{self, LangSection, TitleBlock};
use super::source_name::{self, PostName, SourceName};
use super::toc::{self, Heading, TocEntry};

/// Posts larger than this are refused: far above any real article (the
/// stress test's 2 MB post passes), low enough that a hostile file cannot make
/// the indexer or a reader's tab allocate without bound.
pub const MAX_POST_BYTES: usize = 8 * 1024 * 1024;

/// Bytes to text: refuses what is not UTF-8 text, drops a byte-order mark,
/// turns CRLF and CR line endings into LF.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, PostError> {
    if bytes.len() > MAX_POST_BYTES {
        return Err(PostError::new(file, 1, ErrorKind::TooLarge { bytes: bytes.len(), limit: MAX_POST_BYTES }));
    }
    let line_at = |at: usize| bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let text =
        std::str::from_utf8(bytes).map_err(|e| PostError::new(file, line_at(e.valid_up_to()), ErrorKind::NotText))?;
    if let Some(nul) = text.find('\0') {
        return Err(PostError::new(file, line_at(nul), ErrorKind::NotText));
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() })
}

/// What rendering a file takes from its front matter: the language of its
/// text outside language sections, and the title and subtitle that the title
/// block shows (so the body does not repeat them). The indexer reads it from
/// the YAML and the index carries it, so the browser never parses YAML.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    pub main_lang: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// The slug, when the front matter gives one other than the file's
    /// name (`slug`, or a `url`/`permalink`; a translation takes its main
    /// file's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

/// A post file read and split, not yet rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPost {
    pub file: String,
    pub slug: String,
    pub meta: FileMeta,
    pub sections: Vec<LangSection>,
}

/// One language of a post, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub lang: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub html: String,
    pub headings: Vec<Heading>,
    pub toc: Vec<TocEntry>,
    pub words: usize,
    /// Letters of scripts written without spaces, counted apart from words.
    pub letters: usize,
    pub first_paragraph: String,
}

/// What the app shows of one language of a post: the article's HTML and
/// its TOC, as the build rendered them for the post's page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostBody {
    pub html: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub toc: Vec<TocEntry>,
}

/// Every version of one post file, rendered, by language: the file the app
/// fetches to show a post it did not open first (`route::body_file`). One
/// file for all the versions a file holds, so that a language switch within
/// it fetches nothing. The build renders each post once, for its pages, and
/// writes that; the browser never parses Markdown, and its code is not in
/// the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FileBodies(pub std::collections::BTreeMap<String, PostBody>);

impl FileBodies {
    pub fn add(&mut self, article: &Article) {
        self.0.insert(article.lang.clone(), PostBody { html: article.html.clone(), toc: article.toc.clone() });
    }

    pub fn get(&self, lang: &str) -> Option<&PostBody> {
        self.0.get(lang)
    }
}

/// Parses the text of `file` whose front matter was read into `meta` at
/// build time: only skips the `---` block. The build renders each post with
/// it, for its pages and for the app (`FileBodies`).
pub fn parse(file: &str, text: &str, meta: &FileMeta, config: &SiteConfig) -> Result<ParsedPost, PostError> {
    let name = name_parts(file, config);
    let split = front_matter::split(text).map_err(|(line, kind)| PostError::new(file, line, kind))?;
    let slug = meta.slug.as_deref().unwrap_or(name.slug);
    from_body(file, slug, name.lang.is_some(), &split, meta.clone(), config)
}

/// What `file`'s path says of the post (see `source_name`); a path that is
/// not a post's is read as its own slug.
pub fn name_parts<'a>(file: &'a str, config: &'a SiteConfig) -> PostName<'a> {
    match source_name::read(file, config) {
        SourceName::Post(name) => name,
        _ => PostName { slug: file, lang: None, date: None, foreign_suffix: None },
    }
}

pub(crate) fn from_body(
    file: &str,
    slug: &str,
    is_translation: bool,
    split: &Split,
    meta: FileMeta,
    config: &SiteConfig,
) -> Result<ParsedPost, PostError> {
    let shown = TitleBlock { title: meta.title.as_deref(), subtitle: meta.subtitle.as_deref() };
    let mut sections =
        sections::split_languages(split.body, split.body_line, &meta.main_lang, &config.languages, &shown)
            .map_err(|(line, kind)| PostError::new(file, line, kind))?;
    if is_translation {
        // A translation file holds one language, whatever headings it uses.
        sections.retain(|s| s.lang == meta.main_lang);
    }
    Ok(ParsedPost { file: file.to_string(), slug: slug.to_string(), meta, sections })
}

impl ParsedPost {
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().map(|s| s.lang.as_str())
    }

    /// Renders the section in `lang`, if the file has it.
    pub fn render(&self, lang: &str, links: &RenderContext) -> Option<Article> {
        let section = self.section(lang)?;
        Some(self.article(section, markdown::render(&section.markdown, lang, links)))
    }

    /// Renders the section in `lang` as [`ParsedPost::render`] does, with the
    /// text search reads from the same walk: what the build does, once per
    /// version.
    pub fn render_for_search(&self, lang: &str, links: &RenderContext) -> Option<(Article, String)> {
        let section = self.section(lang)?;
        let mut rendered = markdown::render_for_search(&section.markdown, lang, links);
        let text = rendered.search_text.take().unwrap_or_default();
        Some((self.article(section, rendered), text))
    }

    /// The section in `lang`, if the file has it.
    pub fn section(&self, lang: &str) -> Option<&LangSection> {
        self.sections.iter().find(|s| s.lang == lang)
    }

    /// The title and subtitle of the version in `lang`, known without
    /// rendering: the section's own title, else the front matter's, else
    /// the slug's words.
    pub fn titles(&self, lang: &str) -> Option<(String, Option<String>)> {
        self.section(lang).map(|section| self.titles_of(section))
    }

    fn titles_of(&self, section: &LangSection) -> (String, Option<String>) {
        let title = section
            .title
            .clone()
            .or_else(|| self.meta.title.clone())
            .unwrap_or_else(|| self.slug.replace(['-', '_'], " "));
        let own_title = section.lang == self.meta.main_lang || section.title.is_none();
        let subtitle = if own_title { self.meta.subtitle.clone() } else { None };
        (title, subtitle)
    }

    fn article(&self, section: &LangSection, rendered: markdown::Rendered) -> Article {
        let (title, subtitle) = self.titles_of(section);
        Article {
            lang: section.lang.clone(),
            title,
            subtitle,
            toc: toc::build(&rendered.headings),
            html: rendered.html,
            headings: rendered.headings,
            words: rendered.words,
            letters: rendered.letters,
            first_paragraph: rendered.first_paragraph,
        }
    }
}

/// Silent reading, words a minute: adults reading non-fiction in English,
/// from Brysbaert (2019), "How many words do we read per minute?", Journal
/// of Memory and Language 109.
pub const WORDS_PER_MINUTE: usize = 238;
/// Vietnamese, syllables a minute (its words are one or two syllables, each
/// written apart): no published rate was found; folio keeps 200.
pub const SYLLABLES_PER_MINUTE: usize = 200;
/// Silent reading, letters a minute, for Han, Kana, Hangul and Thai: the
/// 255 characters a minute of Chinese read aloud in the IReST study
/// (Trauzettel-Klosinski and Dietz, 2012), times silent reading's lead over
/// reading aloud in Brysbaert (2019): 238 / 183.
pub const LETTERS_PER_MINUTE: usize = 330;

/// Minutes to read `words` and `letters` (see [`LETTERS_PER_MINUTE`]) in
/// `lang`, at least 1.
pub fn reading_minutes(words: usize, letters: usize, lang: &str) -> u32 {
    let words_per_minute = if lang.split('-').next() == Some("vi") { SYLLABLES_PER_MINUTE } else { WORDS_PER_MINUTE };
    // In thousandths of a minute, so that a mixed post adds its parts.
    let thousandths = words * 1000 / words_per_minute + letters * 1000 / LETTERS_PER_MINUTE;
    u32::try_from(thousandths.div_ceil(1000).max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_time::read_post as read;
    use crate::config::demo_config;

    fn read_post(file: &str, text: &str, config: &SiteConfig) -> Result<ParsedPost, PostError> {
        read(file, text, config).map(|(_, post)| post)
    }

    fn links() -> RenderContext<'static> {
        RenderContext {
            folder: "",
            files: crate::route::POST_FILES,
            base: "/",
            post_prefix: &|_| None,
            image_size: &markdown::no_sizes,
            old_url: &|_| None,
            renamed: &|_| None,
            extras: &crate::extras::NONE,
        }
    }

    #[test]
    fn decode_handles_bom_crlf_and_binary() {
        assert_eq!(decode("a.md", b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\nx\r\n").unwrap(), "---\ntitle: A\n---\nx\n");
        let err = decode("a.md", b"line one\nline two \xFF\xFE\n").unwrap_err();
        assert_eq!((err.line, err.kind), (2, ErrorKind::NotText));
        assert_eq!(decode("a.md", b"\x89PNG\r\n\x1a\n\0\0").unwrap_err().kind, ErrorKind::NotText);
        assert_eq!(decode("a.md", b"").unwrap(), "");
    }

    #[test]
    fn bilingual_post_renders_each_language() {
        let text = "---\ntitle: Hello\nlang: en\n---\n\n## English\n\nHi.\n\n### Part\n\n## Tiếng Việt\n\n# Xin chào\n\nChào.\n";
        let post = read_post("hello.md", text, &demo_config()).unwrap();
        assert_eq!(post.languages().collect::<Vec<_>>(), ["en", "vi"]);
        let vi = post.render("vi", &links()).unwrap();
        assert_eq!(vi.title, "Xin chào");
        assert_eq!(vi.html, "<p>Chào.</p>\n");
        let en = post.render("en", &links()).unwrap();
        assert_eq!(en.title, "Hello");
        assert_eq!(en.headings[0].id, "part");
        assert!(post.render("fr", &links()).is_none());
    }

    #[test]
    fn the_browser_path_gives_what_the_indexer_read() {
        let config = demo_config();
        let text = "---\ntitle: Hello\nsubtitle: Sub\nlang: vi\n---\n# Hello\n## Sub\nText\n";
        let (front, post) = read("hello.md", text, &config).unwrap();
        assert_eq!(front.title.as_deref(), Some("Hello"));
        assert_eq!(
            post.meta,
            FileMeta { main_lang: "vi".into(), title: Some("Hello".into()), subtitle: Some("Sub".into()), slug: None }
        );
        assert_eq!(parse("hello.md", text, &post.meta, &config), Ok(post.clone()));
        assert_eq!(post.sections[0].markdown, "Text\n", "the title block is not repeated");
        // The browser only skips the block: it never reads the YAML.
        let broken = "---\ntitle: >Hello\n---\nText\n";
        assert!(read("b.md", broken, &config).is_err());
        assert_eq!(parse("b.md", broken, &post.meta, &config).unwrap().sections[0].markdown, "Text\n");
    }

    #[test]
    fn errors_name_file_and_line() {
        let config = demo_config();
        let err = read_post("posts/a.md", "---\ntitle: A\nlang: fr\n---\n", &config).unwrap_err();
        assert_eq!(err.to_string(), "posts/a.md:3: unknown language `fr`; use one of en, vi or add it to folio.toml");
        assert!(err.message("vi").contains("ngôn ngữ `fr`"));
        // `fr` is no language of the site: part of the name (see `source_name`).
        assert_eq!(read_post("a.fr.md", "x", &config).unwrap().slug, "a.fr");
        assert_eq!(
            read_post("a.md", "---\ntitle: A\n", &config).unwrap_err().kind,
            ErrorKind::UnclosedFrontMatter { fence: "---" }
        );
    }

    #[test]
    fn empty_and_titleless_posts_render() {
        let post = read_post("my-first_post.md", "", &demo_config()).unwrap();
        let article = post.render("en", &links()).unwrap();
        assert_eq!(article.title, "my first post");
        assert_eq!(article.html, "");
    }

    #[test]
    fn reading_time() {
        assert_eq!(reading_minutes(0, 0, "en"), 1);
        assert_eq!(reading_minutes(238, 0, "en"), 1);
        assert_eq!(reading_minutes(239, 0, "en"), 2);
        assert_eq!(reading_minutes(400, 0, "vi"), 2, "syllables, 200 a minute");
        assert_eq!(reading_minutes(0, 4_000, "ja"), 13, "a 4,000-letter Japanese post");
        assert_eq!(reading_minutes(238, 330, "zh"), 2, "words and letters add up");
    }
}
