//! What a debug build (`trunk serve`) keeps from one build to the next, so
//! that after an edit to one post of a 10,000-post site the build writes that
//! post's files and the lists it is on, not the whole site.
//!
//! Trunk hands every build an empty staging folder, then replaces `dist/`
//! with it. A release build writes every file there. A debug build writes the
//! site into `target/folio-dev/<site key>/site-<n>/`, which it keeps: a file is written only
//! when its contents changed, a file the build no longer makes is deleted, and
//! the staging folder gets a symbolic link to each of the site's top-level
//! entries. Beside it, `state.json` remembers what each post file read to (by
//! its stamp: size, times, inode), what each post's pages were made from, and
//! every file's hash. The state is deleted before the site is touched and written again
//! once the build is done, so a build that stops halfway leaves no state and
//! the next one starts over: with a state present, the site matches it. A
//! build that starts over writes a new site folder, so the one Trunk serves
//! stays whole meanwhile; folders no state names are deleted in the background.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::error::BuildError;
use folio_core::build_time::index::SourceRead;
use folio_core::hash::content_hash;
use serde::{Deserialize, Serialize};

/// What the last debug build left.
#[derive(Default, Serialize, Deserialize)]
pub struct State {
    /// Hash of what every read depends on: the indexer itself, `folio.toml`, drafts or not.
    reads_key: String,
    /// Hash of what every page depends on besides its post: the above, the
    /// public path and Trunk's `index.html` (which names the app's hashed files).
    pages_key: String,
    /// Each file of the posts folder as `index::read_source` read it, with
    /// its stamp (the indexer's `stamp`) and the hash of its bytes.
    /// Errors are not kept: they are read again.
    reads: HashMap<String, KeptRead>,
    /// What each post's pages were made from, by slug.
    pub posts: HashMap<String, PostRecord>,
    /// Every file of the site, with the hash of its contents.
    files: HashMap<String, String>,
    /// The site's folder in `target/folio-dev/`.
    site: String,
}

#[derive(Serialize, Deserialize)]
struct KeptRead {
    stamp: String,
    hash: String,
    read: SourceRead,
}

/// What one post's files were made from, and which files they are. Its pages
/// are a function of its index entry (which has its files' hashes), of what
/// the site knew about each post and image its files refer to, and of the
/// pages key; so while none of these changed, its files are kept as they are.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct PostRecord {
    /// Hash of the post's index entry.
    pub entry: String,
    /// Every post slug its files asked about, with the answer: the post's
    /// languages, main first, or none when no such post existed.
    pub links: BTreeMap<String, Option<Vec<String>>>,
    /// Every image path its files asked about, with the size found.
    pub images: BTreeMap<String, Option<(u32, u32)>>,
    /// Every root-relative or absolute link its files asked about, with the
    /// post whose old URL it was, if any.
    #[serde(default)]
    pub old_links: BTreeMap<String, Option<String>>,
    /// Every post file name its relative links named, with the slug its
    /// front matter gives instead, if any.
    #[serde(default)]
    pub renamed: BTreeMap<String, Option<String>>,
    /// The files written for it, relative to the site folder.
    pub files: Vec<String>,
    /// What rendering it warned about, shown again while its pages are kept.
    pub warnings: Vec<String>,
    /// What each version adds to the search data, by language.
    #[serde(default)]
    pub search: Vec<(String, folio_core::search::DocTerms)>,
}

/// `target/folio-dev/<site>/` in the engine's folder: one for each site
/// folder, named by a hash of its absolute path.
pub struct DevFolder(PathBuf);

impl DevFolder {
    pub fn new(engine: &Path, site: &Path) -> Self {
        // Absolute, as the staging folder's links point into it.
        let engine = std::path::absolute(engine).unwrap_or_else(|_| engine.to_path_buf());
        let site = fs::canonicalize(site).unwrap_or_else(|_| site.to_path_buf());
        let key = &content_hash(site.to_string_lossy().as_bytes())[..12];
        DevFolder(engine.join("target").join("folio-dev").join(key))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    fn state_path(&self) -> PathBuf {
        self.0.join("state.json")
    }

    /// Deletes, in the background, every site folder but `current`: those
    /// of builds that started over, and any a stopped deletion left.
    pub fn sweep(&self, current: &str) {
        let Ok(entries) = fs::read_dir(&self.0) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("site-") && name != current {
                let _ = discard(&entry.path());
            }
        }
    }

