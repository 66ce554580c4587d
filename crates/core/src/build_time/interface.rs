//! Interface files, `i18n/<code>.toml`: the engine's, one per language it
//! ships, and a site's own, which add a language or change some strings of
//! one. Read at build time into [`Interface`]s; the pages carry them to the
//! app, which parses no TOML.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::config::SiteConfig;
use crate::i18n::{self, Interface, COUNT_KEYS, KEYS, PLURAL_KEYS};

/// The engine's interface files, by language code (with script where CLDR
/// needs one: `zh-Hans`, `zh-Hant`).
pub const ENGINE: [(&str, &str); 22] = [
    ("en", include_str!("../../i18n/en.toml")),
    ("vi", include_str!("../../i18n/vi.toml")),
    ("zh-Hans", include_str!("../../i18n/zh-Hans.toml")),
    ("zh-Hant", include_str!("../../i18n/zh-Hant.toml")),
    ("ja", include_str!("../../i18n/ja.toml")),
    ("ko", include_str!("../../i18n/ko.toml")),
    ("fr", include_str!("../../i18n/fr.toml")),
    ("de", include_str!("../../i18n/de.toml")),
    ("es", include_str!("../../i18n/es.toml")),
    ("pt", include_str!("../../i18n/pt.toml")),
    ("it", include_str!("../../i18n/it.toml")),
    ("ru", include_str!("../../i18n/ru.toml")),
    ("uk", include_str!("../../i18n/uk.toml")),
    ("pl", include_str!("../../i18n/pl.toml")),
    ("tr", include_str!("../../i18n/tr.toml")),
    ("ar", include_str!("../../i18n/ar.toml")),
    ("he", include_str!("../../i18n/he.toml")),
    ("fa", include_str!("../../i18n/fa.toml")),
    ("hi", include_str!("../../i18n/hi.toml")),
    ("id", include_str!("../../i18n/id.toml")),
    ("th", include_str!("../../i18n/th.toml")),
    ("nl", include_str!("../../i18n/nl.toml")),
];

/// The engine's interfaces, read once. A broken engine file is a bug the
/// tests catch: it falls back to English here rather than stop a build.
static ENGINE_INTERFACES: LazyLock<Vec<Interface>> = LazyLock::new(|| {
    ENGINE
        .iter()
        .map(|(code, text)| {
            let read = read(text).unwrap_or_default();
            complete(code, &Interface::english(), read).0
        })
        .collect()
});

/// The engine's file that serves a configured language code: the same
/// code (any case); Chinese by script, a bare `zh` (and `zh-CN`, `zh-SG`)
/// being Simplified, `zh-TW`, `zh-HK`, `zh-MO` Traditional, as in CLDR;
/// else the language without its region (`pt-BR` → `pt`).
pub fn engine_code(code: &str) -> Option<&'static str> {
    let lower = code.to_ascii_lowercase();
    let exact = ENGINE.iter().find(|(c, _)| c.to_ascii_lowercase() == lower).map(|(c, _)| *c);
    exact.or_else(|| {
        let mut parts = lower.split(['-', '_']);
        let primary = parts.next()?;
        let rest: Vec<&str> = parts.collect();
        if primary == "zh" {
            let traditional = rest.iter().any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
            return Some(if traditional { "zh-Hant" } else { "zh-Hans" });
        }
        ENGINE.iter().find(|(c, _)| *c == primary).map(|(c, _)| *c)
    })
}

/// The engine's interface for a configured language, named by its code.
pub fn engine(code: &str) -> Option<Interface> {
    let file = engine_code(code)?;
    let at = ENGINE.iter().position(|(c, _)| *c == file)?;
    let mut interface = ENGINE_INTERFACES[at].clone();
    interface.code = code.to_string();
    Some(interface)
}

/// Registers the engine's interface of `code` (tests that render it).
pub fn register_engine(code: &str) {
    if let Some(interface) = engine(code) {
        i18n::register(interface);
    }
}

/// What an interface file says, every part optional: a site's file may
/// change a single string.
#[derive(Debug, Default, Clone)]
pub struct Read {
    name: Option<String>,
    rtl: Option<bool>,
    digits: Option<String>,
    long_date: Option<String>,
    months: Option<Vec<String>>,
    texts: BTreeMap<usize, String>,
    counts: BTreeMap<usize, Vec<String>>,
    /// Keys folio does not know, as `table.key`.
    pub unknown: Vec<String>,
}

