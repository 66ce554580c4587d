//! The docs say what the code does: the cache rules a writer copies into a
//! host's configuration are the ones the build writes in `_headers`.

use folio_core::route::{IMMUTABLE, REVALIDATED};
use folio_site::hosting::content_security_policy;

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

/// A pattern of the docs' nginx rules (`folio-[^/]*\.js`) as a host's glob (`folio-*.js`).
fn nginx_as_glob(alternative: &str) -> String {
    alternative.replace("[^/]*", "*").replace(".*", "*").replace("\\.", ".")
}

/// The alternatives of the nginx `location ~ ^/blog/(…)$` rule whose
/// alternatives include `first`, as globs.
fn nginx_rule(deploy: &str, first: &str) -> Vec<String> {
    let line = deploy
        .lines()
        .find(|l| l.trim_start().starts_with("location ~ ^/blog/(") && l.contains(first))
        .unwrap_or_else(|| panic!("docs/deploy.md has an nginx rule with {first}"));
    let inner = line.split_once("^/blog/(").unwrap().1.split_once(")$").unwrap().0;
    inner.split('|').map(nginx_as_glob).collect()
}

/// The `--include '…'` patterns of the docs' S3 array `name=(…)`.
fn s3_rule(deploy: &str, name: &str) -> Vec<String> {
    let start = deploy.find(&format!("{name}=(")).unwrap_or_else(|| panic!("docs/deploy.md sets {name}"));
    let array = &deploy[start..start + deploy[start..].find(')').unwrap()];
    array.split("--include '").skip(1).map(|p| p.split('\'').next().unwrap().to_string()).collect()
}

#[test]
fn the_nginx_and_s3_rules_are_the_built_ones() {
    let deploy = read("docs/deploy.md");
    let immutable: Vec<String> = IMMUTABLE.iter().map(|p| p.to_string()).collect();
    let revalidated: Vec<String> = REVALIDATED.iter().map(|p| p.to_string()).collect();
    assert_eq!(nginx_rule(&deploy, "\\.wasm"), immutable);
    assert_eq!(nginx_rule(&deploy, "data\\.json"), revalidated);
    assert_eq!(s3_rule(&deploy, "IMMUTABLE"), immutable);
    assert_eq!(s3_rule(&deploy, "REVALIDATE"), revalidated);
}

#[test]
fn the_documented_policy_is_the_built_one() {
    for doc in ["docs/deploy.md", "docs/security.md"] {
        let text = read(doc);
        let policies: Vec<&str> = text.lines().filter(|l| l.contains("default-src 'self'; script-src")).collect();
        assert!(!policies.is_empty(), "{doc} gives the policy");
        for line in policies {
            assert!(line.contains(&content_security_policy()), "{doc}: {line}\nbuilt: {}", content_security_policy());
        }
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
