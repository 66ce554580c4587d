//! Interface text: every string folio writes around a writer's posts, per
//! language, as data. English is built in (the app needs it before any
//! data has come, and it is what every missing string falls back to);
//! every other language is an [`Interface`] the build reads from the
//! engine's `i18n/<code>.toml` and the site's own, and [`register`]s. The
//! build gives each page the interface of its language in the page's data,
//! and the app registers it from there: the wasm carries no language but
//! English.
//!
//! Counts take CLDR's cardinal plural forms ([`plural`]); dates CLDR's long
//! format and month names ([`Interface::date`]); numbers the digits of the
//! language's default numbering system.

use std::sync::RwLock;

use serde::{Deserialize, Serialize};

/// A piece of interface text; its key in `[text]` is its [`KEYS`] entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Home,
    Posts,
    Contents,
    ShowContents,
    Tags,
    /// "Posts tagged {tag}".
    TaggedWith,
    /// "By {author}".
    By,
    /// "Updated {date}".
    Updated,
    Languages,
    NotFound,
    NotFoundBody,
    BackHome,
    Loading,
    LoadFailed,
    ParseFailed,
    Retry,
    NoPosts,
    ThemeToggle,
    ThemeLight,
    ThemeDark,
    SkipToContent,
    PostNotInLanguage,
    TaskDone,
    TaskOpen,
    Copy,
    Copied,
    /// The titles of the five kinds of callout (`> [!NOTE]`).
    CalloutNote,
    CalloutTip,
    CalloutImportant,
    CalloutWarning,
    CalloutCaution,
    /// The name of a post's list of footnotes.
    Footnotes,
    /// A footnote's link back to a reference to it, before the reference's number.
    BackToReference,
    /// A heading's link to itself, before the heading's text.
    LinkToSection,
    /// The pagination of the home and tag pages.
    Pagination,
    NewerPosts,
    OlderPosts,
    /// "Page {page}".
    PageNumber,
    /// "Page {page} of {pages}".
    PageOf,
    Archive,
    /// The link from the lists to the archive.
    ArchiveLink,
    /// The archive's group of posts without a date.
    Undated,
    /// A page that is not saved for reading offline, opened offline.
    Offline,
    OfflineBody,
    /// The notice that a new deploy is ready, and its button.
    UpdateReady,
    UpdateReload,
    /// The search button's name and the dialog's.
    Search,
    SearchPlaceholder,
    /// Shown in the search dialog.
    SearchClose,
    NoResults,
    SearchFailed,
    /// Before the reader types: how to use search.
    SearchHint,
    /// The header's menu, folded on a phone.
    Menu,
    /// The footer's link to the language's Atom feed.
    Feed,
    /// A search result that is a page, not a post.
    PageKind,
}

/// The keys of `[text]`, in the order of [`Text`].
pub const KEYS: [&str; 55] = [
    "home",
    "posts",
    "contents",
    "show_contents",
    "tags",
    "tagged_with",
    "by",
    "updated",
    "languages",
    "not_found",
    "not_found_body",
    "back_home",
    "loading",
    "load_failed",
    "parse_failed",
    "retry",
    "no_posts",
    "theme_toggle",
    "theme_light",
    "theme_dark",
    "skip_to_content",
    "post_not_in_language",
    "task_done",
    "task_open",
    "copy",
    "copied",
    "callout_note",
    "callout_tip",
    "callout_important",
    "callout_warning",
    "callout_caution",
    "footnotes",
    "back_to_reference",
    "link_to_section",
    "pagination",
    "newer_posts",
    "older_posts",
    "page_number",
    "page_of",
    "archive",
    "archive_link",
    "undated",
    "offline",
    "offline_body",
    "update_ready",
    "update_reload",
    "search",
    "search_placeholder",
    "search_close",
    "no_results",
    "search_failed",
    "search_hint",
    "menu",
    "feed",
    "page_kind",
];