    /// The last build's state, or an empty one when there is none or it does
    /// not read (an older indexer wrote it, or it is damaged).
    pub fn load(&self) -> State {
        fs::read(self.state_path()).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    /// Writes the state atomically: a rename, so a reader never sees half of it.
    pub fn save(&self, state: &State) -> Result<(), BuildError> {
        use std::io::Write;
        let partial = self.0.join("state.json.partial");
        fs::create_dir_all(&self.0).map_err(BuildError::io("create", &self.0))?;
        let mut file = std::io::BufWriter::new(fs::File::create(&partial).map_err(BuildError::io("write", &partial))?);
        serde_json::to_writer(&mut file, state).map_err(BuildError::json("the build state"))?;
        file.flush().map_err(BuildError::io("write", &partial))?;
        drop(file);
        fs::rename(&partial, self.state_path()).map_err(BuildError::io("write", self.state_path()))
    }
}

impl State {
    /// Sets the key of the reads; reads kept under another are forgotten,
    /// and so is every page.
    pub fn check_reads_key(&mut self, key: String) {
        if self.reads_key != key {
            self.reads.clear();
            self.pages_key.clear();
        }
        self.reads_key = key;
    }

    /// Sets the key of the pages; pages made under another are forgotten.
    pub fn check_pages_key(&mut self, key: String) {
        if self.pages_key != key {
            self.posts.clear();
            self.files.clear();
        }
        self.pages_key = key;
    }

    /// The kept read of `name`, with the hash of its bytes, if the file's
    /// stamp is still `stamp` (an empty stamp matches nothing).
    pub fn take_read(&mut self, name: &str, stamp: &str) -> Option<(String, SourceRead)> {
        match self.reads.remove(name) {
            Some(kept) if kept.stamp == stamp && !stamp.is_empty() => Some((kept.hash, kept.read)),
            _ => None,
        }
    }

    /// Keeps this build's reads (all but the errors) for the next: by name,
    /// (stamp, hash of the bytes), read.
    pub fn keep_reads(&mut self, reads: impl IntoIterator<Item = ((String, String), (String, SourceRead))>) {
        self.reads = reads
            .into_iter()
            .filter(|(_, (_, read))| !matches!(read, SourceRead::Error(_)))
            .map(|((name, stamp), (hash, read))| (name, KeptRead { stamp, hash, read }))
            .collect();
    }
}

/// A hash of the running indexer: a rebuilt indexer may write other pages.
pub fn indexer_identity() -> String {
    let meta = std::env::current_exe().and_then(fs::metadata);
    match meta {
        Ok(meta) => {
            let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            format!("{}-{:?}", meta.len(), modified)
        }
        // Unknown: never equal to a kept key, so nothing is reused.
        Err(e) => format!("unknown {e} {:?}", std::time::SystemTime::now()),
    }
}

/// Where the build's files go.
pub struct Output {
    /// The folder files are written into.
    root: PathBuf,
    kept: Option<Kept>,
}

/// A debug build's site folder, kept between builds.
struct Kept {
    staging: PathBuf,
    /// Every file as the last build left it, with its hash.
    before: HashMap<String, String>,
    /// Every file this build wrote or kept, with its hash.
    now: Mutex<HashMap<String, String>>,
    written: AtomicUsize,
}

/// What a debug build did to the kept site.
pub struct Changes {
    /// Every file of the site, with its hash.
    pub files: HashMap<String, String>,
    pub written: usize,
    pub deleted: usize,
}

impl Output {
    /// Every file written into Trunk's staging folder.
    pub fn release(staging: &Path) -> Self {
        Output { root: staging.to_path_buf(), kept: None }
    }

