//! `search-cli` through the real binary: indexing, querying, exit codes, bad input.

mod common;

use common::{page, row, search_cli, seeds};
use std::fs;

#[derive(PartialEq)]
enum Stream {
    Stdout,
    Stderr,
}

/// Runs `search-cli args` in `dir` with both streams piped, and closes `stream` after
/// its first 100 bytes, as `| head` does; the other is read to the end.
fn closed_early(dir: &std::path::Path, args: &[&str], stream: Stream) -> std::process::Output {
    use std::process::Stdio;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_search-cli"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    if stream == Stream::Stdout {
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
    } else {
        std::io::Read::read_exact(child.stderr.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stderr.take());
    }
    child.wait_with_output().unwrap()
}

fn seeds_arg() -> String {
    seeds().display().to_string()
}

#[test]
fn gata1_chip_on_the_seed_returns_gata1_to_alas2_first() {
    let dir = tempfile::tempdir().unwrap();
    let run = search_cli(dir.path(), &["index", "--seeds", &seeds_arg()]).expect_code(0);
    assert!(
        run.stdout().contains(
            "pages read 1 (added 1, updated 0, removed 0, unchanged 0), indexed 1, rejected 0, rows skipped 0"
        ),
        "{}",
        run.stdout()
    );

    let json = search_cli(dir.path(), &["query", "GATA1 ChIP", "--json"]).expect_code(0).json();
    assert_eq!(json["query"], "GATA1 ChIP");
    assert_eq!(json["kind"], "interaction");
    let first = &json["hits"][0];
    assert_eq!(first["kind"], "interaction");
    assert_eq!(first["tf"]["name"], "GATA1");
    assert_eq!(first["tf"]["accession"], "P15976");
    assert_eq!(first["tf"]["gene_id"], "2623");
    assert_eq!(first["target"]["accession"], "P22557");
    assert_eq!(first["curated"], true);
    // From the seed page: GTRD; HTRI; ReMap; TRRD_via_DoRothEA; TRRUST and 7 PubMed ids.
    assert_eq!(first["databases"].as_array().unwrap().len(), 5);
    assert_eq!(first["pubmed"].as_array().unwrap().len(), 7);
    assert!(first["pubmed"].as_array().unwrap().contains(&"29126285".into()));

    // --tsv: a header, then one line of 12 columns per hit, lists joined by ';'.
    let tsv = search_cli(dir.path(), &["query", "ChIP", "--tsv", "--limit", "1000"]).expect_code(0).stdout();
    let chip = search_cli(dir.path(), &["query", "ChIP", "--json"]).json();
    let lines: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines[0][..3], ["tf", "tf_accession", "tf_gene_id"]);
    assert_eq!(lines.len() as u64 - 1, chip["total"].as_u64().unwrap());
    assert!(lines.iter().all(|columns| columns.len() == 12), "{tsv}");
    let gata1 = lines.iter().find(|c| c[0] == "GATA1").unwrap_or_else(|| panic!("{tsv}"));
    assert_eq!((gata1[1], gata1[2], gata1[4], gata1[10]), ("P15976", "2623", "P22557", "yes"));
    assert!(gata1[9].split(';').any(|id| id == "29126285"), "{}", gata1[9]);

    // --explain: the score as the terms it is made of, which add up to it.
    let table = search_cli(dir.path(), &["query", "GATA1 ChIP", "--limit", "1", "--explain"]).expect_code(0).stdout();
    let line = table.lines().skip_while(|l| *l != "score contributions:").nth(1).unwrap_or_else(|| panic!("{table}"));
    let (rank, explained) = line.trim_start().split_once("  ").unwrap();
    assert_eq!(rank, "1");
    let (total, terms) = explained.split_once(" = ").unwrap();
    assert!(terms.contains("\"GATA1\"") && terms.contains("method (synonym)"), "{line}");
    let sum: f64 = terms.split(" + ").map(|t| t.split(' ').next().unwrap().parse::<f64>().unwrap()).sum();
    assert_eq!(format!("{sum:.1}"), total, "{line}");
}

