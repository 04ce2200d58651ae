//! Cron-safe reindexing through the real binary: incremental runs equal full rebuilds,
//! no-op runs write nothing, one run at a time.

mod common;

use common::{page, row, search_cli, search_cli_file_limit, write_world};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tflink_search::index::lock::WriteLock;

/// Everything a search can show of an index: every document of both kinds in ranked
/// order with its score, plus totals and facets of a few filtered queries.
fn snapshot(dir: &Path, index: &str) -> Vec<Value> {
    let mut views = Vec::new();
    let queries: [&[&str]; 10] = [
        &["", "--kind", "interaction"],
        &["", "--kind", "protein"],
        // Proteins found through the interactions.
        &["GATA1", "--kind", "protein"],
        &["target:ALAS2 OR tf:GATA1", "--kind", "protein"],
        &["", "--organism", "Mus musculus", "--database", "GTRD", "--database", "JASPAR"],
        &["", "--curated", "yes"],
        &["ChIP", "--organism", "Homo sapiens"],
        &["GATA1"],
        // Orthologs both ways: the page listing P90002, and those P90003's page lists.
        &["ortholog:P90002 OR ortholog:WLD3", "--kind", "protein"],
        &["ortholog:P90002 OR ortholog:WLD3"],
    ];
    for query in queries {
        for offset in ["0", "1000", "2000", "3000"] {
            let mut args = vec!["query", "--index", index, "--json", "--limit", "1000", "--offset", offset];
            args.extend_from_slice(query);
            let mut json = search_cli(dir, &args).json();
            json.as_object_mut().unwrap().remove("took_ms");
            let done = json["hits"].as_array().unwrap().len() < 1000;
            views.push(json);
            if done {
                break;
            }
        }
    }
    views
}