/// Reads an interface file. An error says what is wrong and where.
pub fn read(text: &str) -> Result<Read, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map_or(1, |span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        format!("line {line}: {}", e.message())
    })?;
    let mut read = Read::default();
    let text_of = |value: &toml::Value, key: &str| -> Result<String, String> {
        value.as_str().map(str::to_string).ok_or_else(|| format!("`{key}` must be text in quotes"))
    };
    for (section, value) in &table {
        let Some(entries) = value.as_table() else {
            read.unknown.push(section.clone());
            continue;
        };
        for (key, value) in entries {
            let named = format!("{section}.{key}");
            match (section.as_str(), key.as_str()) {
                ("language", "name") => read.name = Some(text_of(value, &named)?),
                ("language", "dir") => {
                    read.rtl = Some(match text_of(value, &named)?.as_str() {
                        "rtl" => true,
                        "ltr" => false,
                        other => return Err(format!("`language.dir = \"{other}\"`: write \"ltr\" or \"rtl\"")),
                    })
                }
                ("language", "digits") => {
                    let digits = text_of(value, &named)?;
                    if digits.chars().count() != 10 {
                        return Err(format!("`language.digits` must be the ten digits 0 to 9, not `{digits}`"));
                    }
                    read.digits = Some(digits);
                }
                ("dates", "long") => read.long_date = Some(text_of(value, &named)?),
                ("dates", "months") => {
                    let months: Option<Vec<String>> =
                        value.as_array().map(|a| a.iter().filter_map(|m| m.as_str().map(str::to_string)).collect());
                    match months.filter(|m| m.len() == 12) {
                        Some(months) => read.months = Some(months),
                        None => return Err("`dates.months` must be a list of the 12 month names".into()),
                    }
                }
                ("text", key) => match KEYS.iter().position(|k| *k == key) {
                    Some(at) => {
                        let written = text_of(value, &named)?;
                        let expected = placeholders(i18n::ENGLISH[at]);
                        if let Some(stray) = placeholders(&written).into_iter().find(|p| !expected.contains(p)) {
                            return Err(format!(
                                "`text.{key}` has the placeholder `{{{stray}}}`, which folio does not fill; \
                                 it takes {}",
                                if expected.is_empty() {
                                    "none".to_string()
                                } else {
                                    expected.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")
                                }
                            ));
                        }
                        read.texts.insert(at, written);
                    }
                    None => read.unknown.push(named),
                },
                ("counts", key) => match (COUNT_KEYS.iter().position(|k| *k == key), value.as_table()) {
                    (Some(at), Some(forms)) => {
                        let mut written = vec![String::new(); PLURAL_KEYS.len()];
                        for (form, text) in forms {
                            let named = format!("counts.{key}.{form}");
                            match PLURAL_KEYS.iter().position(|p| p == form) {
                                Some(n) => written[n] = text_of(text, &named)?,
                                None => read.unknown.push(named),
                            }
                        }
                        if written[PLURAL_KEYS.len() - 1].is_empty() {
                            return Err(format!("`counts.{key}` needs its `other` form"));
                        }
                        read.counts.insert(at, written);
                    }
                    _ => read.unknown.push(named),
                },
                _ => read.unknown.push(named),
            }
        }
    }
    Ok(read)
}

