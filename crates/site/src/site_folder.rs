//! A writer's site folder, as the build reads it: `folio.toml`, `posts/`,
//! `static/`, `style.css`, and the folders kept for later versions. Paths in
//! messages are shown as the writer knows them: relative to the folder they
//! ran the build in when the site is under it, else absolute.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::error::BuildError;
use folio_core::config::SiteConfig;
use folio_core::hash::content_hash;

/// The keys of `folio.toml` this version reads, and of each `[[languages]]`:
/// any other is named in a warning (a misspelling, or a later version's key).
const CONFIG_KEYS: [&str; 17] = [
    "title",
    "base_url",
    "default_language",
    "languages",
    "description",
    "csp_meta",
    "page_size",
    "feed_posts",
    "old_permalinks",
    "author",
    "author_url",
    "menu",
    "footer",
    "social",
    "logo",
    "logo_only",
    "favicon",
];
const LANGUAGE_KEYS: [&str; 2] = ["code", "name"];
const MENU_KEYS: [&str; 2] = ["url", "name"];

pub struct SiteFolder {
    dir: PathBuf,
    shown_dir: PathBuf,
}

impl SiteFolder {
    /// The site at `dir`; `here` is the folder the writer ran the build in.
    pub fn new(dir: &Path, here: Option<&Path>) -> Self {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let shown_dir =
            here.and_then(|here| dir.strip_prefix(here).ok().map(Path::to_path_buf)).unwrap_or_else(|| dir.clone());
        SiteFolder { dir, shown_dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn posts_dir(&self) -> PathBuf {
        self.dir.join("posts")
    }

    /// `name` under the site as messages show it.
    pub fn shown(&self, name: &str) -> String {
        self.shown_dir.join(name).to_string_lossy().into_owned()
    }

    /// `folio.toml`, as text (what every read depends on) and as read, with
    /// the keys it has that folio does not use.
    pub fn config(&self) -> Result<(String, SiteConfig, Vec<String>), BuildError> {
        let shown = self.shown("folio.toml");
        let text = fs::read_to_string(self.dir.join("folio.toml"))
            .map_err(|source| BuildError::NoConfig { shown: shown.clone(), source })?;
        let config =
            folio_core::build_time::read_config(&text).map_err(|message| BuildError::Config { shown, message })?;
        let unused = unused_keys(&text);
        Ok((text, config, unused))
    }

    /// The site's interface files (`i18n/<code>.toml`) by name, and the
    /// names of other files there, which folio does not read.
    pub fn interface_files(&self) -> Result<(BTreeMap<String, String>, Vec<String>), BuildError> {
        let dir = self.dir.join("i18n");
        let mut files = BTreeMap::new();
        let mut others = Vec::new();
        let Ok(entries) = fs::read_dir(&dir) else { return Ok((files, others)) };
        for entry in entries {
            let entry = entry.map_err(BuildError::io("read", &dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".toml") && entry.path().is_file() {
                let text = fs::read_to_string(entry.path()).map_err(BuildError::io("read", entry.path()))?;
                files.insert(name, text);
            } else {
                others.push(name);
            }
        }
        others.sort();
        Ok((files, others))
    }

    pub fn pages_dir(&self) -> PathBuf {
        self.dir.join("pages")
    }

    /// Every file under `pages/`, by path relative to it, with its stamp;
    /// none when the site has no pages.
    pub fn pages(&self) -> Result<Vec<(String, String)>, BuildError> {
        let dir = self.pages_dir();
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        Ok(files_under(&dir)?.into_iter().map(|(name, meta)| (name, stamp(&meta))).collect())
    }

    /// Every file under `posts/`, by path relative to it, with its stamp
    /// (`stamp`), in order.
    pub fn posts(&self) -> Result<Vec<(String, String)>, BuildError> {
        let dir = self.posts_dir();
        if !dir.is_dir() {
            return Err(BuildError::NoPosts { shown: self.shown("posts") });
        }
        Ok(files_under(&dir)?.into_iter().map(|(name, meta)| (name, stamp(&meta))).collect())
    }

    /// `style.css` as it is published, with its bytes: `site-<hash>.css` in
    /// a release build; `site-dev.css` in a debug one, so that an edit of the
    /// style changes no page (every page names it) and rewrites one file.
    pub fn stylesheet(&self, release: bool) -> Result<Option<(String, Vec<u8>)>, BuildError> {
        let path = self.dir.join("style.css");
        match fs::read(&path) {
            Ok(css) if release => Ok(Some((format!("site-{}.css", &content_hash(&css)[..12]), css))),
            Ok(css) => Ok(Some(("site-dev.css".into(), css))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(BuildError::io("read", path)(e)),
        }
    }

    /// Every file under `static/`, by its path there (its path in the
    /// output), with where it is, in order.
    pub fn static_files(&self) -> Result<Vec<(String, PathBuf)>, BuildError> {
        let dir = self.dir.join("static");
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        Ok(files_under(&dir)?.into_iter().map(|(name, _)| (name.clone(), dir.join(name))).collect())
    }
}

/// The keys of `folio.toml`'s text that folio does not read, as
/// `key` or `languages[n].key`.
fn unused_keys(text: &str) -> Vec<String> {
    let Ok(table) = text.parse::<toml::Table>() else { return Vec::new() };
    let mut unused: Vec<String> = table.keys().filter(|k| !CONFIG_KEYS.contains(&k.as_str())).cloned().collect();
    for (list, keys) in [("languages", &LANGUAGE_KEYS[..]), ("menu", &MENU_KEYS[..])] {
        if let Some(toml::Value::Array(items)) = table.get(list) {
            for (n, item) in items.iter().enumerate() {
                let Some(item) = item.as_table() else { continue };
                let extra = item.keys().filter(|k| !keys.contains(&k.as_str()));
                unused.extend(extra.map(|k| format!("{list}[{}].{k}", n + 1)));
            }
        }
    }
    if let Some(toml::Value::Table(social)) = table.get("social") {
        let known = |k: &str| k == "rss" || folio_core::config::Profile::KEYS.contains(&k);
        unused.extend(social.keys().filter(|k| !known(k)).map(|k| format!("social.{k}")));
    }
    unused
}

/// Every file under `dir` (links followed, each folder once, so that a link
/// to a folder above it cannot loop), by its path relative to it with `/`
/// between folders, with its metadata, in order.
fn files_under(dir: &Path) -> Result<Vec<(String, fs::Metadata)>, BuildError> {
    let mut files = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        if !seen.insert(fs::canonicalize(&current).map_err(BuildError::io("read", &current))?) {
            continue;
        }
        let entries = fs::read_dir(&current).map_err(BuildError::io("read", &current))?;
        for entry in entries {
            let path = entry.map_err(BuildError::io("read", &current))?.path();
            let meta = fs::metadata(&path).map_err(BuildError::io("read", &path))?;
            if meta.is_dir() {
                pending.push(path);
                continue;
            }
            let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            files.push((name, meta));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// What tells a file changed without reading it: its size, modification
/// time and, on Unix, its inode and change time (which a rename, or a copy
/// that keeps the modification time, changes). A file changed in the last
/// seconds may change again within its file system's clock tick, stamp
/// unchanged: it gets no stamp, so the next build reads it.
fn stamp(meta: &fs::Metadata) -> String {
    let recent = |t: std::time::SystemTime| t.elapsed().map_or(true, |age| age.as_secs() < 2);
    let Some(modified) = meta.modified().ok().filter(|t| !recent(*t)) else { return String::new() };
    let since = modified.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let changed = std::time::UNIX_EPOCH + std::time::Duration::new(meta.ctime().max(0) as u64, 0);
        if recent(changed) {
            return String::new();
        }
        format!("{} {since:?} {} {}.{}", meta.len(), meta.ino(), meta.ctime(), meta.ctime_nsec())
    }
    #[cfg(not(unix))]
    format!("{} {since:?}", meta.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_folio_does_not_read_are_named() {
        let text = "title = \"t\"\nmenus = []\n[social]\ntwitter = \"x\"\n[[languages]]\ncode = \"en\"\nname = \"English\"\ndir = \"ltr\"\n[[menu]]\nurl = \"a\"\nname = \"A\"\nweight = 1\n";
        assert_eq!(unused_keys(text), ["menus", "languages[1].dir", "menu[1].weight", "social.twitter"]);
        assert!(unused_keys("title = \"t\"\npage_size = 5\n").is_empty());
    }

    #[test]
    fn paths_are_shown_from_where_the_writer_is() {
        let site = SiteFolder::new(Path::new("/home/a/blog"), Some(Path::new("/home/a")));
        assert_eq!(site.shown("posts"), "blog/posts");
        let elsewhere = SiteFolder::new(Path::new("/srv/blog"), Some(Path::new("/home/a")));
        assert_eq!(elsewhere.shown("folio.toml"), "/srv/blog/folio.toml");
    }
}
