//! `search-cli`: argument wiring over the `tflink_search` library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tflink_search::corpus::{self, Report};
use tflink_search::export::{self, ExportError};
use tflink_search::index::lock::LockError;
use tflink_search::index::{self, Mode, RunError};
use tflink_search::output;
use tflink_search::response::{FacetName, Kind};
use tflink_search::search::record::RecordError;
use tflink_search::search::synonyms::Synonyms;
use tflink_search::search::{DEFAULT_LIMIT, Engine, Filters, SearchRequest};
use tflink_search::server::{self, ServeOptions};
use tracing_subscriber::EnvFilter;

// Indexing allocates millions of short strings on several threads: with mimalloc a
// full build takes about 14% less time than with the system allocator. Built without
// transparent huge pages (feature `no_thp`): memory it returns inside a huge page was
// faulted back in as a whole zeroed 2 MB page, 5% of a build's time in the kernel.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const INDEX_HELP: &str = "\
Examples:
  search-cli index
  search-cli index --seeds /data/tflink --index /srv/tflink-index --quiet

Only pages whose content changed since the last run are read again; pages that
disappeared are removed with the evidence only they provided. --full rebuilds from
every page. Readers (a running server, query) see the old index or the new one,
never a mix; a run that fails or is killed leaves the previous index intact. One
run at a time per index folder: no external locking is needed.

Output: progress bars on a terminal only; one summary line on stdout (none with
--quiet); rejected pages and skipped rows on stderr as PATH: reason.

Exit codes:
  0  every page and row was indexed (or nothing changed)
  2  some pages or rows were rejected (listed on stderr); everything else was committed
  1  fatal error (unreadable folder, no usable page, write failure, bad arguments);
     the previous index is untouched
  3  another run holds the index folder's lock; nothing was changed";

const QUERY_HELP: &str = "\
Examples:
  search-cli query \"GATA1 ChIP\"
  search-cli query GATA1 --kind protein
  search-cli query \"\" --organism \"Mus musculus\" --database GTRD --curated yes --json
  search-cli query GATA1 --method EMSA --facets method

Every term must match. A term matches symbols, accessions, gene ids, PubMed ids and
database names whole and case-insensitively, detection-method words, and method
abbreviations (ChIP, EMSA, SELEX, ...); an alias (p53, c-Myc, PU.1, NF-kB) matches
the symbols it stands for, below the symbol itself. An empty query (or *) matches
everything. When nothing matches, the query is read loosely (\"GATA1, ALAS2\" as GATA1
ALAS2, \"gata1 or hif1a\" with OR, \"targets of GATA1\" as tf:GATA1, TP53-CDKN1A as TP53
CDKN1A, GATA1/2 as GATA1 OR GATA2), words are completed (GATA -> GATA1, GATA2) or misspellings
corrected (chromatn -> chromatin; never a word with a digit), three or more symbols
read as a list (the interactions among them), symbols in an organism where no protein
goes by them read as its orthologs of them (yeast ALAS2 -> yeast ortholog:ALAS2), or
else words that match nothing left out (ALAS2 promoter -> ALAS2), and the output says so;
what still finds nothing names the words that match nothing.

Query language (the same as GET /search?q=):
  GATA1 ChIP                  both terms (AND may also be written)
  \"gel shift\"                 a phrase
  GATA1 OR TAL1, (a OR b) c   either; parentheses group
  GATA1 -TRRUST               excludes (also GATA1 NOT TRRUST)
  tf:GATA1 target:ALAS2       one field: tf, target, protein, accession, gene, pmid,
                              method, organism, database, curated, ortholog
  uniprot:P15976              compact identifiers as pasted (uniprot, pubmed, ncbigene)
  ortholog:P22557             orthologs of the proteins named, as their pages list them
  tf:(GATA1 OR TAL1)          a field over a group
  GATA*, tf:HOX*              a prefix of symbols, accessions and gene ids
  organism:mouse curated:yes  facet fields filter as --organism, --curated do
                              (also database: and method:)