/// English, built in: the app's text before any data, and every missing string's.
pub(crate) const ENGLISH: [&str; 55] = [
    "Home",
    "Posts",
    "Contents",
    "Show contents",
    "Tags",
    "Posts tagged {tag}",
    "By {author}",
    "Updated {date}",
    "Languages",
    "Not found",
    "The page you are looking for does not exist or has moved.",
    "Back to the home page",
    "Loading…",
    "The content could not be loaded. Check your connection and try again.",
    "This post could not be read.",
    "Retry",
    "No posts yet.",
    "Switch light/dark theme",
    "Light",
    "Dark",
    "Skip to content",
    "This post is not available in English yet.",
    "done",
    "to do",
    "Copy",
    "Copied",
    "Note",
    "Tip",
    "Important",
    "Warning",
    "Caution",
    "Footnotes",
    "Back to reference",
    "Link to this section",
    "Pages",
    "Newer posts",
    "Older posts",
    "Page {page}",
    "Page {page} of {pages}",
    "Archive",
    "All posts by year",
    "Undated",
    "You are offline",
    "This page has not been saved for reading offline. Connect to the internet and try again.",
    "A new version is available",
    "Reload",
    "Search",
    "Search posts",
    "Close",
    "No results",
    "Search could not be loaded. Check your connection and try again.",
    "Type to search; accents are optional.",
    "Menu",
    "Atom feed",
    "Page",
];

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Something counted, written in the plural form its number takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// "{count} min read".
    ReadingTime,
    /// "{count} results".
    Results,
    /// "{count} posts", beside a tag.
    Posts,
}

/// The keys of `[counts]`, in the order of [`Count`].
pub const COUNT_KEYS: [&str; 3] = ["reading_time", "results", "posts"];

/// CLDR's cardinal plural categories, in the order of an interface's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// The keys of a count's forms, in the order of [`Plural`].
pub const PLURAL_KEYS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// A language's interface: what its file in `i18n/` says. Written for the
/// app as one flat list of text (see [`Interface::flat`]): the wasm reads it
/// with the reader of `Vec<String>` it has anyway, not one of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct Interface {
    /// The language code as the site configures it (`zh-Hant`, `pt-BR`).
    pub code: String,
    /// The language's own name.
    pub name: String,
    /// Written right to left.
    pub rtl: bool,
    /// The ten digits of the language's default numbering system, when not 0–9.
    pub digits: Option<String>,
    /// CLDR's long date format (`d MMMM y`).
    pub long_date: String,
    pub months: Vec<String>,
    /// Every [`Text`], in order.
    pub texts: Vec<String>,
    /// Every [`Count`], in order: its forms by [`Plural`], empty where the
    /// language does not use the form.
    pub counts: Vec<Vec<String>>,
}

impl From<Interface> for Vec<String> {
    /// Code, name, `rtl` or empty, digits or empty, long date, the twelve
    /// months, every text, every count's six forms.
    fn from(interface: Interface) -> Vec<String> {
        let Interface { code, name, rtl, digits, long_date, months, texts, counts } = interface;
        let head = [code, name, if rtl { "rtl".into() } else { String::new() }, digits.unwrap_or_default(), long_date];
        head.into_iter().chain(months).chain(texts).chain(counts.into_iter().flatten()).collect()
    }
}

impl From<Vec<String>> for Interface {
    /// The flat form read back; what is missing or short is English's.
    fn from(flat: Vec<String>) -> Interface {
        let mut interface = Interface::english();
        let mut parts = flat.into_iter();
        let mut next = |slot: &mut String| {
            if let Some(part) = parts.next() {
                *slot = part;
            }
        };
        next(&mut interface.code);
        next(&mut interface.name);
        let (mut rtl, mut digits) = (String::new(), String::new());
        next(&mut rtl);
        next(&mut digits);
        interface.rtl = !rtl.is_empty();
        interface.digits = (!digits.is_empty()).then_some(digits);
        next(&mut interface.long_date);
        interface.months.iter_mut().for_each(&mut next);
        interface.texts.iter_mut().for_each(&mut next);
        interface.counts.iter_mut().flatten().for_each(&mut next);
        interface
    }
}

impl Interface {
    /// English as folio ships it.
    pub fn english() -> Interface {
        let counts = [
            ["{count} min read", "{count} min read"],
            ["{count} result", "{count} results"],
            ["{count} post", "{count} posts"],
        ];
        Interface {
            code: "en".into(),
            name: "English".into(),
            rtl: false,
            digits: None,
            long_date: "d MMMM y".into(),
            months: ENGLISH_MONTHS.iter().map(|m| m.to_string()).collect(),
            texts: ENGLISH.iter().map(|t| t.to_string()).collect(),
            counts: counts
                .iter()
                .map(|[one, other]| ["", one, "", "", "", other].map(str::to_string).to_vec())
                .collect(),
        }
    }

    pub fn text(&self, text: Text) -> &str {
        self.texts.get(text as usize).map_or(ENGLISH[text as usize], String::as_str)
    }

    /// `n` written with the language's digits.
    pub fn number(&self, n: u64) -> String {
        let ascii = n.to_string();
        match &self.digits {
            Some(digits) => {
                let digits: Vec<char> = digits.chars().collect();
                ascii.bytes().map(|b| digits.get(usize::from(b - b'0')).copied().unwrap_or(b as char)).collect()
            }
            None => ascii,
        }
    }

