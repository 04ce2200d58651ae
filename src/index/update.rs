//! Index runs, as `search-cli index` does them: scan the pages folder against the
//! manifest of the last run, then rebuild from scratch or apply only what changed.
//!
//! An incremental run finds the accessions whose page changed (content, addition,
//! removal, or which file provides them), re-reads only those pages, and rewrites the
//! protein documents of those accessions and the interactions that involve them,
//! combining the new pages' rows with what the unchanged partner pages said (kept in
//! each interaction's stored sides). The result equals a full rebuild's.
//!
//! A page that was indexed and is no longer a page keeps its indexed version: an
//! incremental run leaves its documents alone, a full rebuild writes them again from
//! the stored page ([`crate::corpus::scan::Keep`]).

use super::lock::{LockError, WriteLock};
use super::{IndexError, OpenIndex, document, lookup};
use crate::corpus::compact::{Compactor, Rows};
use crate::corpus::manifest::Manifest;
use crate::corpus::scan::{self, Changes, Scan};
use crate::corpus::{self, CorpusError, Report, interaction_sides};
use crate::model::{InteractionSides, Party, Protein};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tantivy::Term;
use thiserror::Error;

/// Whether a run may update the index in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Apply only what changed, unless there is no usable previous run or most pages changed.
    #[default]
    Auto,
    /// Rebuild from every page into a new generation.
    Full,
}

/// What a run did.
#[derive(Debug)]
pub struct RunOutcome {
    pub report: Report,
    pub changes: Changes,
    /// Rebuilt from scratch into a new generation.
    pub full: bool,
    /// False when nothing changed and nothing was written.
    pub committed: bool,
    /// Documents in the index after the run.
    pub proteins: u64,
    pub interactions: u64,
    /// Interaction documents written by this run.
    pub interactions_written: u64,
    pub seconds: f64,
}

/// Why a run changed nothing.
#[derive(Debug, Error)]
pub enum RunError {
    #[error(transparent)]
    Locked(#[from] LockError),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error("no usable page in {} ({pages_read} read); the index is left as it was", seeds.display())]
    NoPages { seeds: PathBuf, pages_read: usize, report: Report },
    #[error("indexing failed; the previous index is untouched: {0}")]
    Index(#[from] IndexError),
}

/// Brings the index in `root` in line with the pages in `seeds`, holding the folder's
/// write lock throughout. Progress bars are drawn only if `show_progress` and stderr is
/// a terminal.
pub fn run(seeds: &Path, root: &Path, mode: Mode, show_progress: bool) -> Result<RunOutcome, RunError> {
    let started = Instant::now();
    let _lock = WriteLock::acquire(root)?;
    super::remove_aborted_generations(root);
    let current = super::open(root).ok();
    let previous = current
        .as_ref()
        .and_then(|c| c.index.load_metas().ok())
        .and_then(|metas| Manifest::from_payload(metas.payload.as_deref()));
    let last = Last { index: current.as_ref(), manifest: previous.as_ref() };
    let (Some(current), Some(previous), Mode::Auto) = (&current, &previous, mode) else {
        return full(seeds, root, last, None, show_progress, started);
    };

    let reading = progress_bar(show_progress, "reading pages");
    let mut scanned = scan::scan(seeds, previous, &reading)?;
    reading.finish_and_clear();
    let report = scan::report(seeds, &scanned.manifest);
    if scanned.manifest.winners().is_empty() {
        return Err(RunError::NoPages { seeds: seeds.to_path_buf(), pages_read: report.pages_read, report });
    }
    let changed = scanned.changes.added.len() + scanned.changes.updated.len() + scanned.changes.removed.len();
    if changed * 2 > scanned.manifest.pages.len() {
        // Most pages changed: a rebuild (reading every page again) is cheaper.
        drop(scanned.parsed);
        return full(seeds, root, last, Some(scanned.changes), show_progress, started);
    }
    let outcome = incremental(seeds, current, previous, &mut scanned, show_progress)?;
    Ok(RunOutcome { report, changes: scanned.changes, seconds: started.elapsed().as_secs_f64(), ..outcome })
}

fn progress_bar(show: bool, message: &'static str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    // indicatif draws nothing when stderr is not a terminal (cron, pipes, tests).
    let style = ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} ({elapsed})")
        .expect("the template is valid")
        .progress_chars("=> ");
    ProgressBar::new(0).with_style(style).with_message(message)
}

/// A spinner for a step of unknown length (a commit: the last segments written and
/// merged), on a terminal only.
fn spinner(show: bool, message: &'static str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{msg:>14} {spinner} ({elapsed})").expect("the template is valid");
    let spinner = ProgressBar::new_spinner().with_style(style).with_message(message);
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
}

/// An outcome before the fields `run` fills in.
fn outcome(full: bool, committed: bool, proteins: u64, interactions: u64, written: u64) -> RunOutcome {
    RunOutcome {
        report: Report::default(),
        changes: Changes::default(),
        full,
        committed,
        proteins,
        interactions,
        interactions_written: written,
        seconds: 0.0,
    }
}

/// The index a run starts from, if any, and the manifest of the run that wrote it.
#[derive(Clone, Copy)]
struct Last<'a> {
    index: Option<&'a OpenIndex>,
    manifest: Option<&'a Manifest>,
}