Exit codes:
  0  something matched
  1  nothing matched
  2  error (bad arguments, no index, invalid parameter)";

#[derive(Parser)]
#[command(name = "search-cli", version, about = "Search TFLink transcription factor → target gene interactions")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the index from a folder of TFLink pages
    #[command(after_help = INDEX_HELP)]
    Index {
        /// Folder of TFLink pages (*.md)
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// Index folder
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Rebuild from every page instead of applying only what changed
        #[arg(long)]
        full: bool,
        /// Print nothing but problems (rejected pages, skipped rows, errors)
        #[arg(long, short, conflicts_with = "verbose")]
        quiet: bool,
        /// Also list every added, updated and removed page
        #[arg(long, short)]
        verbose: bool,
    },
    /// Read every page and report what `index` would reject or skip, writing nothing
    #[command(after_help = CHECK_HELP)]
    Check {
        /// Folder of TFLink pages (*.md)
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// Print nothing but problems
        #[arg(long, short)]
        quiet: bool,
    },
    /// Search the index
    #[command(after_help = QUERY_HELP)]
    Query {
        #[command(flatten)]
        selection: Selection,
        /// Number of hits to show
        #[arg(long, default_value_t = DEFAULT_LIMIT)]
        limit: usize,
        /// Number of hits to skip
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print the response object as JSON
        #[arg(long)]
        json: bool,
        /// Print the hits as tab-separated values with a header line
        #[arg(long, conflicts_with_all = ["json", "explain"])]
        tsv: bool,
        /// Show each hit's score contributions (at most 100 hits)
        #[arg(long)]
        explain: bool,
        /// Facets to count besides organism, database and curated: method; or none
        #[arg(long, value_delimiter = ',', value_name = "FACET")]
        facets: Vec<FacetName>,
    },
    /// Write every hit of a query to stdout, best first
    #[command(after_help = EXPORT_HELP)]
    Export {
        #[command(flatten)]
        selection: Selection,
        /// tsv: the columns of `query --tsv`; jsonl: one hit object per line
        #[arg(long, value_enum, ignore_case = true, default_value_t = FormatArg::Tsv)]
        format: FormatArg,
    },
    /// Print one protein's whole record as JSON: header, orthologs, TF and target rows,
    /// binding sites (as GET /proteins/{accession})
    #[command(after_help = PROTEIN_HELP)]
    Protein {
        /// UniProt accession (any case)
        accession: String,
        /// Index folder
        #[arg(long, default_value = "index")]
        index: PathBuf,
    },
    /// Describe the index as JSON: documents per kind, size, last commit (as GET /stats)
    Stats {
        /// Index folder
        #[arg(long, default_value = "index")]
        index: PathBuf,
    },
    /// Serve search over HTTP (builds the index from --seeds first if there is none)
    #[command(after_help = SERVE_HELP)]
    Serve {
        /// Index folder
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Folder of TFLink pages to index when there is no index yet
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// Address to listen on (loopback by default)
        #[arg(long, default_value = "127.0.0.1:7700")]
        addr: SocketAddr,
        /// Origin allowed to call the API from a browser (repeat for several)
        #[arg(long = "cors-origin", value_name = "ORIGIN")]
        cors_origins: Vec<String>,
        /// Longest a request may take before it is answered 503, in milliseconds
        #[arg(long, default_value_t = 5000)]
        timeout_ms: u64,
        /// Searches running at once (default: twice the number of cores)
        #[arg(long)]
        max_concurrent: Option<usize>,
        /// After SIGTERM or Ctrl-C, how long requests in flight (a slow export) may
        /// take to finish, in milliseconds
        #[arg(long, default_value_t = 10_000)]
        shutdown_grace_ms: u64,
        /// Extra synonyms: lines of kind, term and value separated by tabs (kinds: method, organism, database, symbol, function, curated)
        #[arg(long, value_name = "FILE")]
        synonyms: Option<PathBuf>,
    },
}