    /// `count` of `what`, in the plural form the language gives the number.
    pub fn count(&self, what: Count, count: u64) -> String {
        let forms = self.counts.get(what as usize).map_or(&[][..], Vec::as_slice);
        let form = |at: usize| forms.get(at).filter(|form| !form.is_empty());
        // A form the language does not use is its `other`.
        let template = form(plural(&self.code, count) as usize).or_else(|| form(Plural::Other as usize));
        template.map_or(String::new(), |t| t.replace("{count}", &self.number(count)))
    }

    /// A date in the language's long format: CLDR's pattern letters `d`,
    /// `dd`, `M`, `MM`, `MMMM` and `y`, and text in `'quotes'`.
    pub fn date(&self, year: u16, month: u8, day: u8) -> String {
        let mut out = String::new();
        let mut chars = self.long_date.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\'' => {
                    // `''` is a quote; else text up to the closing quote.
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                        out.push('\'');
                        continue;
                    }
                    while let Some(quoted) = chars.next() {
                        match quoted {
                            // `''` inside quotes is a quote too.
                            '\'' if chars.peek() == Some(&'\'') => {
                                chars.next();
                                out.push('\'');
                            }
                            '\'' => break,
                            quoted => out.push(quoted),
                        }
                    }
                }
                'd' | 'M' | 'y' => {
                    let mut width = 1;
                    while chars.peek() == Some(&c) {
                        chars.next();
                        width += 1;
                    }
                    let number = |n: u64, pad: bool| {
                        let written = self.number(n);
                        match pad && n < 10 {
                            true => format!("{}{written}", self.number(0)),
                            false => written,
                        }
                    };
                    match (c, width) {
                        ('d', w) => out.push_str(&number(u64::from(day), w == 2)),
                        ('M', 1 | 2) => out.push_str(&number(u64::from(month), width == 2)),
                        ('M', _) => out.push_str(self.months.get(usize::from(month) - 1).map_or("", String::as_str)),
                        _ => out.push_str(&number(u64::from(year), false)),
                    }
                }
                c => out.push(c),
            }
        }
        out
    }
}

/// The plural category of the whole number `n` in `lang`, by CLDR's cardinal
/// rules (CLDR 46) for the languages folio ships; others as English.
pub fn plural(lang: &str, n: u64) -> Plural {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase();
    let (n10, n100) = (n % 10, n % 100);
    let million = n != 0 && n.is_multiple_of(1_000_000);
    match primary.as_str() {
        "zh" | "ja" | "ko" | "th" | "id" | "ms" | "vi" | "lo" | "my" | "km" => Plural::Other,
        "ar" => match n {
            0 => Plural::Zero,
            1 => Plural::One,
            2 => Plural::Two,
            _ if (3..=10).contains(&n100) => Plural::Few,
            _ if (11..=99).contains(&n100) => Plural::Many,
            _ => Plural::Other,
        },
        "he" => match n {
            1 => Plural::One,
            2 => Plural::Two,
            _ => Plural::Other,
        },
        "ru" | "uk" | "be" => match () {
            _ if n10 == 1 && n100 != 11 => Plural::One,
            _ if (2..=4).contains(&n10) && !(12..=14).contains(&n100) => Plural::Few,
            _ => Plural::Many,
        },
        "pl" => match () {
            _ if n == 1 => Plural::One,
            _ if (2..=4).contains(&n10) && !(12..=14).contains(&n100) => Plural::Few,
            _ => Plural::Many,
        },
        "fr" | "pt" => match () {
            _ if n <= 1 => Plural::One,
            _ if million => Plural::Many,
            _ => Plural::Other,
        },
        "es" | "it" | "ca" => match () {
            _ if n == 1 => Plural::One,
            _ if million => Plural::Many,
            _ => Plural::Other,
        },
        "hi" | "fa" | "bn" => match n {
            0 | 1 => Plural::One,
            _ => Plural::Other,
        },
        _ => match n {
            1 => Plural::One,
            _ => Plural::Other,
        },
    }
}

/// The interfaces registered: the build's, for its site's languages; the
/// app's, from its pages' data. Leaked, as each lives for the process.
static INTERFACES: RwLock<Vec<&'static Interface>> = RwLock::new(Vec::new());

/// Makes `interface` the one of its language, replacing an earlier one of
/// that code unless it is the same.
pub fn register(interface: Interface) {
    let mut all = INTERFACES.write().unwrap_or_else(|e| e.into_inner());
    if all.iter().any(|known| **known == interface) {
        return;
    }
    all.retain(|known| known.code != interface.code);
    all.push(Box::leak(Box::new(interface)));
}

