//! The on-disk index: schema, documents, generations, and the runs that update them.
//!
//! An index folder holds generations (`gen-000001/`, …, each a complete Tantivy index)
//! and a `CURRENT` file naming the live one. A full build writes a new generation and
//! then replaces `CURRENT` with a rename; an incremental run commits into the live
//! generation, and a Tantivy commit is atomic too. Readers therefore see the old index
//! or the new one, and a run that fails or is killed leaves the previous one intact.

pub mod code;
pub mod document;
pub mod list;
pub mod lock;
pub mod lookup;
pub mod schema;
pub mod stored;
pub mod update;

use crate::corpus::Corpus;
use crate::corpus::manifest::Manifest;
use indicatif::ProgressBar;
use rayon::prelude::*;
use schema::Fields;
use std::path::{Path, PathBuf};
use tantivy::indexer::LogMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument};
use thiserror::Error;

pub use update::{Mode, RunError, RunOutcome, run};

const CURRENT: &str = "CURRENT";
const GENERATION_PREFIX: &str = "gen-";
/// Indexing memory per writer thread.
const WRITER_MEMORY_PER_THREAD: usize = 128 * 1024 * 1024;

/// Stored documents are compressed in blocks of this many bytes, and a hit reads (and
/// decompresses) its whole block. Tantivy's 16 KB made that a tenth of a search's CPU;
/// 4 KB blocks answer 7% more searches a second (p99 8% lower) for a 10% larger index.
/// Each block is compressed by the thread that filled it: handing four times as many
/// blocks to Tantivy's compressor thread cost a medium build 6% (with 16 KB blocks,
/// compressing in place made no difference).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// A failure to open or write an index, naming the folder.
#[derive(Debug, Error)]
pub enum IndexError {
    #[error("no index in {}: run `search-cli index` first", path.display())]
    NotBuilt { path: PathBuf },
    #[error("cannot open the index in {}: {source}", path.display())]
    Open { path: PathBuf, source: tantivy::TantivyError },
    #[error("{} is not a folder: --index names the index folder (created if missing)", path.display())]
    NotAFolder { path: PathBuf },
    #[error("cannot read the index in {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write the index in {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write the index in {}: {source}", path.display())]
    Write { path: PathBuf, source: tantivy::TantivyError },
    #[error("the index in {} was written by another version of search-cli: run `search-cli index` to rebuild it", path.display())]
    Outdated { path: PathBuf },
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
        std::io::ErrorKind::NotADirectory => IndexError::NotAFolder { path: root.to_path_buf() },
        _ => IndexError::Read { path: pointer.clone(), source: e },
    })?;
    Ok(root.join(name.trim()))
}

/// Opens the live generation of the index folder `root`.
pub fn open(root: &Path) -> Result<OpenIndex, IndexError> {
    let generation = current_generation(root)?;
    let open_error = |source| IndexError::Open { path: generation.clone(), source };
    let index = Index::open_in_dir(&generation).map_err(open_error)?;
    schema::register_tokenizers(&index);
    let outdated = || IndexError::Outdated { path: generation.clone() };
    let fields = schema::fields_of(&index.schema()).map_err(|_| outdated())?;
    // The same schema can hold documents of another format (a stored value's encoding,
    // a field's terms), which this version would misread: the manifest says which.
    // An index written without one (by the library, [`build`]) is of this version.
    let metas = index.load_metas().map_err(open_error)?;
    if metas.payload.as_deref().is_some_and(Manifest::payload_outdated) {
        return Err(outdated());
    }
    Ok(OpenIndex { index, fields, generation })
}

/// Writes `corpus` as a new generation in `root` and makes it live, without a manifest
/// (the next run rebuilds fully). Runs from the command line go through [`run`].
pub fn build(root: &Path, corpus: &Corpus) -> Result<PathBuf, IndexError> {
    build_generation(root, corpus, None, &ProgressBar::hidden())
}

/// Segments of more documents than this are never merged.
///
/// A build writes segments of about a million documents. Tantivy's default (ten
/// million) merged eight of them into one during a build of the full corpus: a
/// twentieth of the build's CPU, and slower searches: the benchmark's mix on one
/// segment of 9.7 million and two of 1.2 million had p50 1.04–1.08 ms and p99
/// 6.0–6.4 ms, on ten of 0.9–1.4 million 0.85–0.87 and 4.8 ms. Segments that
/// updates add are still merged, up to this size.
const MAX_DOCS_MERGED: usize = 1_000_000;