const CHECK_HELP: &str = "\
Examples:
  search-cli check --seeds /data/tflink-incoming && rsync -a /data/tflink-incoming/ /data/tflink/

Reads and parses every page as `index` would, in parallel, and keeps none: it needs
no index and takes no lock. Rejected pages and skipped rows go to stderr as
PATH: reason; one summary line to stdout (none with --quiet).

Exit codes:
  0  every page and row is usable
  2  some pages or rows would be rejected (listed on stderr)
  1  fatal error (unreadable folder, no usable page, bad arguments)";

const EXPORT_HELP: &str = "\
Examples:
  search-cli export tf:GATA1 > gata1-targets.tsv
  search-cli export \"HIF1A ChIP\" --organism human --format jsonl | jq .target.name

The query, filters and order are those of `query`, without its limits: every match
is written, best first. Only the exact query is exported (no prefix or typo fallback).

Exit codes:
  0  something was exported
  1  nothing matched
  2  error (bad arguments, no index, invalid parameter, write failure)";

const PROTEIN_HELP: &str = "\
Examples:
  search-cli protein P22557
  search-cli protein p15976 --index /srv/tflink-index | jq '.tfs | length'

Without a page for the accession, says on stderr where it is named instead (by
interactions, among orthologs); for an isoform (P15976-2), its protein's page; for a
symbol or gene id (GATA1), the accessions of the proteins so named.

Exit codes:
  0  the record was printed
  1  no page for this accession
  2  error (not an accession, no index, bad arguments)";

const SERVE_HELP: &str = "\
Examples:
  search-cli serve
  search-cli serve --index /srv/tflink-index --addr 0.0.0.0:7700 --cors-origin https://example.org
  curl 'http://127.0.0.1:7700/search?q=GATA1+ChIP&organism=Homo+sapiens'

With no index in --index, one is built from --seeds first (/health answers 503 until
it is loaded). A new index written to the same folder by `search-cli index` is served
within a second, without restart. The API is described at /openapi.json.

Exit codes:
  0  shut down on SIGTERM or Ctrl-C
  1  fatal error (cannot bind, unreadable index, bad arguments)";

/// What `query` and `export` select: the query, the index and the filters.
#[derive(Args)]
struct Selection {
    /// Query text; "" matches everything
    #[arg(allow_hyphen_values = true)]
    text: String,
    /// Index folder
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Kind of document to return
    #[arg(long, value_enum, ignore_case = true, default_value_t = KindArg::Interaction)]
    kind: KindArg,
    /// Only this organism (repeat for several)
    #[arg(long)]
    organism: Vec<String>,
    /// Only rows from this source database (repeat for several)
    #[arg(long)]
    database: Vec<String>,
    /// Only curated (small-scale evidence) rows, or only the others
    #[arg(long, value_enum, ignore_case = true)]
    curated: Option<YesNo>,
    /// Only proteins with this function (protein search)
    #[arg(long)]
    function: Vec<String>,
    /// Only documents with evidence from this detection method (repeat for several;
    /// abbreviations such as ChIP and words of method names allowed)
    #[arg(long)]
    method: Vec<String>,
    /// Extra synonyms: lines of kind, term and value separated by tabs (kinds: method, organism, database, symbol, function, curated)
    #[arg(long, value_name = "FILE")]
    synonyms: Option<PathBuf>,
}