/// The registered interface of `lang`, if any. At build time a language the
/// build has not registered gets the engine's (tools and tests render
/// without a site); the app has only what its pages brought.
pub fn interface(lang: &str) -> Option<&'static Interface> {
    let registered = || INTERFACES.read().unwrap_or_else(|e| e.into_inner()).iter().copied().find(|i| i.code == lang);
    #[cfg(not(target_arch = "wasm32"))]
    if registered().is_none() && lang != "en" {
        crate::build_time::interface::register_engine(lang);
    }
    registered()
}

/// Whether `lang`'s interface is here (English always): the app fetches a
/// language's before it shows a page in it.
pub fn has_interface(lang: &str) -> bool {
    lang == "en" || interface(lang).is_some()
}

/// The interface of `lang`, or English.
pub fn interface_or_english(lang: &str) -> &'static Interface {
    static ENGLISH_INTERFACE: std::sync::LazyLock<Interface> = std::sync::LazyLock::new(Interface::english);
    interface(lang).unwrap_or(&ENGLISH_INTERFACE)
}

/// The interface language for a content language code: its own if
/// registered, else English.
pub fn ui_lang(lang: &str) -> &'static str {
    match interface(lang) {
        Some(interface) => interface.code.as_str(),
        None => "en",
    }
}

pub fn t(lang: &str, text: Text) -> &'static str {
    match interface(lang) {
        Some(interface) => interface.text(text),
        None => ENGLISH[text as usize],
    }
}

/// `text` with its `{name}` placeholders filled in.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// `text` split around its placeholder `{name}`: what comes before, and
/// after (for a view that puts an element there, such as a link).
pub fn around<'a>(text: &'a str, name: &str) -> (&'a str, &'a str) {
    let placeholder = format!("{{{name}}}");
    text.split_once(placeholder.as_str()).unwrap_or((text, ""))
}

/// Languages written right to left, for a language folio has no file for
/// (a file says so itself, with `dir`).
const RIGHT_TO_LEFT: [&str; 10] = ["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];

/// Whether `lang` is written right to left.
pub fn is_rtl(lang: &str) -> bool {
    match interface(lang) {
        Some(interface) if interface.code != "en" || lang == "en" => interface.rtl,
        _ => {
            let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase();
            RIGHT_TO_LEFT.contains(&primary.as_str())
        }
    }
}

/// `dir`'s value for `lang`: `rtl` or `ltr`.
pub fn dir(lang: &str) -> &'static str {
    if is_rtl(lang) {
        "rtl"
    } else {
        "ltr"
    }
}

/// `n` in the digits of `lang`.
pub fn number(lang: &str, n: u64) -> String {
    interface_or_english(lang).number(n)
}

/// "5 min read" / "5 phút đọc".
pub fn reading_time(lang: &str, minutes: u32) -> String {
    interface_or_english(lang).count(Count::ReadingTime, u64::from(minutes))
}

/// "3 results" / "3 kết quả".
pub fn result_count(lang: &str, count: usize) -> String {
    interface_or_english(lang).count(Count::Results, count as u64)
}

/// "3 posts" / "3 bài viết".
pub fn post_count(lang: &str, count: usize) -> String {
    interface_or_english(lang).count(Count::Posts, count as u64)
}