#[test]
fn query_table_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    search_cli(dir.path(), &["index", "--seeds", &seeds_arg()]).expect_code(0);
    let table = search_cli(dir.path(), &["query", "STAT1"]).expect_code(0).stdout();
    assert!(table.contains("STAT1 (P42224)") && table.contains("ALAS2 (P22557)"), "{table}");
    // The seed lists GATA1 and GATA2 as regulators: each symbol matches its own row only.
    for symbol in ["GATA1", "gata2"] {
        let json = search_cli(dir.path(), &["query", symbol, "--json"]).expect_code(0).json();
        assert_eq!(json["total"], 1, "{symbol}");
        assert_eq!(json["hits"][0]["tf"]["name"].as_str().unwrap().to_lowercase(), symbol.to_lowercase());
    }
    // A query may start with an exclusion: it is the query, not an option.
    let without = search_cli(dir.path(), &["query", "-GATA1", "--json"]).expect_code(0).json();
    assert_eq!(without["total"], 52, "the seed's 53 interactions but GATA1's");
    // An empty filter value filters nothing, as an HTML form's "any" option means.
    let any = search_cli(dir.path(), &["query", "", "--organism", "", "--json"]).expect_code(0).json();
    assert_eq!(any["total"], 53);
    let table = search_cli(dir.path(), &["query", "GATA3"]).expect_code(1).stdout();
    assert!(table.starts_with("no interactions match \"GATA3\""), "{table}");
    assert!(table.contains("\n\"GATA3\" matches no interaction\n"), "{table}");
    // A query read otherwise than typed says how, and has found something.
    let read = search_cli(dir.path(), &["query", "GATA1, ALAS2"]).expect_code(0).stdout();
    assert!(read.contains("nothing matched exactly; showing \"GATA1 ALAS2\"\n"), "{read}");
    let list = search_cli(dir.path(), &["query", "GATA1 HIF1A ALAS2"]).expect_code(0).stdout();
    assert!(list.contains("the symbols read as a list"), "{list}");
    let relaxed = search_cli(dir.path(), &["query", "GATA1 promoter"]).expect_code(0).stdout();
    assert!(relaxed.contains("showing \"GATA1\", without the words that match nothing"), "{relaxed}");
    let past = search_cli(dir.path(), &["query", "", "--offset", "60"]).expect_code(0).stdout();
    assert!(past.starts_with("53 interactions match \"\", none from 61 on"), "{past}");
    let counts = search_cli(dir.path(), &["query", "", "--limit", "0"]).expect_code(0).stdout();
    assert!(counts.starts_with("53 interactions match \"\" ("), "{counts}");
    let none = search_cli(dir.path(), &["query", "GATA3", "--json"]).expect_code(1).json();
    assert_eq!(none["total"], 0);
    assert_eq!(none["hits"].as_array().unwrap().len(), 0);
    assert_eq!(none["unmatched"], serde_json::json!(["GATA3"]));
    let err = search_cli(dir.path(), &["query", "GATA1", "--limit", "5000"]).expect_code(2);
    assert!(err.stderr().contains("limit"), "{}", err.stderr());
    search_cli(dir.path(), &["query", "GATA1", "--kind", "gene"]).expect_code(2);
    let unparsable = search_cli(dir.path(), &["query", "GATA1 \"ChIP"]).expect_code(2);
    assert!(unparsable.stderr().contains("at position 7: this quote is never closed"), "{}", unparsable.stderr());
    search_cli(dir.path(), &["query", "GATA1", "--curated", "maybe"]).expect_code(2);
    // Facets asked for: the method facet shown after the others; none at all.
    let methods = search_cli(dir.path(), &["query", "GATA1", "--facets", "method"]).expect_code(0).stdout();
    assert!(methods.contains("\ncurated: ") && methods.contains("\nmethod: chromatin"), "{methods}");
    let bare = search_cli(dir.path(), &["query", "GATA1", "--facets", "none"]).expect_code(0).stdout();
    assert!(bare.contains("GATA1 (P15976)") && !bare.contains("organism:"), "{bare}");
    let both = search_cli(dir.path(), &["query", "GATA1", "--facets", "none,method"]).expect_code(2);
    assert!(both.stderr().contains("invalid parameter facets"), "{}", both.stderr());
    let missing = search_cli(dir.path(), &["query", "GATA1", "--index", "nowhere"]).expect_code(2);
    assert!(
        missing.stderr().contains("nowhere") && missing.stderr().contains("search-cli index"),
        "{}",
        missing.stderr()
    );
}