impl Selection {
    /// The search request for this selection, and the engine to run it on.
    fn open(self, page: Page) -> anyhow::Result<(SearchRequest, Engine)> {
        let mut engine = Engine::open(&self.index)?;
        if let Some(path) = &self.synonyms {
            engine = engine.with_synonyms(Synonyms::with_file(path)?);
        }
        let request = SearchRequest {
            query: self.text,
            kind: match self.kind {
                KindArg::Interaction => Kind::Interaction,
                KindArg::Protein => Kind::Protein,
            },
            filters: Filters {
                organism: self.organism,
                database: self.database,
                curated: self.curated.map(|c| matches!(c, YesNo::Yes)),
                function: self.function,
                method: self.method,
            },
            facets: page.facets,
            limit: page.limit,
            offset: page.offset,
            explain: page.explain,
        };
        Ok((request, engine))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Tsv,
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Interaction,
    Protein,
}

#[derive(Clone, Copy, ValueEnum)]
enum YesNo {
    Yes,
    No,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // `index`, `check` and `serve` document 1 for every fatal error, usage errors included.
            let index_command = matches!(std::env::args().nth(1).as_deref(), Some("index" | "check" | "serve"));
            return ExitCode::from(match (e.use_stderr(), index_command) {
                (false, _) => 0,
                (true, true) => 1,
                (true, false) => 2,
            });
        }
    };
    match cli.command {
        Command::Index { seeds, index, full, quiet, verbose } => {
            let mode = if full { Mode::Full } else { Mode::Auto };
            let verbosity = match (quiet, verbose) {
                (true, _) => Verbosity::Quiet,
                (_, true) => Verbosity::Verbose,
                _ => Verbosity::Normal,
            };
            run_index(seeds, index, mode, verbosity).unwrap_or_else(|e| fail(&e, 1))
        }
        Command::Check { seeds, quiet } => run_check(&seeds, quiet).unwrap_or_else(|e| fail(&e, 1)),
        Command::Query { selection, limit, offset, json, tsv, explain, facets } => {
            let format = match (json, tsv) {
                (true, _) => Format::Json,
                (_, true) => Format::Tsv,
                _ => Format::Table,
            };
            run_query(selection, Page { limit, offset, explain, facets }, format).unwrap_or_else(|e| fail(&e, 2))
        }
        Command::Export { selection, format } => {
            let format = match format {
                FormatArg::Tsv => export::Format::Tsv,
                FormatArg::Jsonl => export::Format::Jsonl,
            };
            run_export(selection, format).unwrap_or_else(|e| fail(&e, 2))
        }
        Command::Protein { accession, index } => run_protein(&accession, &index).unwrap_or_else(|e| fail(&e, 2)),
        Command::Stats { index } => run_stats(&index).unwrap_or_else(|e| fail(&e, 2)),
        Command::Serve {
            index,
            seeds,
            addr,
            cors_origins,
            timeout_ms,
            max_concurrent,
            shutdown_grace_ms,
            synonyms,
        } => {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let synonyms = match synonyms.map(|path| Synonyms::with_file(&path)).transpose() {
                Ok(synonyms) => synonyms.unwrap_or_else(Synonyms::builtin),
                Err(e) => {
                    note(&format!("error: {e}"));
                    return ExitCode::from(1);
                }
            };
            let options = ServeOptions {
                index_dir: index,
                seeds_dir: seeds,
                addr,
                cors_origins,
                request_timeout: Duration::from_millis(timeout_ms),
                max_concurrent_searches: max_concurrent.unwrap_or(2 * cores),
                shutdown_grace: Duration::from_millis(shutdown_grace_ms),
                progress: true,
                synonyms,
            };
            run_serve(options).unwrap_or_else(|e| fail(&e, 1))
        }
    }
}

/// Prints `error` with its causes and gives the exit code `code`.
fn fail(error: &anyhow::Error, code: u8) -> ExitCode {
    note(&format!("error: {}", output::error_chain(error.as_ref())));
    ExitCode::from(code)
}

fn run_serve(options: ServeOptions) -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    tokio::runtime::Runtime::new()?.block_on(server::run(options))?;
    Ok(ExitCode::SUCCESS)
}

