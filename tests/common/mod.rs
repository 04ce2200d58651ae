//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's embedded default pages.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// `../shared/corpus/tflink` (real TFLink pages kept outside the repository), or `None`
/// after saying clearly why the calling test is skipped.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/tflink");
    if dir.is_dir() {
        Some(dir)
    } else {
        // Written to stderr directly: the test harness captures `eprintln!` of passing
        // tests, and a skip must be seen.
        let message = format!("SKIPPED: {} is absent; tests on the real TFLink corpus did not run\n", dir.display());
        let _ = std::io::Write::write_all(&mut std::io::stderr(), message.as_bytes());
        None
    }
}

/// A finished run of `search-cli`.
pub struct Run {
    pub command: String,
    pub dir: PathBuf,
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    /// Asserts the exit code, printing the command, folder and output otherwise.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code(),
            code,
            "\ncommand: {}\nin: {}\nstdout:\n{}\nstderr:\n{}",
            self.command,
            self.dir.display(),
            self.stdout(),
            self.stderr()
        );
        self
    }
    /// Parses stdout as JSON (for `--json`).
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout())
            .unwrap_or_else(|e| panic!("{e}: stdout of `{}` is not JSON:\n{}", self.command, self.stdout()))
    }
}

/// Runs the real `search-cli` binary in `dir`.
pub fn search_cli(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_search-cli"));
    command.args(args);
    run(command, dir, format!("search-cli {}", shell_words(args)))
}

/// Runs the real `search-cli` in `dir` unable to write any file past `kib` KiB: the
/// shell's `ulimit -f`, with SIGXFSZ ignored so that such a write fails (EFBIG) as one
/// on a full disk does, rather than killing the process.
pub fn search_cli_file_limit(dir: &Path, kib: u64, args: &[&str]) -> Run {
    let mut command = Command::new("sh");
    command
        .args(["-c", "trap '' XFSZ; ulimit -f \"$1\"; shift; exec \"$@\"", "sh", &kib.to_string()])
        .arg(env!("CARGO_BIN_EXE_search-cli"))
        .args(args);
    run(command, dir, format!("ulimit -f {kib}; search-cli {}", shell_words(args)))
}

fn run(mut command: Command, dir: &Path, described: String) -> Run {
    let output = command.current_dir(dir).output().unwrap_or_else(|e| panic!("{described}: {e}"));
    Run { command: described, dir: dir.to_path_buf(), output }
}

fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| if a.is_empty() || a.contains(' ') { format!("{a:?}") } else { a.to_string() })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page in the corpus format with the given header fields and TF rows.
pub fn page(accession: &str, name: &str, organism: &str, tfs: &[String], targets: &[String]) -> String {
    let table = |rows: &[String]| rows.iter().map(|r| r.replace('\'', "''")).collect::<Vec<_>>().join("\n\n  ");
    format!(
        "---\ntype: protein\nlayout: protein\ntitle: {accession}\nprotein_name: {name}\nuniprot_accession: {accession}\n\
         ncbi_gene_id: '-'\norganism: {organism}\nfunction: transcription factor and target gene\n\
         number_of_interactions: '{}'\northologs: ''\ntfs: '{}'\ntargets: '{}'\nbinding_sites: ''\n---\n",
        tfs.len() + targets.len(),
        table(tfs),
        table(targets)
    )
}

/// A TF or target row in the corpus format.
pub fn row(name: &str, accession: &str, databases: &str, methods: &str, pmids: &[&str], curated: bool) -> String {
    let term = pmids.iter().map(|p| format!("{p}%5Buid%5D")).collect::<Vec<_>>().join("+OR+");
    format!(
        "{name},{accession},-,{databases},{methods},&ensp;<a href=\"https://www.ncbi.nlm.nih.gov/pubmed/?term={term}\" target=\"_blank\"><i uk-icon=\"icon: link\"></i>Pubmed</a>,{}",
        if curated { "Yes" } else { "No" }
    )
}

/// A world of pages that list each other: protein `i` (accession `P9{i:04}`, symbol
/// `WLD{i}`) is a TF of the `fanout` proteins after it (mod `n`), each pair listed on
/// both pages with evidence that differs per side, so the pages hold exactly
/// `n * fanout` distinct interactions (`fanout < n <= 10_000`, `fanout <= 100`).
/// `varied` adds what real pages have besides: a one-sided row to a protein without a
/// page (every third page) and mouse pages (every fourth).
pub fn write_world(dir: &Path, n: usize, fanout: usize, varied: bool) {
    std::fs::create_dir_all(dir).unwrap();
    let acc = |i: usize| format!("P9{:04}", i % n);
    let sym = |i: usize| format!("WLD{}", i % n);
    for i in 0..n {
        let pmids = ["100".to_string(), format!("{}", 200 + i)];
        let targets: Vec<String> = (1..=fanout)
            .map(|d| {
                let pmids: Vec<&str> = pmids.iter().map(String::as_str).collect();
                row(&sym(i + d), &acc(i + d), "GTRD", "chromatin immunoprecipitation assay", &pmids, i % 5 == 0)
            })
            .collect();
        let mut tfs: Vec<String> = (1..=fanout)
            .map(|d| row(&sym(i + n - d), &acc(i + n - d), "ReMap; TRRUST", "inferred by curator", &["300"], false))
            .collect();
        if varied && i % 3 == 0 {
            tfs.push(row("OUTSIDE", "Q8OUT1", "JASPAR", "selex", &[], false));
        }
        let organism = if varied && i % 4 == 0 { "Mus musculus" } else { "Homo sapiens" };
        std::fs::write(dir.join(format!("{}.md", acc(i))), page(&acc(i), &sym(i), organism, &tfs, &targets)).unwrap();
    }
}