#[test]
fn a_synonyms_file_adds_terms_and_bad_ones_are_named() {
    let dir = tempfile::tempdir().unwrap();
    search_cli(dir.path(), &["index", "--seeds", &seeds_arg()]).expect_code(0);
    // As a spreadsheet saves it: a byte-order mark, CRLF line ends.
    let mine =
        "\u{feff}# lab slang\r\nmethod\tpulldown\tchromatin immunoprecipitation assay\r\nsymbol\tEryf1\tGATA1\r\n";
    fs::write(dir.path().join("mine.tsv"), mine).unwrap();
    let chip = search_cli(dir.path(), &["query", "ChIP", "--json"]).expect_code(0).json();
    let slang =
        search_cli(dir.path(), &["query", "pulldown", "--synonyms", "mine.tsv", "--json"]).expect_code(0).json();
    assert_eq!(slang["total"], chip["total"]);
    search_cli(dir.path(), &["query", "pulldown"]).expect_code(1);
    // An alias of the user's own (ERYF1, an old name of GATA1) finds what the symbol does.
    let gata1 = search_cli(dir.path(), &["query", "GATA1", "--json"]).expect_code(0).json();
    let eryf1 = search_cli(dir.path(), &["query", "eryf1", "--synonyms", "mine.tsv", "--json"]).expect_code(0).json();
    assert_eq!(eryf1["total"], gata1["total"]);
    assert_eq!(eryf1["hits"][0]["tf"]["name"], "GATA1");
    search_cli(dir.path(), &["query", "eryf1"]).expect_code(1);

    fs::write(dir.path().join("bad.tsv"), "method\tpulldown\n").unwrap();
    let bad = search_cli(dir.path(), &["query", "x", "--synonyms", "bad.tsv"]).expect_code(2);
    assert!(bad.stderr().contains("bad.tsv line 1: expected kind<TAB>term<TAB>value"), "{}", bad.stderr());
    let missing = search_cli(dir.path(), &["query", "x", "--synonyms", "none.tsv"]).expect_code(2);
    assert!(missing.stderr().contains("cannot read synonyms file none.tsv"), "{}", missing.stderr());
    let serve = search_cli(dir.path(), &["serve", "--synonyms", "bad.tsv", "--addr", "127.0.0.1:0"]).expect_code(1);
    assert!(serve.stderr().contains("bad.tsv line 1"), "{}", serve.stderr());
}

#[test]
fn help_documents_examples_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let index_help = search_cli(dir.path(), &["index", "--help"]).expect_code(0).stdout();
    assert!(index_help.contains("Exit codes") && index_help.contains("previous index is untouched"));
    let query_help = search_cli(dir.path(), &["query", "--help"]).expect_code(0).stdout();
    assert!(query_help.contains("Examples") && query_help.contains("nothing matched"));
    assert!(query_help.contains("Query language") && query_help.contains("tf:(GATA1 OR TAL1)"));
}

