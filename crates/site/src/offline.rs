//! Offline reading: the service worker (`sw.js`, from the template beside
//! this file) with what it precaches, and the meta attribute that tells
//! `public/controls.js` to register it.

use serde_json::json;

use folio_core::hash::content_hash;

/// The worker's file, at the base path so that its scope is the whole site.
pub use folio_core::route::SERVICE_WORKER_FILE;
const TEMPLATE: &str = include_str!("sw.js");
/// The worker answers for folio's own pages only, so a site at an origin's
/// root leaves the origin's other sites alone.
const SECTIONS: [&str; 7] = folio_core::route::PAGE_SECTIONS;

/// A file the worker precaches at install, by its path under the base.
pub struct Precached<'a> {
    pub path: String,
    pub contents: &'a [u8],
}

/// The worker for `base`. Its version is a hash of its own code and of
/// every precached file, so any change to the app, the not-found or offline
/// pages or the manifest makes browsers install it anew (and offer the
/// reader a reload); a new post alone does not, since pages are revalidated.
/// `offline_pages` are `(language prefix, offline page path)`; `own` are the
/// first folders of the writer's pages (`about/`), which are folio's too.
pub fn service_worker(
    base: &str,
    precache: &[Precached],
    offline_pages: &[(String, String)],
    own: &[String],
) -> String {
    let mut fingerprint = format!("{TEMPLATE}\n{:?}", folio_core::route::IMMUTABLE);
    for file in precache {
        fingerprint.push_str(&format!("\n{} {}", file.path, content_hash(file.contents)));
    }
    let mut sections: Vec<&str> = SECTIONS.to_vec();
    sections.extend(offline_pages.iter().map(|(prefix, _)| prefix.as_str()).filter(|p| !p.is_empty()));
    sections.extend(own.iter().map(String::as_str));
    let config = json!({
        "version": content_hash(fingerprint.as_bytes()),
        "base": base,
        "sections": sections,
        "precache": precache.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        "immutable": folio_core::route::IMMUTABLE,
        "offline": offline_pages,
    });
    format!("var FOLIO = {config};\n{TEMPLATE}")
}

/// The attribute of folio's `<meta>` that has pages register the worker.
pub fn meta_attribute(base: &str) -> String {
    format!(" data-service-worker=\"{base}{SERVICE_WORKER_FILE}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(worker: &str) -> String {
        let config: serde_json::Value = serde_json::from_str(
            worker.lines().next().unwrap().trim_start_matches("var FOLIO = ").trim_end_matches(';'),
        )
        .unwrap();
        config["version"].as_str().unwrap().to_string()
    }

    #[test]
    fn the_worker_keeps_for_good_what_hosts_keep_for_a_year() {
        let worker = service_worker("/blog/", &[], &[], &[]);
        let immutable = serde_json::to_string(&folio_core::route::IMMUTABLE).unwrap();
        assert!(worker.contains(&format!("\"immutable\":{immutable}")), "{worker}");
    }

    #[test]
    fn the_version_follows_every_precached_file() {
        let offline = [(String::new(), "offline.html".to_string()), ("vi/".into(), "vi/offline.html".into())];
        let files = |page: &'static [u8]| {
            vec![
                Precached { path: "main-0123456789abcdef.css".into(), contents: b"body{}" },
                Precached { path: "404.html".into(), contents: page },
            ]
        };
        let one = service_worker("/blog/", &files(b"<p>Not found"), &offline, &[]);
        assert!(one.starts_with("var FOLIO = {") && one.contains("\"base\":\"/blog/\""), "{one}");
        assert!(one.contains("[\"vi/\",\"vi/offline.html\"]"));
        assert!(
            one.contains(
                "\"sections\":[\"\",\"index.html\",\"data.json\",\"posts/\",\"tags/\",\"page/\",\"archive/\",\"vi/\"]"
            ),
            "{one}"
        );
        assert_eq!(version(&one), version(&service_worker("/blog/", &files(b"<p>Not found"), &offline, &[])));
        assert_ne!(version(&one), version(&service_worker("/blog/", &files(b"<p>Gone"), &offline, &[])));
    }
}
