//! Every piece of interface text, in one table per language. Languages
//! without a table fall back to English.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Home,
    Posts,
    Contents,
    ShowContents,
    Tags,
    TaggedWith,
    By,
    /// Before the date a post was last changed.
    Updated,
    Languages,
    InOtherLanguage,
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
    /// "Page", before "2 of 9".
    PageWord,
    Of,
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
}

/// The interface language for a content language code: one with a table, else English.
pub fn ui_lang(lang: &str) -> &'static str {
    if lang == "vi" {
        "vi"
    } else {
        "en"
    }
}

pub fn t(lang: &str, text: Text) -> &'static str {
    use Text::*;
    match lang {
        "vi" => match text {
            Home => "Trang chủ",
            Posts => "Bài viết",
            Contents => "Mục lục",
            ShowContents => "Hiện mục lục",
            Tags => "Thẻ",
            TaggedWith => "Bài viết có thẻ",
            By => "Tác giả",
            Updated => "Cập nhật",
            Languages => "Ngôn ngữ",
            InOtherLanguage => "bằng",
            NotFound => "Không tìm thấy",
            NotFoundBody => "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
            BackHome => "Về trang chủ",
            Loading => "Đang tải…",
            LoadFailed => "Không tải được nội dung. Hãy kiểm tra kết nối mạng rồi thử lại.",
            ParseFailed => "Không đọc được bài viết này.",
            Retry => "Thử lại",
            NoPosts => "Chưa có bài viết nào.",
            ThemeToggle => "Đổi giao diện sáng/tối",
            ThemeLight => "Sáng",
            ThemeDark => "Tối",
            SkipToContent => "Chuyển đến nội dung",
            PostNotInLanguage => "Bài viết này chưa có bản tiếng Việt.",
            TaskDone => "đã xong",
            TaskOpen => "chưa xong",
            Copy => "Sao chép",
            Copied => "Đã chép",
            CalloutNote => "Ghi chú",
            CalloutTip => "Mẹo",
            CalloutImportant => "Quan trọng",
            CalloutWarning => "Cảnh báo",
            CalloutCaution => "Thận trọng",
            Footnotes => "Chú thích",
            BackToReference => "Quay lại chỗ tham chiếu",
            LinkToSection => "Liên kết tới mục này",
            Pagination => "Phân trang",
            NewerPosts => "Bài mới hơn",
            OlderPosts => "Bài cũ hơn",
            PageWord => "Trang",
            Of => "/",
            Archive => "Lưu trữ",
            ArchiveLink => "Tất cả bài viết theo năm",
            Undated => "Không ghi ngày",
            Offline => "Bạn đang ngoại tuyến",
            OfflineBody => "Trang này chưa được lưu để đọc khi không có mạng. Hãy kết nối mạng rồi thử lại.",
            UpdateReady => "Đã có phiên bản mới",
            UpdateReload => "Tải lại",
            Search => "Tìm kiếm",
            SearchPlaceholder => "Tìm bài viết",
            SearchClose => "Đóng",
            NoResults => "Không có kết quả",
            SearchFailed => "Không tải được dữ liệu tìm kiếm. Hãy kiểm tra kết nối mạng rồi thử lại.",
            SearchHint => "Gõ để tìm, có dấu hay không dấu đều được.",
        },
        _ => match text {
            Home => "Home",
            Posts => "Posts",
            Contents => "Contents",
            ShowContents => "Show contents",
            Tags => "Tags",
            TaggedWith => "Posts tagged",
            By => "By",
            Updated => "Updated",
            Languages => "Languages",
            InOtherLanguage => "in",
            NotFound => "Not found",
            NotFoundBody => "The page you are looking for does not exist or has moved.",
            BackHome => "Back to the home page",
            Loading => "Loading…",
            LoadFailed => "The content could not be loaded. Check your connection and try again.",
            ParseFailed => "This post could not be read.",
            Retry => "Retry",
            NoPosts => "No posts yet.",
            ThemeToggle => "Switch light/dark theme",
            ThemeLight => "Light",
            ThemeDark => "Dark",
            SkipToContent => "Skip to content",
            PostNotInLanguage => "This post is not available in English yet.",
            TaskDone => "done",
            TaskOpen => "to do",
            Copy => "Copy",
            Copied => "Copied",
            CalloutNote => "Note",
            CalloutTip => "Tip",
            CalloutImportant => "Important",
            CalloutWarning => "Warning",
            CalloutCaution => "Caution",
            Footnotes => "Footnotes",
            BackToReference => "Back to reference",
            LinkToSection => "Link to this section",
            Pagination => "Pages",
            NewerPosts => "Newer posts",
            OlderPosts => "Older posts",
            PageWord => "Page",
            Of => "of",
            Archive => "Archive",
            ArchiveLink => "All posts by year",
            Undated => "Undated",
            Offline => "You are offline",
            OfflineBody => "This page has not been saved for reading offline. Connect to the internet and try again.",
            UpdateReady => "A new version is available",
            UpdateReload => "Reload",
            Search => "Search",
            SearchPlaceholder => "Search posts",
            SearchClose => "Close",
            NoResults => "No results",
            SearchFailed => "Search could not be loaded. Check your connection and try again.",
            SearchHint => "Type to search; accents are optional.",
        },
    }
}

/// "5 min read" / "5 phút đọc".
pub fn reading_time(lang: &str, minutes: u32) -> String {
    match lang {
        "vi" => format!("{minutes} phút đọc"),
        _ => format!("{minutes} min read"),
    }
}

/// "3 results" / "3 kết quả".
pub fn result_count(lang: &str, count: usize) -> String {
    match (lang, count) {
        ("vi", _) => format!("{count} kết quả"),
        (_, 1) => "1 result".to_string(),
        _ => format!("{count} results"),
    }
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
mod tests {
    use super::*;

    #[test]
    fn both_languages_and_fallback() {
        assert_eq!(t("en", Text::Contents), "Contents");
        assert_eq!(t("vi", Text::Contents), "Mục lục");
        assert_eq!(t("vi", Text::NotFound), "Không tìm thấy");
        assert_eq!(t("vi", Text::Retry), "Thử lại");
        assert_eq!(t("de", Text::Retry), "Retry");
        assert_eq!(reading_time("vi", 3), "3 phút đọc");
    }

    #[test]
    fn post_constructs_are_named_in_both_languages() {
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
            assert_eq!((t("en", text), t("vi", text), t("fr", text)), (en, vi, en));
        }
    }

    #[test]
    fn language_names_in_the_readers_language() {
        let config = crate::config::demo_config();
        assert_eq!(language_label("vi", "en", &config), "Tiếng Anh");
        assert_eq!(language_label("en", "vi", &config), "Vietnamese");
    }
}