#[test]
fn bad_pages_are_reported_and_the_rest_is_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    let good_row = row("GATA1", "P15976", "GTRD", "chromatin immunoprecipitation assay", &["1"], true);
    let bad_row = good_row.replace(",Yes", ",Sometimes");
    fs::write(pages.join("A.md"), page("P22557", "ALAS2", "Homo sapiens", &[good_row.clone(), bad_row], &[])).unwrap();
    fs::write(pages.join("B.md"), "no front matter here\n").unwrap();
    fs::write(pages.join("C.md"), page("P22557", "ALAS2copy", "Homo sapiens", &[good_row], &[])).unwrap();
    fs::create_dir(pages.join("D.md")).unwrap();
    fs::write(pages.join("E.md"), [0xFF, 0xFE, 0x00, 0x41]).unwrap();
    fs::write(pages.join("notes.txt"), "not a page, not read").unwrap();
    // Hidden files are not pages: a Mac's resource fork, an editor's lock (a dangling link).
    fs::write(pages.join("._A.md"), [0x00, 0x05, 0x16, 0x07]).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("user@host.4242:1700000000", pages.join(".#A.md")).unwrap();

    // `check` reports what `index` will, line for line, and writes nothing.
    let check = search_cli(dir.path(), &["check", "--seeds", "pages"]).expect_code(2);
    assert!(check.stdout().contains("pages read 5, usable 1, rejected 4, rows skipped 1"), "{}", check.stdout());
    assert!(!dir.path().join("index").exists(), "check wrote an index");

    let run = search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(2);
    assert_eq!(check.stderr(), run.stderr(), "check and index report the same problems");
    let stderr = run.stderr();
    let line = |file: &str| {
        stderr
            .lines()
            .find(|l| l.starts_with(&format!("pages/{file}: ")))
            .unwrap_or_else(|| panic!("no line for {file} in:\n{stderr}"))
            .to_string()
    };
    assert!(line("A.md").contains("tfs row 2: curation flag"));
    assert!(line("B.md").contains("no front matter"));
    assert!(line("C.md").contains("duplicate accession P22557, already read from pages/A.md"));
    assert!(line("D.md").contains("is a directory"));
    assert!(line("E.md").contains("binary"));
    assert!(
        run.stdout().contains(
            "pages read 5 (added 5, updated 0, removed 0, unchanged 0), indexed 1, rejected 4, rows skipped 1"
        ),
        "{}",
        run.stdout()
    );

    let json = search_cli(dir.path(), &["query", "ALAS2", "--kind", "protein", "--json"]).expect_code(0).json();
    assert_eq!(json["total"], 1);
    assert_eq!(json["hits"][0]["name"], "ALAS2");
}

/// `export` writes every hit, past the 1,000 of one page: the rows `query --tsv` pages
/// through, in the same order.
#[test]
fn export_writes_every_hit_in_query_order() {
    let dir = tempfile::tempdir().unwrap();
    common::write_world(&dir.path().join("pages"), 60, 30, true);
    search_cli(dir.path(), &["index", "--seeds", "pages"]).expect_code(0);
    let total = search_cli(dir.path(), &["query", "", "--json", "--limit", "0"]).expect_code(0).json()["total"]
        .as_u64()
        .unwrap();
    assert!(total > 1000, "a corpus larger than a page: {total}");
    let exported = search_cli(dir.path(), &["export", ""]).expect_code(0).stdout();
    let mut paged = String::new();
    for offset in (0..total).step_by(1000) {
        let offset = offset.to_string();
        let page = search_cli(dir.path(), &["query", "", "--tsv", "--limit", "1000", "--offset", &offset]).stdout();
        let rows = page.split_once('\n').unwrap().1;
        if paged.is_empty() {
            paged.push_str(page.lines().next().unwrap());
            paged.push('\n');
        }
        paged.push_str(rows);
    }
    assert_eq!(exported, paged);

    let jsonl = search_cli(dir.path(), &["export", "", "--format", "jsonl"]).expect_code(0).stdout();
    assert_eq!(jsonl.lines().count() as u64, total);
    search_cli(dir.path(), &["export", "NoSuchSymbol1"]).expect_code(1);
    let bad = search_cli(dir.path(), &["export", "gene:abc"]).expect_code(2);
    assert!(bad.stderr().contains("gene:abc: an NCBI gene id is a number"), "{}", bad.stderr());

    // A reader that stops early (`| head`) is no error, and never a panic: each output
    // is far larger than a pipe's buffer, so it is still being written when the pipe
    // closes.
    let long = ["", "--limit", "1000"];
    let outputs: [&[&str]; 4] = [&["export", ""], &["query", "--json"], &["query", "--tsv"], &["query"]];
    for args in outputs {
        let args: Vec<&str> = args.iter().chain(if args[0] == "query" { &long[..] } else { &[] }).copied().collect();
        let finished = closed_early(dir.path(), &args, Stream::Stdout);
        let stderr = String::from_utf8_lossy(&finished.stderr);
        assert_eq!(finished.status.code(), Some(0), "search-cli {args:?} in {}: {stderr}", dir.path().display());
        assert!(stderr.is_empty(), "search-cli {args:?}: {stderr}");
    }
}