/// The `{name}`s of a text.
fn placeholders(text: &str) -> Vec<&str> {
    text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

/// `read` completed from `base`: the interface, and the keys that `read`
/// left to `base`.
fn complete(code: &str, base: &Interface, read: Read) -> (Interface, Vec<String>) {
    let mut missing = Vec::new();
    let mut interface = base.clone();
    interface.code = code.to_string();
    let mut take = |key: &str, value: Option<String>, slot: &mut String| match value {
        Some(value) => *slot = value,
        None => missing.push(key.to_string()),
    };
    take("language.name", read.name, &mut interface.name);
    take("dates.long", read.long_date, &mut interface.long_date);
    match read.rtl {
        Some(rtl) => interface.rtl = rtl,
        None => missing.push("language.dir".into()),
    }
    if let Some(digits) = read.digits {
        interface.digits = (digits != "0123456789").then_some(digits);
    }
    match read.months {
        Some(months) => interface.months = months,
        None => missing.push("dates.months".into()),
    }
    let mut texts = read.texts;
    for (at, key) in KEYS.iter().enumerate() {
        match texts.remove(&at) {
            Some(text) => interface.texts[at] = text,
            None => missing.push(format!("text.{key}")),
        }
    }
    let mut counts = read.counts;
    for (at, key) in COUNT_KEYS.iter().enumerate() {
        match counts.remove(&at) {
            Some(forms) => interface.counts[at] = forms,
            None => missing.push(format!("counts.{key}")),
        }
    }
    (interface, missing)
}

/// A site's interfaces: for each of its languages, the engine's file (if
/// it ships one) with the site's own `i18n/<code>.toml` over it.
#[derive(Debug, Default)]
pub struct SiteInterfaces {
    pub interfaces: Vec<Interface>,
    /// What a writer should know: a language with no interface text, keys
    /// a site's file leaves to English, files and keys folio does not use.
    pub warnings: Vec<String>,
}

/// The interfaces of `config`'s languages, given the site's own files by
/// name (`fr.toml`). An unreadable site file is an error naming it.
pub fn site_interfaces(config: &SiteConfig, files: &BTreeMap<String, String>) -> Result<SiteInterfaces, String> {
    let mut site = SiteInterfaces::default();
    let english = Interface::english();
    let mut used = Vec::new();
    for language in &config.languages {
        let code = language.code.as_str();
        let engine = engine(code);
        let file =
            files.iter().find(|(name, _)| name.strip_suffix(".toml").is_some_and(|n| n.eq_ignore_ascii_case(code)));
        let interface = match (engine, file) {
            (Some(engine), None) => engine,
            (engine, Some((name, text))) => {
                used.push(name.clone());
                let read = read(text).map_err(|e| format!("i18n/{name}: {e}"))?;
                for key in &read.unknown {
                    site.warnings.push(format!("i18n/{name}: folio does not use `{key}`; check its spelling"));
                }
                let had_engine = engine.is_some();
                let (interface, missing) = complete(code, engine.as_ref().unwrap_or(&english), read);
                if !had_engine && !missing.is_empty() {
                    site.warnings.push(format!(
                        "i18n/{name}: `{code}` has no {} (English is shown instead); add them as in folio's \
                         crates/core/i18n/en.toml",
                        missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ));
                }
                interface
            }
            (None, None) => {
                site.warnings.push(format!(
                    "folio.toml: folio has no interface text for `{code}`, so its pages show English around \
                     the posts; add i18n/{code}.toml to the site (see docs/languages.md)"
                ));
                let mut interface = english.clone();
                interface.code = code.to_string();
                interface.name = language.name.clone();
                interface
            }
        };
        site.interfaces.push(interface);
    }
    for name in files.keys().filter(|name| !used.contains(name)) {
        site.warnings.push(format!(
            "i18n/{name}: not one of the site's languages ({}); folio does not use it",
            config.codes().join(", ")
        ));
    }
    Ok(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_file_is_whole_and_english_is_the_built_in() {
        for (code, text) in ENGINE {
            let read = read(text).unwrap_or_else(|e| panic!("{code}.toml: {e}"));
            assert!(read.unknown.is_empty(), "{code}.toml: {:?}", read.unknown);
            let (interface, missing) = complete(code, &Interface::english(), read);
            assert!(missing.iter().all(|k| k == "language.digits"), "{code}.toml lacks {missing:?}");
            for (forms, key) in interface.counts.iter().zip(COUNT_KEYS) {
                // Every form the language's plural rules give a number has its text.
                for n in 0..=1_000_000u64 {
                    let category = i18n::plural(code, n) as usize;
                    assert!(!forms[category].is_empty(), "{code}.toml: counts.{key} needs {}", PLURAL_KEYS[category]);
                    if n > 200 {
                        break;
                    }
                }
            }
        }
        let english = engine("en").unwrap();
        assert_eq!(english, Interface::english(), "en.toml and the built-in English are one");
    }

    #[test]
    fn plural_forms_are_cldrs_as_icu4x_has_them() {
        use icu_plurals::{PluralCategory, PluralRuleType, PluralRules};
        for (code, _) in ENGINE {
            let locale: icu_locale_core::Locale = code.parse().unwrap();
            let rules = PluralRules::try_new(locale.into(), PluralRuleType::Cardinal.into()).unwrap();
            let numbers = (0..=1_200u64).chain([1_000_000, 2_000_000, 1_000_001, 10_000_000]);
            for n in numbers {
                let expected = match rules.category_for(n) {
                    PluralCategory::Zero => i18n::Plural::Zero,
                    PluralCategory::One => i18n::Plural::One,
                    PluralCategory::Two => i18n::Plural::Two,
                    PluralCategory::Few => i18n::Plural::Few,
                    PluralCategory::Many => i18n::Plural::Many,
                    PluralCategory::Other => i18n::Plural::Other,
                };
                // The text written is the same: a language whose file has
                // only `other` (Vietnamese: ICU4X's data gives 0 and 1
                // `one`, Node's CLDR 48 does not) reads the same either way.
                let interface = engine(code).unwrap();
                for forms in &interface.counts {
                    let text = |category: i18n::Plural| {
                        Some(&forms[category as usize]).filter(|f| !f.is_empty()).unwrap_or(&forms[5]).clone()
                    };
                    assert_eq!(text(i18n::plural(code, n)), text(expected), "{code}: {n}");
                }
            }
        }
    }

    #[test]
    fn configured_codes_find_their_files() {
        assert_eq!(engine_code("zh"), Some("zh-Hans"));
        assert_eq!(engine_code("zh-TW"), Some("zh-Hant"));
        assert_eq!(engine_code("zh-hant"), Some("zh-Hant"));
        assert_eq!(engine_code("pt-BR"), Some("pt"));
        assert_eq!(engine_code("EN"), Some("en"));
        assert_eq!(engine_code("eo"), None);
        assert_eq!(engine("zh").unwrap().code, "zh");
    }

    #[test]
    fn a_site_overrides_adds_and_is_told_what_is_missing() {
        let mut config = crate::config::demo_config();
        config.languages.push(crate::lang::Language { code: "eo".into(), name: "Esperanto".into() });
        config.languages.push(crate::lang::Language { code: "sw".into(), name: "Kiswahili".into() });
        let files = BTreeMap::from([
            ("vi.toml".to_string(), "[text]\nhome = \"Nhà\"\n".to_string()),
            ("eo.toml".to_string(), "[text]\nhome = \"Hejmo\"\nhomee = \"x\"\n".to_string()),
            ("fr.toml".to_string(), "[text]\nhome = \"Accueil\"\n".to_string()),
        ]);
        let site = site_interfaces(&config, &files).unwrap();
        let by_code = |code: &str| site.interfaces.iter().find(|i| i.code == code).unwrap();
        assert_eq!(by_code("vi").text(i18n::Text::Home), "Nhà");
        assert_eq!(by_code("vi").text(i18n::Text::Contents), "Mục lục", "the rest stays the engine's");
        assert_eq!(by_code("eo").text(i18n::Text::Home), "Hejmo");
        assert_eq!(by_code("eo").text(i18n::Text::Contents), "Contents");
        assert_eq!(by_code("sw").name, "Kiswahili");
        let warnings = site.warnings.join("\n");
        assert!(warnings.contains("i18n/eo.toml: `eo` has no `language.name`"), "{warnings}");
        assert!(warnings.contains("`text.contents`"), "{warnings}");
        assert!(warnings.contains("i18n/eo.toml: folio does not use `text.homee`"), "{warnings}");
        assert!(warnings.contains("no interface text for `sw`"), "{warnings}");
        assert!(warnings.contains("i18n/fr.toml: not one of the site's languages"), "{warnings}");
        assert_eq!(
            site.warnings.iter().filter(|w| w.contains("eo.toml: `eo` has no")).count(),
            1,
            "one warning per language"
        );
        let broken = BTreeMap::from([("vi.toml".to_string(), "[text]\nhome = \"Nhà {tag}\"\n".to_string())]);
        let error = site_interfaces(&config, &broken).unwrap_err();
        assert!(error.contains("i18n/vi.toml: `text.home` has the placeholder `{tag}`"), "{error}");
        let broken = BTreeMap::from([("vi.toml".to_string(), "[text\nhome = 1\n".to_string())]);
        assert!(site_interfaces(&config, &broken).unwrap_err().starts_with("i18n/vi.toml: line 1:"));
    }
}