/// A writer sized for this machine.
fn writer(index: &Index, path: &Path) -> Result<IndexWriter<TantivyDocument>, IndexError> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    let writer = index
        .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)
        .map_err(|source| IndexError::Write { path: path.to_path_buf(), source })?;
    let mut merges = LogMergePolicy::default();
    merges.set_max_docs_before_merge(MAX_DOCS_MERGED);
    writer.set_merge_policy(Box::new(merges));
    Ok(writer)
}

/// What stopped `writer`'s indexing threads, in place of `error` when that only says
/// they stopped (Tantivy's "An index writer was killed"): joining them, as preparing a
/// commit does, returns their own error (a full disk, a file size limit). Nothing is
/// committed.
fn cause(writer: &mut IndexWriter<TantivyDocument>, error: tantivy::TantivyError) -> tantivy::TantivyError {
    if !matches!(error, tantivy::TantivyError::ErrorInThread(_)) {
        return error;
    }
    match writer.prepare_commit() {
        Err(cause) => cause,
        Ok(prepared) => {
            let _ = prepared.abort();
            error
        }
    }
}

/// Commits with `payload` (the manifest) attached, so both change together.
fn commit(writer: &mut IndexWriter<TantivyDocument>, payload: Option<String>, path: &Path) -> Result<(), IndexError> {
    let write_error = |source| IndexError::Write { path: path.to_path_buf(), source };
    let mut prepared = writer.prepare_commit().map_err(write_error)?;
    if let Some(payload) = payload {
        prepared.set_payload(&payload);
    }
    prepared.commit().map_err(write_error)?;
    Ok(())
}

/// Writes `corpus` as a new generation, advancing `progress` per document, and makes
/// it live. Returns the new generation folder.
fn build_generation(
    root: &Path,
    corpus: &Corpus,
    payload: Option<String>,
    progress: &ProgressBar,
) -> Result<PathBuf, IndexError> {
    let generation = NewGeneration::create(root)?;
    progress.set_length((corpus.proteins.len() + corpus.interactions.len()) as u64);
    let fields = &generation.fields;
    let added = corpus
        .proteins
        .par_iter()
        .map(|p| Some(document::protein(fields, p)))
        .chain(corpus.interactions.par_iter().map(|i| document::interaction(fields, i.clone())))
        .enumerate()
        .try_for_each(|(item, doc)| {
            tick(progress, item);
            doc.map_or(Ok(()), |doc| generation.add(doc))
        });
    match added {
        Ok(()) => generation.finish(payload),
        Err(error) => Err(generation.failed(error)),
    }
}

/// Items a progress bar advances by at once.
const PROGRESS_STEP: usize = 1024;

/// Advances `progress` past the `item`th of a parallel loop, [`PROGRESS_STEP`] at a
/// time: `inc` reads the clock and atomics the threads share, 1% of a build when called
/// per interaction. (The bar ends up to a step short, and is then cleared.)
fn tick(progress: &ProgressBar, item: usize) {
    if item % PROGRESS_STEP == PROGRESS_STEP - 1 {
        progress.inc(PROGRESS_STEP as u64);
    }
}

/// A generation being written: not live until [`NewGeneration::finish`]; dropped
/// unfinished, it is removed (or, if the process dies, by the next run).
pub struct NewGeneration {
    root: PathBuf,
    path: PathBuf,
    pub fields: Fields,
    writer: Option<IndexWriter<TantivyDocument>>,
    /// Made live by [`NewGeneration::finish`]: kept when dropped.
    live: bool,
}