impl Last<'_> {
    /// The version of `accession`'s page in the index.
    fn page(&self, searcher: &tantivy::Searcher, accession: &str) -> Option<Protein> {
        let f = &self.index?.fields;
        let address = lookup::protein(searcher, f, accession).ok()??;
        lookup::page(searcher, f, address).ok()
    }
}

/// Interaction documents handed to the writer at once: fewer hand-overs between our
/// threads and Tantivy's (each a cache line passed between cores, and waits when
/// the queue is full or empty). The queue holds 10,000 batches, so a batch's size
/// also bounds what waits in it: 64 doubled the medium untruncated build's peak RSS,
/// 16 adds a seventh.
const BATCH_DOCS: usize = 16;

/// Interactions written in parallel before the next are begun (see [`full`]).
const WINDOW_DOCS: usize = 16_384;

/// Rebuilds from every page into a new generation. Pages are written as they are read
/// and only their rows, compacted, wait for the join ([`crate::corpus::compact`]); a page that is no
/// longer one is written as `last` indexed it. `changes` replaces those of the scan
/// (every page new) when the run was meant to be incremental.
fn full(
    seeds: &Path,
    root: &Path,
    last: Last,
    changes: Option<Changes>,
    show_progress: bool,
    started: Instant,
) -> Result<RunOutcome, RunError> {
    // Opened only if some page needs its indexed version.
    let searcher = std::sync::OnceLock::new();
    let recover = |accession: &str| {
        let searcher = searcher.get_or_init(|| last.index.and_then(|c| c.index.reader().ok()).map(|r| r.searcher()));
        last.page(searcher.as_ref()?, accession)
    };
    let keep = scan::Keep::recovering(last.manifest, &recover);
    let generation = super::NewGeneration::create(root)?;
    let (compactor, mut rows) = (Compactor::default(), Rows::default());
    let (mut seen, mut failed) = (HashSet::new(), None);
    let reading = progress_bar(show_progress, "reading pages");
    let (manifest, scanned_changes) = scan::scan_each(
        seeds,
        &Manifest::new(),
        &keep,
        &reading,
        |page| (page.party.accession.clone(), document::protein(&generation.fields, &page), compactor.compact(&page)),
        |_, (accession, doc, page)| {
            // In path order: the first page of an accession wins, as in the manifest.
            if seen.insert(accession) {
                if let Err(e) = generation.add(doc) {
                    failed.get_or_insert(e);
                }
                rows.add(page);
            }
        },
    )?;
    reading.finish_and_clear();
    if let Some(error) = failed {
        return Err(generation.failed(error).into());
    }
    let report = scan::report(seeds, &manifest);
    if seen.is_empty() {
        return Err(RunError::NoPages { seeds: seeds.to_path_buf(), pages_read: report.pages_read, report });
    }

    let joined = rows.join(compactor);
    let writing = progress_bar(show_progress, "indexing");
    writing.set_length(joined.len() as u64);
    let fields = &generation.fields;
    // Window after window, so that the threads write neighbours in the join's order
    // (organism, TF, target) together: a segment's documents of one organism then lie
    // together, and counting a facet skips the blocks where a query has no match
    // ([`crate::search`]). Over the whole range at once, each thread would start
    // from its own half, and every segment would hold two organisms interleaved.
    let added = (0..joined.len()).step_by(WINDOW_DOCS).try_for_each(|start| {
        let window = start..joined.len().min(start + WINDOW_DOCS);
        joined.par_sides(window).chunks(BATCH_DOCS).try_for_each(|chunk| {
            writing.inc(chunk.len() as u64);
            generation.add_all(chunk.into_iter().filter_map(|sides| document::interaction(fields, sides)).collect())
        })
    });
    if let Err(error) = added {
        return Err(generation.failed(error).into());
    }
    writing.finish_and_clear();
    let written = joined.len() as u64;
    drop(joined);
    let committing = spinner(show_progress, "committing");
    generation.finish(Some(manifest.to_payload()))?;
    committing.finish_and_clear();
    Ok(RunOutcome {
        report,
        changes: changes.unwrap_or(scanned_changes),
        seconds: started.elapsed().as_secs_f64(),
        ..outcome(true, true, seen.len() as u64, written, written)
    })
}

