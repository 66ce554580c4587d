//! Errors in a post file, with the file and line they come from, and a message
//! in the reader's language that says how to fix the file.

use std::fmt;

/// A post that cannot be read. `line` is 1-based and counts from the top of
/// the file, front matter included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostError {
    pub file: String,
    pub line: usize,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bytes that are not UTF-8 text, such as an image saved with `.md`.
    NotText,
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    /// The block opened with `fence` (`---` or `+++`) never closes.
    UnclosedFrontMatter {
        fence: &'static str,
    },
    Yaml(String),
    DuplicateKey {
        key: String,
        first_line: usize,
    },
    YamlAlias,
    TooDeep,
    InvalidDate {
        value: String,
    },
    UnknownLanguage {
        code: String,
        known: Vec<String>,
    },
    /// `intro.cs.md` beside `intro.md`, where the site has no `cs`.
    UntranslatableSuffix {
        code: String,
        main: String,
        known: Vec<String>,
    },
    ExpectedText {
        key: String,
    },
    /// `draft:` set to something that is neither true nor false (`None`: a list or a map).
    InvalidDraft {
        value: Option<String>,
    },
    /// A `slug` (or the last part of a `url`/`permalink`) that cannot be a
    /// part of a URL.
    InvalidSlug {
        key: String,
        value: String,
    },
    /// A post whose front matter gives it the slug of another post.
    SlugTaken {
        slug: String,
        other: String,
    },
    /// Two of the writer's pages on one path, in one language.
    PathTaken {
        path: String,
        other: String,
    },
    /// Two different tags whose URLs would be the same (boxed: a rare error
    /// should not make every `Result<_, PostError>` larger).
    TagSharesPage(Box<TagClash>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagClash {
    pub tag: String,
    pub slug: String,
    /// The tag that keeps the page, and where it is written.
    pub other_tag: String,
    pub other_file: String,
    pub other_line: usize,
}

impl PostError {
    pub fn new(file: &str, line: usize, kind: ErrorKind) -> Self {
        PostError { file: file.to_string(), line, kind }
    }

    /// The message in `lang` ("en" or "vi"; anything else falls back to English).
    pub fn message(&self, lang: &str) -> String {
        let detail = if lang == "vi" { self.kind.vi() } else { self.kind.en() };
        format!("{}:{}: {}", self.file, self.line, detail)
    }
}

impl fmt::Display for PostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message("en"))
    }
}

impl std::error::Error for PostError {}

/// `draft: maybe` as the writer wrote it, or `draft` when its value is a list or a map.
fn shown_draft(value: &Option<String>) -> String {
    match value.as_deref() {
        Some("") => "`draft: \"\"`".into(),
        Some(value) => format!("`draft: {value}`"),
        None => "`draft`".into(),
    }
}

impl ErrorKind {
    fn en(&self) -> String {
        match self {
            ErrorKind::NotText => {
                "the file is not UTF-8 text; save it as UTF-8 Markdown or move it out of the posts folder".into()
            }
            ErrorKind::TooLarge { bytes, limit } => {
                format!("the file has {bytes} bytes, more than the limit of {limit}; split the post")
            }
            ErrorKind::UnclosedFrontMatter { fence } => {
                format!(
                    "the front matter starts with `{fence}` but never ends; add a line `{fence}` after the last key"
                )
            }
            ErrorKind::Yaml(msg) => format!("invalid front matter: {msg}"),
            ErrorKind::DuplicateKey { key, first_line } => {
                format!("the key `{key}` is set twice (first on line {first_line}); keep one")
            }
            ErrorKind::YamlAlias => {
                "YAML anchors and aliases (`&name`, `*name`) are not supported in front matter; write the value out"
                    .into()
            }
            ErrorKind::TooDeep => "the front matter nests too deeply; flatten it".into(),
            ErrorKind::InvalidDate { value } => {
                format!("`{value}` is not a valid date; write it as YYYY-MM-DD, for example 2025-07-18")
            }
            ErrorKind::UnknownLanguage { code, known } => {
                format!("unknown language `{code}`; use one of {} or add it to folio.toml", known.join(", "))
            }
            ErrorKind::UntranslatableSuffix { code, main, known } => format!(
                "this file reads as the `{code}` translation of {main}, but the site's languages are {}; \
                 add `{code}` to folio.toml, or rename the file if `.{code}` is part of its name",
                known.join(", ")
            ),
            ErrorKind::ExpectedText { key } => format!("`{key}` must be text, not a list or a map"),
            ErrorKind::InvalidDraft { value } => {
                format!("{} is neither true nor false; write `draft: true` or `draft: false`", shown_draft(value))
            }
            ErrorKind::InvalidSlug { key, value } => format!(
                "`{key}: {value}` cannot be a part of the post's URL; use letters, digits and `-`, \
                 without `/`, `?`, `#`, `%` or `\\`"
            ),
            ErrorKind::SlugTaken { slug, other } => {
                format!("the slug `{slug}` is also {other}'s; give this post another `slug`")
            }
            ErrorKind::PathTaken { path, other } => {
                format!(
                    "the page's path `{path}` is also {other}'s; keep one of them, or give this page another `slug`"
                )
            }
            ErrorKind::TagSharesPage(clash) => {
                let TagClash { tag, slug, other_tag, other_file, other_line } = &**clash;
                format!(
                    "the tag `{tag}` would share the page tags/{slug}/ with `{other_tag}` \
                     ({other_file}:{other_line}); spell them the same way if they are one tag, or rename one"
                )
            }
        }
    }