impl NewGeneration {
    /// A new, empty generation folder in `root` with a writer.
    pub fn create(root: &Path) -> Result<NewGeneration, IndexError> {
        std::fs::create_dir_all(root).map_err(|source| IndexError::Io { path: root.to_path_buf(), source })?;
        let path = new_generation_dir(root)?;
        let write_error = |source| IndexError::Write { path: path.clone(), source };
        let fields = schema::fields_of(&schema::build()).map_err(write_error)?;
        // From here on, a failure drops it, which removes the folder.
        let mut generation =
            NewGeneration { root: root.to_path_buf(), path: path.clone(), fields, writer: None, live: false };
        let settings = tantivy::IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            docstore_compress_dedicated_thread: false,
            ..Default::default()
        };
        let index =
            Index::builder().schema(schema::build()).settings(settings).create_in_dir(&path).map_err(write_error)?;
        schema::register_tokenizers(&index);
        generation.writer = Some(writer(&index, &path)?);
        Ok(generation)
    }

    /// Queues a document (from any thread).
    pub fn add(&self, doc: TantivyDocument) -> Result<(), IndexError> {
        let writer = self.writer.as_ref().expect("a writer until finished");
        writer.add_document(doc).map(drop).map_err(|source| IndexError::Write { path: self.path.clone(), source })
    }

    /// Queues documents as one batch (from any thread): one hand-over to an indexing
    /// thread rather than one per document.
    pub fn add_all(&self, docs: Vec<TantivyDocument>) -> Result<(), IndexError> {
        let writer = self.writer.as_ref().expect("a writer until finished");
        let operations = docs.into_iter().map(tantivy::indexer::UserOperation::Add);
        writer.run(operations).map(drop).map_err(|source| IndexError::Write { path: self.path.clone(), source })
    }

    /// `error`, returned by [`Self::add`] or [`Self::add_all`], with the cause the writer
    /// stopped for; the generation is removed.
    pub fn failed(mut self, error: IndexError) -> IndexError {
        match (error, self.writer.as_mut()) {
            (IndexError::Write { path, source }, Some(writer)) => {
                IndexError::Write { path, source: cause(writer, source) }
            }
            (error, _) => error,
        }
    }

    /// Commits with `payload`, makes the generation live and removes all but it and the
    /// one it replaces (which readers may still have open). Returns its folder.
    pub fn finish(mut self, payload: Option<String>) -> Result<PathBuf, IndexError> {
        let previous = current_generation(&self.root).ok();
        let mut writer = self.writer.take().expect("finished once");
        commit(&mut writer, payload, &self.path)?;
        writer.wait_merging_threads().map_err(|source| IndexError::Write { path: self.path.clone(), source })?;
        make_current(&self.root, &self.path)?;
        self.live = true;
        let live = file_name(&self.path).to_string();
        remove_generations(&self.root, |name| name != live && Some(name) != previous.as_deref().map(file_name));
        Ok(self.path.clone())
    }
}

impl Drop for NewGeneration {
    /// A generation that did not become live goes at once, even when its commit failed:
    /// on a full disk, the space it holds is what the next run needs.
    fn drop(&mut self) {
        if !self.live {
            // Its threads stop before their files go.
            drop(self.writer.take());
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or_default()
}

fn generation_number(name: &str) -> Option<u64> {
    name.strip_prefix(GENERATION_PREFIX)?.parse().ok()
}

/// Numbered after every generation present, so names sort in creation order whatever
/// the clock does.
fn new_generation_dir(root: &Path) -> Result<PathBuf, IndexError> {
    let io_error = |source| IndexError::Io { path: root.to_path_buf(), source };
    let last = std::fs::read_dir(root)
        .map_err(io_error)?
        .filter_map(|e| e.ok()?.file_name().to_str().and_then(generation_number))
        .max()
        .unwrap_or(0);
    let dir = root.join(format!("{GENERATION_PREFIX}{:06}", last + 1));
    std::fs::create_dir(&dir).map_err(|source| IndexError::Io { path: dir.clone(), source })?;
    Ok(dir)
}

/// Points `CURRENT` at `generation` with an atomic rename of a synced temporary file.
fn make_current(root: &Path, generation: &Path) -> Result<(), IndexError> {
    let tmp = root.join(format!("{CURRENT}.tmp"));
    let io_error = |source| IndexError::Io { path: root.join(CURRENT), source };
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&tmp).map_err(io_error)?;
        file.write_all(file_name(generation).as_bytes()).map_err(io_error)?;
        file.sync_all().map_err(io_error)?;
    }
    std::fs::rename(&tmp, root.join(CURRENT)).map_err(io_error)?;
    std::fs::File::open(root).and_then(|dir| dir.sync_all()).map_err(io_error)
}

/// Removes the generation folders whose names `doomed` selects. Failures are harmless:
/// a later run tries again.
fn remove_generations(root: &Path, doomed: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if generation_number(&name).is_some() && doomed(&name) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes generations newer than the live one: under the write lock they can only be
/// builds that were killed before they went live.
fn remove_aborted_generations(root: &Path) {
    let Ok(live) = current_generation(root) else { return };
    let Some(live) = generation_number(file_name(&live)) else { return };
    remove_generations(root, |name| generation_number(name).is_some_and(|n| n > live));
}