fn incremental(
    seeds: &Path,
    current: &OpenIndex,
    previous: &Manifest,
    scanned: &mut Scan,
    show_progress: bool,
) -> Result<RunOutcome, RunError> {
    let (index, f, path) = (&current.index, &current.fields, current.generation.as_path());
    let tantivy_error = |source| IndexError::Write { path: path.to_path_buf(), source };
    let reader = index.reader().map_err(tantivy_error)?;
    let searcher = reader.searcher();
    let counts = |searcher: &tantivy::Searcher| -> Result<(u64, u64), IndexError> {
        let proteins = lookup::count(searcher, f, document::KIND_PROTEIN).map_err(tantivy_error)?;
        let interactions = lookup::count(searcher, f, document::KIND_INTERACTION).map_err(tantivy_error)?;
        Ok((proteins, interactions))
    };
    if scanned.changes.is_empty() {
        let (proteins, interactions) = counts(&searcher)?;
        return Ok(outcome(false, false, proteins, interactions, 0));
    }

    // Accessions whose page changed, appeared, disappeared or moved to another file.
    let (before, now) = (previous.winners(), scanned.manifest.winners());
    let changed: BTreeSet<&str> = scanned.changes.changed().map(String::as_str).collect();
    let touched: BTreeSet<String> = before
        .keys()
        .chain(now.keys())
        .filter(|a| before.get(*a) != now.get(*a) || now.get(*a).is_some_and(|n| changed.contains(n)))
        .map(|a| a.to_string())
        .collect();
    let mut names: Vec<String> = touched.iter().filter_map(|a| now.get(a.as_str()).map(|n| n.to_string())).collect();
    names.sort();
    let pages: Vec<Protein> = corpus::pages(seeds, &names, &mut scanned.parsed)?;

    let writing = progress_bar(show_progress, "indexing");
    let sides = updated_sides(&searcher, f, &touched, &pages).map_err(tantivy_error)?;
    writing.set_length((sides.len() + pages.len()) as u64);
    let mut writer = super::writer(index, path)?;
    // Every interaction involving a touched accession goes, and `sides` (which holds
    // them all: the same query found them) writes back those still listed.
    for accession in &touched {
        writer.delete_term(Term::from_field_text(f.key, accession));
        writer.delete_query(Box::new(lookup::touching_query(f, accession))).map_err(tantivy_error)?;
    }
    let added = (|| {
        for page in &pages {
            writer.add_document(document::protein(f, page))?;
            writing.inc(1);
        }
        let mut written = 0;
        for sides in sides.into_values() {
            if let Some(doc) = document::interaction(f, sides) {
                writer.add_document(doc)?;
                written += 1;
            }
            writing.inc(1);
        }
        Ok(written)
    })();
    let written = added.map_err(|e| tantivy_error(super::cause(&mut writer, e)))?;
    writing.finish_and_clear();
    let committing = spinner(show_progress, "committing");
    super::commit(&mut writer, Some(scanned.manifest.to_payload()), path)?;
    writer.wait_merging_threads().map_err(tantivy_error)?;
    committing.finish_and_clear();
    reader.reload().map_err(tantivy_error)?;
    let (proteins, interactions) = counts(&reader.searcher())?;
    Ok(outcome(false, true, proteins, interactions, written))
}

/// The new sides of every interaction involving a `touched` accession: what the
/// unchanged partner pages said (from the stored documents) plus what the new `pages`
/// of the touched accessions say.
fn updated_sides(
    searcher: &tantivy::Searcher,
    f: &super::schema::Fields,
    touched: &BTreeSet<String>,
    pages: &[Protein],
) -> tantivy::Result<HashMap<String, InteractionSides>> {
    let is_touched = |accession: &str| touched.contains(accession);
    let mut sides: HashMap<String, InteractionSides> = HashMap::new();
    for accession in touched {
        for address in lookup::touching(searcher, f, accession)? {
            let mut old = lookup::sides(searcher, f, address)?;
            if is_touched(&old.tf_accession) {
                (old.tf_header, old.on_tf_page) = (None, None);
            }
            if is_touched(&old.target_accession) {
                (old.target_header, old.on_target_page) = (None, None);
            }
            sides.insert(old.key(), old);
        }
    }
    let stored: BTreeSet<String> = sides.keys().cloned().collect();
    for (key, new) in interaction_sides(pages) {
        let entry = sides.entry(key).or_insert_with(|| InteractionSides {
            organism: new.organism.clone(),
            tf_accession: new.tf_accession.clone(),
            target_accession: new.target_accession.clone(),
            ..InteractionSides::default()
        });
        if is_touched(&new.tf_accession) {
            entry.on_tf_page = new.on_tf_page;
        }
        if is_touched(&new.target_accession) {
            entry.on_target_page = new.on_target_page;
        }
    }
    // Headers: touched accessions from their new page (or none); for interactions new to
    // the index, untouched partners from their protein document.
    let headers: HashMap<&str, &Party> = pages.iter().map(|p| (p.party.accession.as_str(), &p.party)).collect();
    let mut partner_headers: HashMap<String, Option<Party>> = HashMap::new();
    for (key, entry) in sides.iter_mut() {
        let is_new = !stored.contains(key);
        for (accession, header) in
            [(&entry.tf_accession, &mut entry.tf_header), (&entry.target_accession, &mut entry.target_header)]
        {
            if is_touched(accession) {
                *header = headers.get(accession.as_str()).map(|p| (*p).clone());
            } else if is_new {
                if !partner_headers.contains_key(accession) {
                    partner_headers.insert(accession.clone(), lookup::header(searcher, f, accession)?);
                }
                header.clone_from(&partner_headers[accession]);
            }
        }
    }
    Ok(sides)
}
