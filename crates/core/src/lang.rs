//! Languages: the site's configured ones, and recognising a heading that
//! names a language by its own name ("English", "Tiếng Việt").

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Language {
    /// BCP 47 code as used in URLs and `<html lang>`: `en`, `vi`.
    pub code: String,
    /// The language's own name, shown in the language switch.
    pub name: String,
}

/// Endonyms of common languages, so `## Français` marks a French section when
/// the site has French. Compared case-insensitively.
const ENDONYMS: &[(&str, &[&str])] = &[
    ("en", &["English"]),
    ("vi", &["Tiếng Việt", "Tieng Viet"]),
    ("fr", &["Français", "Francais"]),
    ("de", &["Deutsch"]),
    ("es", &["Español", "Espanol"]),
    ("it", &["Italiano"]),
    ("pt", &["Português", "Portugues"]),
    ("nl", &["Nederlands"]),
    ("pl", &["Polski"]),
    ("ru", &["Русский"]),
    ("uk", &["Українська"]),
    ("tr", &["Türkçe"]),
    ("ja", &["日本語"]),
    ("zh", &["中文", "简体中文", "繁體中文"]),
    ("ko", &["한국어"]),
    ("th", &["ไทย", "ภาษาไทย"]),
    ("id", &["Bahasa Indonesia"]),
    ("ms", &["Bahasa Melayu"]),
    ("ar", &["العربية"]),
    ("hi", &["हिन्दी"]),
    ("sv", &["Svenska"]),
    ("cs", &["Čeština"]),
];

/// The configured language that `heading` names by its own name, if any.
pub fn language_named(heading: &str, languages: &[Language]) -> Option<String> {
    let heading = heading.trim();
    languages
        .iter()
        .find(|lang| {
            let endonyms = ENDONYMS.iter().find(|(code, _)| *code == lang.code).map(|(_, names)| *names).unwrap_or(&[]);
            lang.name.to_lowercase() == heading.to_lowercase()
                || endonyms.iter().any(|name| name.to_lowercase() == heading.to_lowercase())
        })
        .map(|lang| lang.code.clone())
}

/// Whether `code` looks like a language code (`vi`, `fr`, `pt-BR`), used to
/// tell `post.vi.md` from `v1.2.md`.
pub fn looks_like_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The best of the site's languages for a browser's preference list
/// (`navigator.languages`): exact match first, then the primary subtag.
pub fn best_match(preferred: &[String], languages: &[Language]) -> Option<String> {
    preferred.iter().find_map(|wanted| {
        let wanted = wanted.to_lowercase();
        let primary = wanted.split('-').next().unwrap_or("");
        languages
            .iter()
            .find(|l| l.code.to_lowercase() == wanted)
            .or_else(|| languages.iter().find(|l| l.code.to_lowercase().split('-').next() == Some(primary)))
            .map(|l| l.code.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Vec<Language> {
        vec![
            Language { code: "en".into(), name: "English".into() },
            Language { code: "vi".into(), name: "Tiếng Việt".into() },
        ]
    }

    #[test]
    fn headings_naming_languages() {
        assert_eq!(language_named("English", &site()), Some("en".into()));
        assert_eq!(language_named(" tiếng việt ", &site()), Some("vi".into()));
        assert_eq!(language_named("Français", &site()), None, "French is not configured");
        assert_eq!(language_named("Introduction", &site()), None);
    }

    #[test]
    fn codes() {
        assert!(looks_like_code("vi") && looks_like_code("pt-BR".to_lowercase().as_str()));
        assert!(!looks_like_code("2") && !looks_like_code("draft") && !looks_like_code("V1"));
    }

    #[test]
    fn browser_preference() {
        let prefs = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(best_match(&prefs(&["vi-VN", "en-US"]), &site()), Some("vi".into()));
        assert_eq!(best_match(&prefs(&["de", "en-GB"]), &site()), Some("en".into()));
        assert_eq!(best_match(&prefs(&["de"]), &site()), None);
    }
}