fn run_index(seeds: PathBuf, index_dir: PathBuf, mode: Mode, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let outcome = index::run(&seeds, &index_dir, mode, verbosity != Verbosity::Quiet);
    let report = match &outcome {
        Ok(outcome) => &outcome.report,
        Err(RunError::NoPages { report, .. }) => report,
        Err(RunError::Locked(e @ LockError::Busy { .. })) => {
            note(&format!("error: {e}"));
            return Ok(ExitCode::from(3));
        }
        Err(_) => &Report::default(),
    };
    print_notices(report);
    let outcome = outcome?;
    if verbosity == Verbosity::Verbose {
        emit(&output::changed_pages(&outcome.changes))?;
    }
    if verbosity != Verbosity::Quiet {
        emit(&format!("{}\n", output::index_summary(&outcome)))?;
    }
    Ok(ExitCode::from(if outcome.report.is_clean() { 0 } else { 2 }))
}

fn run_check(seeds: &std::path::Path, quiet: bool) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let report = corpus::scan::check(seeds, &indicatif::ProgressBar::hidden())?;
    print_notices(&report);
    if !quiet {
        emit(&format!("{}\n", output::check_summary(&report, started.elapsed().as_secs_f64())))?;
    }
    if report.usable() == 0 {
        anyhow::bail!("no usable page in {} ({} read)", seeds.display(), report.pages_read);
    }
    Ok(ExitCode::from(if report.is_clean() { 0 } else { 2 }))
}

fn print_notices(report: &Report) {
    for notice in report.rejected.iter().chain(&report.skipped_rows) {
        note(&notice.to_string());
    }
    for notice in &report.warnings {
        note(&format!("{notice} (field dropped, page kept)"));
    }
}

#[derive(Clone, Copy)]
enum Format {
    Table,
    Json,
    Tsv,
}

/// What `query` shows of a selection.
struct Page {
    limit: usize,
    offset: usize,
    explain: bool,
    facets: Vec<FacetName>,
}

fn run_query(selection: Selection, page: Page, format: Format) -> anyhow::Result<ExitCode> {
    let (request, engine) = selection.open(page)?;
    let response = engine.search(&request)?;
    emit(&match format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&response)?),
        Format::Tsv => output::search_tsv(&response),
        Format::Table => output::search_table(&response),
    })?;
    Ok(ExitCode::from(if response.total > 0 { 0 } else { 1 }))
}

fn run_protein(accession: &str, index: &std::path::Path) -> anyhow::Result<ExitCode> {
    match Engine::open(index)?.record(accession) {
        Ok(protein) => {
            emit(&format!("{}\n", serde_json::to_string_pretty(&protein)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(none @ (RecordError::Isoform { .. } | RecordError::NoPage { .. })) => {
            note(&none.to_string());
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

fn run_stats(index: &std::path::Path) -> anyhow::Result<ExitCode> {
    emit(&format!("{}\n", serde_json::to_string_pretty(&Engine::open(index)?.stats()?)?))?;
    Ok(ExitCode::SUCCESS)
}

/// Whether a write failed because the reader closed the pipe early (`| head`): it had
/// enough, which is no error.
fn closed_pipe(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
}

/// Writes `text` to `out`; a closed pipe is no error, and never a panic as `print!`
/// would make it.
fn write_all(mut out: impl std::io::Write, text: &str) -> std::io::Result<()> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if closed_pipe(&e) => Ok(()),
        other => other,
    }
}

/// Writes `text` to stdout.
fn emit(text: &str) -> std::io::Result<()> {
    write_all(std::io::stdout().lock(), text)
}

/// Writes a line to stderr (`2>&1 | head` closes it too); there is nowhere left to
/// report a failure to.
fn note(line: &str) {
    let _ = write_all(std::io::stderr().lock(), &format!("{line}\n"));
}

fn run_export(selection: Selection, format: export::Format) -> anyhow::Result<ExitCode> {
    let (request, engine) = selection.open(Page { limit: 0, offset: 0, explain: false, facets: Vec::new() })?;
    let export = engine.export(&request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match export::write(&export, format, &mut out) {
        Err(ExportError::Write(e)) if closed_pipe(&e) => {}
        other => other?,
    }
    Ok(ExitCode::from(if export.total() > 0 { 0 } else { 1 }))
}