/// Runs an incremental index and a full rebuild of `pages` and asserts they answer alike.
fn assert_incremental_equals_full(dir: &Path, step: &str) -> String {
    let incremental = search_cli(dir, &["index", "--seeds", "pages", "--index", "inc"]);
    let code = incremental.code();
    assert!(code == 0 || code == 2, "{step}: {}", incremental.stderr());
    let summary = incremental.stdout();
    let full = search_cli(dir, &["index", "--seeds", "pages", "--index", "full", "--full"]);
    assert_eq!(full.code(), code, "{step}: same exit code");
    assert_eq!(full.stderr(), incremental.stderr(), "{step}: same rejections");
    let (a, b) = (snapshot(dir, "inc"), snapshot(dir, "full"));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "{step}: incremental and full differ");
    }
    assert_eq!(a.len(), b.len());
    summary
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn run_sequence(dir: &Path) {
    let pages = dir.join("pages");
    assert_incremental_equals_full(dir, "initial");

    // Evidence changes on one side of an interaction (P90001 lists P90002 as a target).
    edit(&pages.join("P90001.md"), "WLD2,P90002,-,GTRD,", "WLD2,P90002,-,GTRD; HTRI; ORegAnno,");
    let summary = assert_incremental_equals_full(dir, "one side's evidence changed");
    assert!(summary.starts_with("updated:") && summary.contains("updated 1,"), "{summary}");

    // A new page, listing existing proteins on both sides and a brand-new partner.
    let new_rows = [row("WLD3", "P90003", "TRED", "one hybrid", &["55"], true)];
    let new_tfs =
        [row("WLD0", "P90000", "GTRD", "selex", &["66"], false), row("NOVEL", "Q7NEW1", "HTRI", "selex", &[], true)];
    fs::write(pages.join("Q5ADD1.md"), page("Q5ADD1", "ADDED1", "Homo sapiens", &new_tfs, &new_rows)).unwrap();
    assert_incremental_equals_full(dir, "page added");

    // A page removed: its interactions listed on other pages stay, with their evidence only.
    fs::remove_file(pages.join("P90004.md")).unwrap();
    assert_incremental_equals_full(dir, "page removed");

    // Renamed: same content under another name.
    fs::rename(pages.join("P90005.md"), pages.join("renamed-P90005.md")).unwrap();
    let summary = assert_incremental_equals_full(dir, "page renamed");
    assert!(summary.contains("added 1, updated 0, removed 1"), "{summary}");

    // A header change: interactions listed only on other pages are described anew.
    edit(&pages.join("P90006.md"), "protein_name: WLD6", "protein_name: RENAMED6");
    assert_incremental_equals_full(dir, "symbol changed");

    // A duplicate accession that sorts first takes over, then goes away again.
    let other =
        page("P90007", "DUPLICATE7", "Homo sapiens", &[row("WLD1", "P90001", "GTRD", "selex", &["9"], false)], &[]);
    fs::write(pages.join("0-dup.md"), other).unwrap();
    assert_incremental_equals_full(dir, "duplicate takes over");
    fs::remove_file(pages.join("0-dup.md")).unwrap();
    assert_incremental_equals_full(dir, "duplicate removed");

    // A page turned bad, then good again; a row turned bad.
    fs::write(pages.join("P90008.md"), "no front matter").unwrap();
    assert_incremental_equals_full(dir, "page rejected");
    write_world(&pages.join("regen"), 20, 2, true);
    fs::copy(pages.join("regen/P90008.md"), pages.join("P90008.md")).unwrap();
    fs::remove_dir_all(pages.join("regen")).unwrap();
    edit(&pages.join("P90009.md"), ",No\n", ",Perhaps\n");
    assert_incremental_equals_full(dir, "page back, row rejected");

    // Orthologs listed, then changed: P90011 lists P90002 (which has a page) and a
    // mouse protein without one; P90003 lists P90012.
    let listing = |ids: &str| format!("orthologs: '[{{\"species\": \"Mus musculus\", \"id\": [{ids}]}}]'");
    edit(&pages.join("P90011.md"), "orthologs: ''", &listing("\"P90002\", \"Q9MUS1\""));
    edit(&pages.join("P90003.md"), "orthologs: ''", &listing("\"P90012\""));
    assert_incremental_equals_full(dir, "orthologs listed");
    let query = ["query", "--index", "inc", "--json", "--kind", "protein", "ortholog:P90002 OR ortholog:WLD3"];
    let found = search_cli(dir, &query).json();
    let mut accessions: Vec<&str> =
        found["hits"].as_array().unwrap().iter().map(|h| h["accession"].as_str().unwrap()).collect();
    accessions.sort_unstable();
    assert_eq!(accessions, ["P90011", "P90012"], "{found}");
    edit(&pages.join("P90011.md"), "\"P90002\", ", "");
    assert_incremental_equals_full(dir, "an ortholog no longer listed");

    // The organism of a page changes.
    edit(&pages.join("P90010.md"), "organism: Homo sapiens", "organism: Rattus norvegicus");
    assert_incremental_equals_full(dir, "organism changed");

    let summary = assert_incremental_equals_full(dir, "nothing changed");
    assert!(summary.starts_with("nothing changed:") && summary.contains("(0 written)"), "{summary}");
}

#[test]
fn incremental_runs_equal_full_rebuilds_on_generated_pages() {
    let dir = tempfile::tempdir().unwrap();
    write_world(&dir.path().join("pages"), 20, 2, true);
    let first = search_cli(dir.path(), &["index", "--seeds", "pages", "--index", "inc"]).expect_code(0);
    assert!(first.stdout().starts_with("full rebuild"), "{}", first.stdout());
    run_sequence(dir.path());
}

#[test]
fn incremental_runs_equal_full_rebuilds_with_real_pages() {
    let Some(corpus) = common::shared_corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    write_world(&dir.path().join("pages"), 20, 2, true);
    for entry in fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.path().join("pages").join(path.file_name().unwrap())).unwrap();
    }
    assert_incremental_equals_full(dir.path(), "initial");
    // Real pages: GATA1's own page changes; ALAS2's page keeps its row for GATA1.
    edit(&dir.path().join("pages/P15976.md"), "protein_name: GATA1", "protein_name: GATA1X");
    assert_incremental_equals_full(dir.path(), "GATA1 renamed");
    fs::remove_file(dir.path().join("pages/P15976.md")).unwrap();
    assert_incremental_equals_full(dir.path(), "GATA1 page removed");
    run_sequence(dir.path());
}

