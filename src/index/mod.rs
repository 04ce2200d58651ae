//! The on-disk index: schema, documents, building and opening.
//!
//! An index folder holds generations (`gen-<n>/`, each a complete Tantivy index) and a
//! `CURRENT` file naming the live one. A build writes a new generation and then
//! replaces `CURRENT` with a rename, so readers see the old index or the new one and
//! a failed build leaves the previous index untouched.

pub mod document;
pub mod schema;

use crate::corpus::{self, Corpus, CorpusError, Report};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use schema::Fields;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};
use tantivy::Index;
use thiserror::Error;

const CURRENT: &str = "CURRENT";
const GENERATION_PREFIX: &str = "gen-";
/// Indexing memory per writer thread.
const WRITER_MEMORY_PER_THREAD: usize = 128 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum IndexError {
    #[error("no index in {}: run `search-cli index` first", path.display())]
    NotBuilt { path: PathBuf },
    #[error("cannot open the index in {}: {source}", path.display())]
    Open { path: PathBuf, source: tantivy::TantivyError },
    #[error("cannot write the index in {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write the index in {}: {source}", path.display())]
    Write { path: PathBuf, source: tantivy::TantivyError },
}

/// Why `rebuild` wrote nothing; the previous index is untouched in every case.
#[derive(Debug, Error)]
pub enum RebuildError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error("no usable page in {} ({pages_read} read); the index is left as it was", seeds.display())]
    NoPages { seeds: PathBuf, pages_read: usize, report: Report },
    #[error("indexing failed; the previous index is untouched: {0}")]
    Index(#[from] IndexError),
}

/// The result of reading a pages folder and indexing it.
#[derive(Debug)]
pub struct Rebuilt {
    pub report: Report,
    pub stats: BuildStats,
    pub seconds: f64,
}

/// Reads the pages in `seeds` and makes them the live index in `root`, showing progress
/// on stderr when it is a terminal and `show_progress` is set.
pub fn rebuild(seeds: &Path, root: &Path, show_progress: bool) -> Result<Rebuilt, RebuildError> {
    let started = std::time::Instant::now();
    let bar = |message: &'static str| {
        if !show_progress {
            return ProgressBar::hidden();
        }
        // indicatif draws nothing when stderr is not a terminal (cron, pipes, tests).
        let style = ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} ({elapsed})")
            .expect("the template is valid")
            .progress_chars("=> ");
        ProgressBar::new(0).with_style(style).with_message(message)
    };
    let reading = bar("reading pages");
    let corpus = corpus::load_with_progress(seeds, &reading)?;
    reading.finish_and_clear();
    if corpus.proteins.is_empty() {
        let report = corpus.report;
        return Err(RebuildError::NoPages { seeds: seeds.to_path_buf(), pages_read: report.pages_read, report });
    }
    let writing = bar("indexing");
    let stats = build_with_progress(root, &corpus, &writing)?;
    writing.finish_and_clear();
    Ok(Rebuilt { report: corpus.report, stats, seconds: started.elapsed().as_secs_f64() })
}

/// What a build wrote.
#[derive(Debug, Clone)]
pub struct BuildStats {
    pub proteins: usize,
    pub interactions: usize,
    /// The generation folder now live.
    pub generation: PathBuf,
}

/// An opened generation with its field handles.
#[derive(Clone)]
pub struct OpenIndex {
    pub index: Index,
    pub fields: Fields,
    pub generation: PathBuf,
}

/// The generation `CURRENT` names in `root`.
pub fn current_generation(root: &Path) -> Result<PathBuf, IndexError> {
    let pointer = root.join(CURRENT);
    let name = std::fs::read_to_string(&pointer).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => IndexError::NotBuilt { path: root.to_path_buf() },
        _ => IndexError::Io { path: pointer.clone(), source: e },
    })?;
    Ok(root.join(name.trim()))
}

/// Opens the live generation of the index folder `root`.
pub fn open(root: &Path) -> Result<OpenIndex, IndexError> {
    let generation = current_generation(root)?;
    let open_error = |source| IndexError::Open { path: generation.clone(), source };
    let index = Index::open_in_dir(&generation).map_err(open_error)?;
    schema::register_tokenizers(&index);
    let fields = schema::fields_of(&index.schema()).map_err(open_error)?;
    Ok(OpenIndex { index, fields, generation })
}

/// Writes `corpus` as a new generation in `root` and makes it live.
pub fn build(root: &Path, corpus: &Corpus) -> Result<BuildStats, IndexError> {
    build_with_progress(root, corpus, &ProgressBar::hidden())
}

/// [`build`], advancing `progress` by one per document written.
pub fn build_with_progress(root: &Path, corpus: &Corpus, progress: &ProgressBar) -> Result<BuildStats, IndexError> {
    progress.set_length((corpus.proteins.len() + corpus.interactions.len()) as u64);
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    std::fs::create_dir_all(root).map_err(io_error(root))?;
    let generation = new_generation_dir(root)?;
    let write_error = |source| IndexError::Write { path: generation.clone(), source };

    let index = Index::create_in_dir(&generation, schema::build()).map_err(write_error)?;
    schema::register_tokenizers(&index);
    let fields = schema::fields_of(&index.schema()).map_err(write_error)?;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    let mut writer = index
        .writer_with_num_threads::<tantivy::TantivyDocument>(threads, threads * WRITER_MEMORY_PER_THREAD)
        .map_err(write_error)?;
    let added = corpus
        .proteins
        .par_iter()
        .map(|p| document::protein(&fields, p))
        .chain(corpus.interactions.par_iter().filter_map(|i| document::interaction(&fields, i)))
        .try_for_each(|doc| {
            progress.inc(1);
            writer.add_document(doc).map(drop)
        });
    added.map_err(write_error)?;
    writer.commit().map_err(write_error)?;
    writer.wait_merging_threads().map_err(write_error)?;

    make_current(root, &generation)?;
    remove_old_generations(root, &generation);
    Ok(BuildStats { proteins: corpus.proteins.len(), interactions: corpus.interactions.len(), generation })
}

fn new_generation_dir(root: &Path) -> Result<PathBuf, IndexError> {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let dir = root.join(format!("{GENERATION_PREFIX}{nanos}"));
    std::fs::create_dir(&dir).map_err(|source| IndexError::Io { path: dir.clone(), source })?;
    Ok(dir)
}

/// Points `CURRENT` at `generation` with an atomic rename of a synced temporary file.
fn make_current(root: &Path, generation: &Path) -> Result<(), IndexError> {
    let name = generation.file_name().expect("generation dirs have a name").to_string_lossy();
    let tmp = root.join(format!("{CURRENT}.tmp"));
    let io_error = |source| IndexError::Io { path: root.join(CURRENT), source };
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&tmp).map_err(io_error)?;
        file.write_all(name.as_bytes()).map_err(io_error)?;
        file.sync_all().map_err(io_error)?;
    }
    std::fs::rename(&tmp, root.join(CURRENT)).map_err(io_error)?;
    std::fs::File::open(root).and_then(|dir| dir.sync_all()).map_err(io_error)
}

/// Removes generations other than the live one and the one it replaced (a running
/// server may still be reading that). Failures are harmless: the next build retries.
fn remove_old_generations(root: &Path, live: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut old: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p != live && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(GENERATION_PREFIX)))
        .collect();
    old.sort();
    old.pop();
    for dir in old {
        let _ = std::fs::remove_dir_all(dir);
    }
}
