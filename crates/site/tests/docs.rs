//! The docs say what the code does: the cache rules a writer copies into a
//! host's configuration are the ones the build writes in `_headers`.

use folio_core::route::{IMMUTABLE, REVALIDATED};

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The rows of the table under `## Cache rules` in docs/deploy.md: (pattern, rule).
fn documented_cache_rules() -> Vec<(String, String)> {
    let deploy = read("docs/deploy.md");
    let section = deploy.split("\n## Cache rules\n").nth(1).expect("docs/deploy.md has a `## Cache rules` section");
    let section = section.split("\n## ").next().unwrap();
    section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
            let pattern = cells.first()?.strip_prefix('`')?.strip_suffix('`')?;
            Some((pattern.to_string(), cells.get(1)?.to_string()))
        })
        .collect()
}

#[test]
fn the_documented_cache_rules_are_the_built_ones() {
    let built: Vec<(String, String)> = IMMUTABLE
        .iter()
        .map(|p| (p.to_string(), "immutable".to_string()))
        .chain(REVALIDATED.iter().map(|p| (p.to_string(), "revalidate".to_string())))
        .collect();
    assert_eq!(documented_cache_rules(), built);
}

#[test]
fn every_immutable_file_is_in_the_nginx_and_s3_rules() {
    let deploy = read("docs/deploy.md");
    // Each documented setup names every family of hashed files.
    for family in ["controls-", "site-", "search/", "p/", "theme-", "main-", "favicon-"] {
        assert!(deploy.matches(family).count() >= 3, "docs/deploy.md mentions {family} in each setup");
    }
}

#[test]
fn the_readme_stays_a_front_door() {
    let readme = read("README.md");
    assert!(readme.lines().count() <= 150, "README.md has {} lines", readme.lines().count());
    for command in ["bash scripts/serve.sh", "bash scripts/test.sh"] {
        assert!(readme.contains(command), "README.md gives `{command}`");
    }
}