/// A page that turns bad (a half-written sync) is reported, and the version indexed
/// before stays searchable, in incremental runs and full rebuilds alike, until the file
/// is fixed or removed.
#[test]
fn a_page_turned_bad_keeps_its_indexed_version() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    write_world(&pages, 10, 2, false);
    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    let before = snapshot(dir.path(), "index");

    let page = pages.join("P90003.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, &text[..text.len() / 2]).unwrap();
    for args in
        [&["index", "--seeds", "pages"][..], &["index", "--seeds", "pages", "--full"], &["index", "--seeds", "pages"]]
    {
        let run = search_cli(dir.path(), args).expect_code(2);
        let line = run.stderr().lines().find(|l| l.starts_with("pages/P90003.md: ")).map(String::from);
        let line = line.unwrap_or_else(|| panic!("{args:?}: no line for the page in {}", run.stderr()));
        assert!(line.ends_with("; the version indexed before is kept"), "{line}");
        assert_eq!(snapshot(dir.path(), "index"), before, "{args:?}: the index changed");
    }

    // Nothing was indexed before from that page in a new index folder: nothing is kept.
    let fresh = search_cli(dir.path(), &["index", "--seeds", "pages", "--index", "fresh"]).expect_code(2);
    assert!(!fresh.stderr().contains("kept"), "{}", fresh.stderr());
    let proteins = search_cli(dir.path(), &["query", "", "--kind", "protein", "--index", "fresh", "--json"]).json();
    assert_eq!(proteins["total"], 9);

    // Fixed, the page is read again; removed, it goes.
    fs::write(&page, format!("{text}\n")).unwrap();
    let fixed = search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    assert!(fixed.stdout().contains("updated 1,"), "{}", fixed.stdout());
    fs::write(&page, "no front matter").unwrap();
    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(2);
    fs::remove_file(&page).unwrap();
    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    let proteins = search_cli(dir.path(), &["query", "", "--kind", "protein", "--json"]).json();
    assert_eq!(proteins["total"], 9);
    let gone = search_cli(dir.path(), &["query", "protein:WLD3", "--kind", "protein", "--json"]).expect_code(1).json();
    assert_eq!(gone["total"], 0);
}

#[test]
fn a_no_op_run_rewrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_world(&dir.path().join("pages"), 10, 2, true);
    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    let listing = |dir: &Path| {
        let mut files: Vec<(String, u64, std::time::SystemTime)> = Vec::new();
        for generation in fs::read_dir(dir.join("index")).unwrap().flatten().filter(|e| e.path().is_dir()) {
            for file in fs::read_dir(generation.path()).unwrap().flatten() {
                let meta = file.metadata().unwrap();
                files.push((file.file_name().to_string_lossy().into(), meta.len(), meta.modified().unwrap()));
            }
        }
        files.sort();
        files
    };
    let before = listing(dir.path());
    // Touching a page changes its time but not its content.
    let page = dir.path().join("pages/P90003.md");
    fs::write(&page, fs::read(&page).unwrap()).unwrap();
    let run = search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    assert!(run.stdout().starts_with("nothing changed:"), "{}", run.stdout());
    assert_eq!(listing(dir.path()), before, "a no-op run wrote to the index");
    // --quiet prints nothing when all is well.
    let quiet = search_cli(dir.path(), &["index", "--seeds", "pages", "--quiet"]).expect_code(0);
    assert_eq!(quiet.stdout(), "");
    assert_eq!(quiet.stderr(), "");
}

#[test]
fn a_second_run_exits_3_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_world(&dir.path().join("pages"), 10, 2, true);
    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    fs::remove_file(dir.path().join("pages/P90002.md")).unwrap();

    let held = WriteLock::acquire(&dir.path().join("index")).unwrap();
    let run = search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(3);
    assert!(run.stderr().contains("another `search-cli index` is writing to index"), "{}", run.stderr());
    let full = search_cli(dir.path(), &["query", "", "--kind", "protein", "--json"]).expect_code(0).json();
    assert_eq!(full["total"], 10, "the locked-out run removed nothing");
    drop(held);

    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    let after = search_cli(dir.path(), &["query", "", "--kind", "protein", "--json"]).expect_code(0).json();
    assert_eq!(after["total"], 9);
}

/// The index folder's generations, by name.
fn generations(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into())
        .collect();
    names.sort();
    names
}

