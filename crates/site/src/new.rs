//! Starting a post or a page: a Markdown file in the site folder with its
//! front matter filled in (title, today's date for a post, the site's
//! default language, `draft: true`), named after its title as headings'
//! ids are ("Bộ nhớ đệm" is `bo-nho-dem.md`).

use std::fs;
use std::path::PathBuf;

use super::error::BuildError;
use super::site_folder::SiteFolder;
use folio_core::date::Date;
use folio_core::slug::slugify;

/// What to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Post,
    Page,
}

impl Kind {
    pub fn parse(word: &str) -> Option<Kind> {
        match word {
            "post" => Some(Kind::Post),
            "page" => Some(Kind::Page),
            _ => None,
        }
    }

    fn folder(self) -> &'static str {
        match self {
            Kind::Post => "posts",
            Kind::Page => "pages",
        }
    }
}

/// A YAML string that reads back as `text`, whatever it holds.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The new file's text.
pub fn front_matter(kind: Kind, title: &str, lang: &str, today: Date) -> String {
    let date = match kind {
        Kind::Post => format!("date: {}\n", today.iso()),
        Kind::Page => String::new(),
    };
    format!("---\ntitle: {}\n{date}lang: {lang}\ndraft: true\n---\n\n", quoted(title.trim()))
}

/// Writes a new post or page titled `title` into the site folder `site`,
/// never over a file that is there, and returns its path.
pub fn start(site: &SiteFolder, kind: Kind, title: &str, today: Date) -> Result<PathBuf, BuildError> {
    let (_, config, _) = site.config()?;
    let title = title.trim();
    if title.is_empty() {
        return Err(BuildError::New { message: "give the title, in quotes: `new post \"My title\"`".into() });
    }
    let slug = match slugify(title) {
        slug if slug.is_empty() => format!("{}-{}", kind.folder().trim_end_matches('s'), today.iso()),
        slug => slug,
    };
    let folder = site.dir().join(kind.folder());
    fs::create_dir_all(&folder).map_err(BuildError::io("create", &folder))?;
    let path = folder.join(format!("{slug}.md"));
    let text = front_matter(kind, title, &config.default_language, today);
    // `create_new`: an existing file is never replaced, even by a race.
    let file = fs::OpenOptions::new().write(true).create_new(true).open(&path);
    match file {
        Ok(mut file) => {
            std::io::Write::write_all(&mut file, text.as_bytes()).map_err(BuildError::io("write", &path))?;
            Ok(path)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(BuildError::New {
            message: format!(
                "{} is there already; edit it, or start the {} with another title",
                site.shown(&format!("{}/{slug}.md", kind.folder())),
                kind.folder().trim_end_matches('s')
            ),
        }),
        Err(e) => Err(BuildError::io("write", &path)(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_reads_back_as_written() {
        let day = Date::parse("2026-12-05").unwrap();
        let text = front_matter(Kind::Post, "Bộ nhớ \"đệm\" \\ x", "vi", day);
        assert_eq!(text, "---\ntitle: \"Bộ nhớ \\\"đệm\\\" \\\\ x\"\ndate: 2026-12-05\nlang: vi\ndraft: true\n---\n\n");
        assert_eq!(
            front_matter(Kind::Page, "About", "en", day),
            "---\ntitle: \"About\"\nlang: en\ndraft: true\n---\n\n"
        );
    }
}
