//! A run killed at any moment (kill -9) leaves the previous index intact and
//! searchable, and the next run completes normally.

mod common;

use common::search_cli;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use tflink_search::synth::{self, Options, Vocabulary};

const PAGES: usize = 3000;

/// Starts `search-cli index` and kills it with SIGKILL after `delay`; returns whether
/// it had already finished by itself.
fn index_killed_after(dir: &Path, delay: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_search-cli"))
        .args(["index", "--seeds", "pages", "--quiet"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let finished = child.try_wait().unwrap().is_some();
    child.kill().ok(); // SIGKILL on Unix
    child.wait().unwrap();
    finished
}

/// (interactions, proteins, proteins per organism) as the index answers now.
fn state(dir: &Path) -> (u64, u64, serde_json::Value) {
    let interactions = search_cli(dir, &["query", "", "--json", "--limit", "0"]).expect_code(0).json();
    let proteins = search_cli(dir, &["query", "", "--kind", "protein", "--json", "--limit", "0"]).expect_code(0).json();
    (
        interactions["total"].as_u64().unwrap(),
        proteins["total"].as_u64().unwrap(),
        proteins["facets"]["organism"].clone(),
    )
}

#[cfg(unix)]
#[test]
fn killed_runs_leave_the_previous_index_intact() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = common::seeds().display().to_string();
    search_cli(dir.path(), &["index", "--seeds", &seeds]).expect_code(0);
    let seed_state = state(dir.path());
    assert_eq!((seed_state.0, seed_state.1), (53, 1));

    // A full rebuild (every page is new) killed while reading, writing and committing.
    let options = Options {
        proteins: PAGES,
        interactions: 120_000,
        seed: 11,
        vocabulary: Vocabulary::minimal(),
        rows_shown: synth::TABLE_LIMIT,
    };
    let written = synth::write(&dir.path().join("pages"), &options).unwrap();
    let complete = (written.listed as u64, PAGES as u64);
    let mut caught = 0;
    for millis in [150, 600, 1500, 3000, 5000, 8000] {
        let finished = index_killed_after(dir.path(), Duration::from_millis(millis));
        let now = state(dir.path());
        if finished {
            assert_eq!((now.0, now.1), complete, "finished run after {millis} ms");
            break;
        }
        caught += 1;
        assert!(now == seed_state || (now.0, now.1) == complete, "after a kill at {millis} ms: {now:?}");
    }
    assert!(caught > 0, "no run was caught before finishing: use a larger corpus");

    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    assert_eq!((state(dir.path()).0, state(dir.path()).1), complete);
    let generations =
        std::fs::read_dir(dir.path().join("index")).unwrap().flatten().filter(|e| e.path().is_dir()).count();
    assert!(generations <= 2, "killed builds left {generations} generations behind");

    // An incremental run (a third of the human pages move to mouse) killed mid-way.
    let before = state(dir.path());
    let mut pages: Vec<_> = std::fs::read_dir(dir.path().join("pages")).unwrap().flatten().map(|e| e.path()).collect();
    pages.retain(|p| p.extension().is_some_and(|e| e == "md"));
    pages.sort();
    for path in pages.iter().step_by(3) {
        let text = std::fs::read_to_string(path).unwrap().replace("organism: Homo sapiens", "organism: Mus musculus");
        std::fs::write(path, text).unwrap();
    }
    let count_mice = || {
        pages.iter().filter(|p| std::fs::read_to_string(p).unwrap().contains("organism: Mus musculus")).count() as u64
    };
    let (mice_before, mice_after) = (before.2["Mus musculus"].as_u64().unwrap_or(0), count_mice());
    assert!(mice_after > mice_before);
    for millis in [300, 1000, 2500] {
        let finished = index_killed_after(dir.path(), Duration::from_millis(millis));
        let now = state(dir.path());
        let mice = now.2["Mus musculus"].as_u64().unwrap_or(0);
        assert!(mice == mice_before || mice == mice_after, "a mix after a kill at {millis} ms: {mice} mouse proteins");
        if mice == mice_before {
            assert_eq!(now, before, "after a kill at {millis} ms");
        }
        if finished {
            break;
        }
    }
    let last = search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    assert!(!last.stdout().contains("error"), "{}", last.stdout());
    assert_eq!(state(dir.path()).2["Mus musculus"].as_u64(), Some(mice_after));
}