#[test]
fn a_run_that_cannot_write_fails_with_the_cause_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_world(&dir.path().join("pages"), 300, 20, true);
    search_cli(dir.path(), &["index", "--seeds", "pages", "--index", "inc"]).expect_code(0);
    let before = snapshot(dir.path(), "inc");
    let live = generations(&dir.path().join("inc"));
    for i in [1, 2, 3] {
        edit(&dir.path().join(format!("pages/P9{i:04}.md")), "ReMap; TRRUST", "ReMap");
    }

    // No file of the new segments fits under 8 KiB: the incremental run fails while
    // writing them, then a full rebuild while writing its new generation.
    for extra in [&[][..], &["--full"]] {
        let mut args = vec!["index", "--seeds", "pages", "--index", "inc"];
        args.extend_from_slice(extra);
        let failed = search_cli_file_limit(dir.path(), 8, &args).expect_code(1);
        let stderr = failed.stderr();
        assert!(stderr.contains("the previous index is untouched"), "{stderr}");
        // The file system's own reason, not only that Tantivy's threads stopped.
        assert!(stderr.contains("File too large") && !stderr.contains("was killed"), "{stderr}");
        assert_eq!(snapshot(dir.path(), "inc"), before, "{extra:?}: the failed run changed what searches see");
        assert_eq!(generations(&dir.path().join("inc")), live, "{extra:?}: the failed generation was left behind");
    }

    // Once writes succeed again, the next run catches up as a rebuild would.
    assert_incremental_equals_full(dir.path(), "after the failed runs");
    assert_ne!(snapshot(dir.path(), "inc"), before);
}

/// Writes an empty generation of `schema` into `dir/index`, committed with `payload`.
fn write_foreign_generation(dir: &Path, schema: tantivy::schema::Schema, payload: Option<&str>) {
    let generation = dir.join("index/gen-000001");
    fs::create_dir_all(&generation).unwrap();
    let index = tantivy::Index::create_in_dir(&generation, schema).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    if let Some(payload) = payload {
        commit.set_payload(payload);
    }
    commit.commit().unwrap();
    fs::write(dir.join("index/CURRENT"), "gen-000001").unwrap();
}

/// `query` and `serve` refuse the index in `dir/index`, saying why once; `index` then
/// rebuilds it in full and it answers.
fn assert_refused_then_rebuilt(dir: &Path) {
    let seeds = common::seeds();
    let seeds = seeds.to_str().unwrap();
    let refused = search_cli(dir, &["query", "GATA1", "--index", "index"]).expect_code(2);
    assert_eq!(refused.stderr().matches("written by another version").count(), 1, "{}", refused.stderr());
    // The server says so too, once (its error wraps the index's).
    let refused = search_cli(dir, &["serve", "--index", "index", "--addr", "127.0.0.1:0"]).expect_code(1);
    assert_eq!(refused.stderr().matches("written by another version").count(), 1, "{}", refused.stderr());
    let rebuilt = search_cli(dir, &["index", "--seeds", seeds, "--index", "index"]).expect_code(0);
    assert!(rebuilt.stdout().contains("full rebuild"), "{}", rebuilt.stdout());
    let found = search_cli(dir, &["query", "GATA1 ChIP", "--index", "index", "--json"]).expect_code(0).json();
    assert_eq!(found["hits"][0]["tf"]["name"], "GATA1");
}

#[test]
fn an_index_of_another_schema_is_reported_then_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    // A generation whose schema differs from ours in one field's type only, as one
    // written by an earlier version does (stored sides were bytes): same field names,
    // values we would misread.
    let mut schema = tantivy::schema::Schema::builder();
    for (_, entry) in tflink_search::index::schema::build().fields() {
        match entry.name() {
            "sides" => schema.add_bytes_field("sides", tantivy::schema::STORED),
            _ => schema.add_field(entry.clone()),
        };
    }
    write_foreign_generation(dir.path(), schema.build(), None);
    assert_refused_then_rebuilt(dir.path());
}

#[test]
fn an_index_of_another_format_is_reported_then_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    // Our schema, but the manifest of an earlier format: its documents may encode a
    // stored value or spell a field's terms otherwise.
    let version = tflink_search::corpus::manifest::FORMAT_VERSION - 1;
    let payload = format!(r#"{{"version":{version},"pages":{{}}}}"#);
    write_foreign_generation(dir.path(), tflink_search::index::schema::build(), Some(&payload));
    assert_refused_then_rebuilt(dir.path());
}