#[test]
fn a_failed_run_leaves_the_previous_index_searchable() {
    let dir = tempfile::tempdir().unwrap();
    search_cli(dir.path(), &["index", "--seeds", &seeds_arg()]).expect_code(0);
    fs::create_dir(dir.path().join("empty")).unwrap();
    fs::write(dir.path().join("empty/broken.md"), "---\nnot: [closed\n").unwrap();

    let run = search_cli(dir.path(), &["index", "--seeds", "empty"]).expect_code(1);
    assert!(run.stderr().contains("no usable page"), "{}", run.stderr());
    let missing = search_cli(dir.path(), &["index", "--seeds", "does-not-exist"]).expect_code(1);
    assert!(missing.stderr().contains("does-not-exist"), "{}", missing.stderr());
    search_cli(dir.path(), &["index", "--bogus"]).expect_code(1);
    // A file where the index folder should be is a fatal error (1), not a busy lock (3).
    fs::write(dir.path().join("a-file"), "").unwrap();
    let file = search_cli(dir.path(), &["index", "--seeds", &seeds_arg(), "--index", "a-file"]).expect_code(1);
    assert!(file.stderr().contains("a-file is not a folder"), "{}", file.stderr());
    let query = search_cli(dir.path(), &["query", "GATA1", "--index", "a-file"]).expect_code(2);
    assert!(query.stderr().contains("a-file is not a folder"), "{}", query.stderr());

    let json = search_cli(dir.path(), &["query", "", "--json"]).expect_code(0).json();
    assert_eq!(json["total"], 53, "the seed's 53 interactions are still there");
}

/// Notices on stderr, as many as there are bad pages, meet a reader that stops early
/// (`2>&1 | head`): the run still ends with its own exit code, not a panic's.
#[test]
fn a_reader_closing_stderr_early_changes_no_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    fs::copy(common::seeds().join("P22557.md"), pages.join("P22557.md")).unwrap();
    // 3,000 notices of some 80 bytes: more than a pipe's buffer holds.
    for i in 0..3000 {
        fs::write(pages.join(format!("bad{i}.md")), "no front matter\n").unwrap();
    }
    let finished = closed_early(dir.path(), &["index", "--seeds", "pages", "--quiet"], Stream::Stderr);
    assert_eq!(finished.status.code(), Some(2), "index in {}", dir.path().display());
    let json = search_cli(dir.path(), &["query", "ALAS2", "--kind", "protein", "--json"]).expect_code(0).json();
    assert_eq!(json["total"], 1);
}

/// `protein` prints what `GET /proteins/{accession}` answers, and where there is no
/// page says why on stderr: exit 1 for an accession without one, 2 for no accession.
#[test]
fn protein_prints_the_record_or_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    search_cli(dir.path(), &["index", "--seeds", &seeds_arg()]).expect_code(0);
    // The seed page: ALAS2, 53 TF rows, no targets.
    let record = search_cli(dir.path(), &["protein", "p22557"]).expect_code(0).json();
    assert_eq!(record["party"]["name"], "ALAS2");
    assert_eq!((record["tfs"].as_array().unwrap().len(), record["targets"].as_array().unwrap().len()), (53, 0));
    // GATA1 has no page in the seed, but the seed's row names it.
    let named = search_cli(dir.path(), &["protein", "P15976"]).expect_code(1);
    assert!(named.stderr().contains("1 interaction names it"), "{}", named.stderr());
    assert!(named.stdout().is_empty());
    let isoform = search_cli(dir.path(), &["protein", "P22557-3"]).expect_code(1);
    assert!(isoform.stderr().contains("its protein's is /proteins/P22557"), "{}", isoform.stderr());
    let symbol = search_cli(dir.path(), &["protein", "ALAS2"]).expect_code(2);
    assert!(symbol.stderr().contains("proteins so named: /proteins/P22557 (Homo sapiens)"), "{}", symbol.stderr());
    search_cli(dir.path(), &["protein", "P22557", "--index", "nowhere"]).expect_code(2);
}