    fn vi(&self) -> String {
        match self {
            ErrorKind::NotText => {
                "tệp không phải văn bản UTF-8; hãy lưu dưới dạng Markdown UTF-8 hoặc chuyển nó ra khỏi thư mục bài viết"
                    .into()
            }
            ErrorKind::TooLarge { bytes, limit } => {
                format!("tệp có {bytes} byte, vượt giới hạn {limit}; hãy chia nhỏ bài viết")
            }
            ErrorKind::UnclosedFrontMatter { fence } => {
                format!(
                    "phần front matter mở bằng `{fence}` nhưng không đóng; thêm một dòng `{fence}` sau khóa cuối cùng"
                )
            }
            ErrorKind::Yaml(msg) => format!("front matter không hợp lệ: {msg}"),
            ErrorKind::DuplicateKey { key, first_line } => {
                format!("khóa `{key}` được khai báo hai lần (lần đầu ở dòng {first_line}); hãy giữ một")
            }
            ErrorKind::YamlAlias => {
                "front matter không hỗ trợ anchor và alias YAML (`&name`, `*name`); hãy viết giá trị ra".into()
            }
            ErrorKind::TooDeep => "front matter lồng nhau quá sâu; hãy làm phẳng nó".into(),
            ErrorKind::InvalidDate { value } => {
                format!("`{value}` không phải ngày hợp lệ; hãy viết theo dạng YYYY-MM-DD, ví dụ 2025-07-18")
            }
            ErrorKind::UnknownLanguage { code, known } => format!(
                "ngôn ngữ `{code}` không được hỗ trợ; hãy dùng {} hoặc thêm nó vào folio.toml",
                known.join(", ")
            ),
            ErrorKind::UntranslatableSuffix { code, main, known } => format!(
                "tệp này là bản dịch `{code}` của {main}, nhưng trang chỉ có các ngôn ngữ {}; \
                 hãy thêm `{code}` vào folio.toml, hoặc đổi tên tệp nếu `.{code}` là một phần của tên",
                known.join(", ")
            ),
            ErrorKind::ExpectedText { key } => format!("`{key}` phải là văn bản, không phải danh sách hay bảng"),
            ErrorKind::InvalidDraft { value } => {
                format!("{} không phải true hay false; hãy viết `draft: true` hoặc `draft: false`", shown_draft(value))
            }
            ErrorKind::InvalidSlug { key, value } => format!(
                "`{key}: {value}` không thể là một phần URL của bài viết; hãy dùng chữ, số và `-`, \
                 không có `/`, `?`, `#`, `%` hay `\\`"
            ),
            ErrorKind::SlugTaken { slug, other } => {
                format!("slug `{slug}` đã thuộc về {other}; hãy cho bài viết này một `slug` khác")
            }
            ErrorKind::PathTaken { path, other } => {
                format!("đường dẫn `{path}` của trang đã thuộc về {other}; hãy giữ một trong hai, hoặc cho trang này một `slug` khác")
            }
            ErrorKind::TagSharesPage(clash) => {
                let TagClash { tag, slug, other_tag, other_file, other_line } = &**clash;
                format!(
                    "thẻ `{tag}` sẽ dùng chung trang tags/{slug}/ với `{other_tag}` ({other_file}:{other_line}); \
                     hãy viết giống nhau nếu là một thẻ, hoặc đổi tên một thẻ"
                )
            }
        }
    }
}