    /// The kept site folder of `dev`, as `state` says the last build left it.
    /// Removes the state first (see the module's comment); without one, the
    /// folder is emptied, as nothing says what is in it.
    pub fn debug(dev: &DevFolder, staging: &Path, state: &mut State) -> Result<Self, BuildError> {
        let had_state = dev.state_path().exists();
        match fs::remove_file(dev.state_path()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(BuildError::io("remove", dev.state_path())(e));
            }
            _ => {}
        }
        if !had_state || state.files.is_empty() || state.site.is_empty() {
            state.files.clear();
            state.posts.clear();
            let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |t| t.as_nanos());
            state.site = format!("site-{stamp}");
        }
        let root = dev.0.join(&state.site);
        let kept = Kept {
            staging: staging.to_path_buf(),
            before: std::mem::take(&mut state.files),
            now: Mutex::new(HashMap::new()),
            written: AtomicUsize::new(0),
        };
        Ok(Output { root, kept: Some(kept) })
    }

    /// Whether the site is kept for the next build (a debug build's).
    pub fn keeps_site(&self) -> bool {
        self.kept.is_some()
    }

    /// Writes `bytes` to `path` (relative to the site), unless the last
    /// build left that very file there.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        if let Some(kept) = &self.kept {
            let hash = content_hash(bytes);
            // Content-addressed files (`p/<hash>.json`) can be written by several posts.
            let again = kept.now.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), hash.clone());
            if kept.before.get(path) == Some(&hash) || again.as_ref() == Some(&hash) {
                return Ok(());
            }
            kept.written.fetch_add(1, Ordering::Relaxed);
        }
        write(&self.root.join(path), bytes)
    }

    /// Whether this build (or Trunk, before it) has already written `path`.
    pub fn holds(&self, path: &str) -> bool {
        match &self.kept {
            Some(kept) => {
                kept.now.lock().unwrap_or_else(|e| e.into_inner()).contains_key(path)
                    || kept.staging.join(path).exists()
            }
            None => self.root.join(path).exists(),
        }
    }

    /// Keeps the files the last build wrote at `paths` as they are; false if
    /// it did not write them all (then they must be written).
    pub fn keep(&self, paths: &[String]) -> bool {
        let Some(kept) = &self.kept else { return false };
        if !paths.iter().all(|p| kept.before.contains_key(p)) {
            return false;
        }
        let mut now = kept.now.lock().unwrap_or_else(|e| e.into_inner());
        for path in paths {
            now.insert(path.clone(), kept.before[path].clone());
        }
        true
    }

    /// Ends the build: in a debug build, deletes the files it no longer made,
    /// links the staging folder's entries to the site, and gives every file's
    /// hash for the state.
    pub fn finish(self) -> Result<Option<Changes>, BuildError> {
        let Some(kept) = self.kept else { return Ok(None) };
        let now = kept.now.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut deleted = 0;
        let by_case: HashMap<String, &String> = now.keys().map(|p| (p.to_lowercase(), p)).collect();
        for stale in kept.before.keys().filter(|p| !now.contains_key(*p)) {
            let path = self.root.join(stale);
            // On a file system that ignores case, `Hello/` renamed `hello/` is
            // one file: the new one, not to be deleted.
            if by_case.get(&stale.to_lowercase()).is_some_and(|p| same_file(&path, &self.root.join(p))) {
                continue;
            }
            deleted += 1;
            if let Err(e) = fs::remove_file(&path) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    return Err(BuildError::io("delete", path)(e));
                }
            }
            // Its folders go too once empty (`posts/old-slug/`), or the
            // server would list a folder for a post that is gone.
            let mut parent = path.parent();
            while let Some(dir) = parent.filter(|d| *d != self.root) {
                if fs::remove_dir(dir).is_err() {
                    break;
                }
                parent = dir.parent();
            }
        }
        let top: HashSet<&str> = now.keys().map(|p| p.split('/').next().unwrap_or(p)).collect();
        for name in top {
            let link = kept.staging.join(name);
            if let Ok(meta) = fs::symlink_metadata(&link) {
                let removed = if meta.is_dir() { fs::remove_dir_all(&link) } else { fs::remove_file(&link) };
                removed.map_err(BuildError::io("replace", &link))?;
            }
            symlink(&self.root.join(name), &link)?;
        }
        Ok(Some(Changes { files: now, written: kept.written.into_inner(), deleted }))
    }
}

impl State {
    /// Records the files of the site as this build left them.
    pub fn set_files(&mut self, files: HashMap<String, String>) {
        self.files = files;
    }

    /// The site's folder in `target/folio-dev/`.
    pub fn site(&self) -> &str {
        &self.site
    }
}

/// Deletes the folder `dir` in the background: deleting the 60,000 files of
/// a 10,000-post site takes seconds, which the build need not wait for.
fn discard(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if std::process::Command::new("rm").arg("-rf").arg(dir).spawn().is_ok() {
        return Ok(());
    }
    fs::remove_dir_all(dir)
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    // Windows ignores case by default: paths equal but for case are one file.
    true
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> Result<(), BuildError> {
    std::os::unix::fs::symlink(target, link).map_err(BuildError::io("link", link))
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> Result<(), BuildError> {
    // Without symbolic links, a copy: slower, but the same site.
    copy_tree(target, link).map_err(BuildError::io("copy the site to", link))
}

#[cfg(not(unix))]
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if from.is_dir() {
        fs::create_dir_all(to)?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        fs::copy(from, to).map(|_| ())
    }
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(BuildError::io("create", parent))?;
    }
    fs::write(path, bytes).map_err(BuildError::io("write", path))
}