/// The name of the language `code` in the interface language `ui` ("Tiếng Anh"
/// for English on a Vietnamese page), else its own name from the config.
pub fn language_label(ui: &str, code: &str, config: &super::config::SiteConfig) -> String {
    let known = match (ui, code) {
        ("vi", "en") => "Tiếng Anh",
        ("vi", "vi") => "Tiếng Việt",
        ("en", "en") => "English",
        ("en", "vi") => "Vietnamese",
        _ => return config.language_name(code).to_string(),
    };
    known.to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Vietnamese, registered as the build registers it (for tests that render it).
    pub(crate) fn with_vietnamese() {
        crate::build_time::interface::register_engine("vi");
    }

    #[test]
    fn both_languages_and_fallback() {
        with_vietnamese();
        assert_eq!(t("en", Text::Contents), "Contents");
        assert_eq!(t("vi", Text::Contents), "Mục lục");
        assert_eq!(t("vi", Text::NotFound), "Không tìm thấy");
        assert_eq!(t("vi", Text::Retry), "Thử lại");
        assert_eq!(t("eo", Text::Retry), "Retry", "a language folio does not ship");
        assert_eq!(t("de-AT", Text::Retry), "Erneut versuchen", "a region has its language's");
        assert_eq!(reading_time("vi", 3), "3 phút đọc");
        assert_eq!(reading_time("en", 1), "1 min read");
        assert_eq!(result_count("en", 1), "1 result");
        assert_eq!(result_count("en", 2), "2 results");
    }

    #[test]
    fn post_constructs_are_named_in_both_languages() {
        with_vietnamese();
        let names = [
            (Text::CalloutNote, "Note", "Ghi chú"),
            (Text::CalloutTip, "Tip", "Mẹo"),
            (Text::CalloutImportant, "Important", "Quan trọng"),
            (Text::CalloutWarning, "Warning", "Cảnh báo"),
            (Text::CalloutCaution, "Caution", "Thận trọng"),
            (Text::Footnotes, "Footnotes", "Chú thích"),
            (Text::BackToReference, "Back to reference", "Quay lại chỗ tham chiếu"),
            (Text::LinkToSection, "Link to this section", "Liên kết tới mục này"),
        ];
        for (text, en, vi) in names {
            assert_eq!((t("en", text), t("vi", text), t("xx", text)), (en, vi, en));
        }
    }

    #[test]
    fn language_names_in_the_readers_language() {
        let config = crate::config::demo_config();
        assert_eq!(language_label("vi", "en", &config), "Tiếng Anh");
        assert_eq!(language_label("en", "vi", &config), "Vietnamese");
    }

    #[test]
    fn dates_follow_the_pattern_with_the_languages_digits() {
        let mut persian = Interface::english();
        persian.long_date = "d MMMM y".into();
        persian.digits = Some("۰۱۲۳۴۵۶۷۸۹".into());
        persian.months[4] = "مهٔ".into();
        assert_eq!(persian.date(2025, 5, 12), "۱۲ مهٔ ۲۰۲۵");
        let mut spanish = Interface::english();
        spanish.long_date = "d 'de' MMMM 'de' y".into();
        spanish.months[4] = "mayo".into();
        assert_eq!(spanish.date(2025, 5, 2), "2 de mayo de 2025");
        spanish.long_date = "dd/MM/y 'o''clock'".into();
        assert_eq!(spanish.date(2025, 5, 2), "02/05/2025 o'clock");
        let mut japanese = Interface::english();
        japanese.long_date = "y年M月d日".into();
        assert_eq!(japanese.date(2025, 5, 12), "2025年5月12日");
    }

    #[test]
    fn counts_take_the_languages_plural_forms() {
        let mut arabic = Interface::english();
        arabic.code = "ar".into();
        arabic.counts[0] = PLURAL_KEYS.iter().map(|k| format!("{k} {{count}}")).collect();
        let forms: Vec<String> = [0, 1, 2, 3, 11, 100].iter().map(|n| arabic.count(Count::ReadingTime, *n)).collect();
        assert_eq!(forms, ["zero 0", "one 1", "two 2", "few 3", "many 11", "other 100"]);
        assert_eq!(plural("ru", 21), Plural::One);
        assert_eq!(plural("ru", 22), Plural::Few);
        assert_eq!(plural("ru", 25), Plural::Many);
        assert_eq!(plural("pl", 21), Plural::Many);
        assert_eq!(plural("fr", 0), Plural::One);
        assert_eq!(plural("pt-BR", 1_000_000), Plural::Many);
        assert_eq!(plural("zh-Hant", 1), Plural::Other);
    }

    #[test]
    fn directions() {
        assert_eq!(
            (dir("ar"), dir("he"), dir("fa"), dir("ur"), dir("en"), dir("ja")),
            ("rtl", "rtl", "rtl", "rtl", "ltr", "ltr")
        );
        assert_eq!(dir("ar-EG"), "rtl");
    }

    #[test]
    fn the_flat_form_reads_back() {
        let mut persian = Interface::english();
        persian.code = "fa".into();
        persian.rtl = true;
        persian.digits = Some("۰۱۲۳۴۵۶۷۸۹".into());
        persian.counts[1][0] = "zero".into();
        let json = serde_json::to_string(&persian).unwrap();
        assert!(json.starts_with("[\"fa\",\"English\",\"rtl\",\"۰۱۲۳۴۵۶۷۸۹\",\"d MMMM y\",\"January\""), "{json}");
        assert_eq!(serde_json::from_str::<Interface>(&json).unwrap(), persian);
    }

    #[test]
    fn keys_are_the_texts_in_order() {
        assert_eq!(KEYS[Text::SearchHint as usize], "search_hint");
        assert_eq!(KEYS[Text::PageOf as usize], "page_of");
        assert_eq!(ENGLISH[Text::Undated as usize], "Undated");
        assert_eq!(COUNT_KEYS[Count::Results as usize], "results");
    }
}
