//! Scanning a pages folder against the manifest of the previous run: only pages whose
//! size or modification time changed are read, and only those whose content changed
//! are parsed.

use super::manifest::{Manifest, Outcome, PageEntry};
use super::{CorpusError, Notice, Report, page_paths};
use crate::model::Protein;
use crate::page;
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::time::UNIX_EPOCH;
use xxhash_rust::xxh3::xxh3_64;

/// Pages by how they differ from the previous manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }

    /// Pages whose content is new or different.
    pub fn changed(&self) -> impl Iterator<Item = &String> {
        self.added.iter().chain(&self.updated)
    }
}

/// The folder as it is now.
#[derive(Debug, Default)]
pub struct Scan {
    pub manifest: Manifest,
    /// Pages parsed in this scan (the changed ones), by file name.
    pub parsed: HashMap<String, Protein>,
    pub changes: Changes,
}

enum Change {
    Unchanged,
    Added,
    Updated,
}

/// Pages read per parallel batch: bounds what waits between parsing and `accept`.
const BATCH: usize = 256;

/// Scans `dir` against `previous` (empty: read every page), advancing `progress` per
/// page, and keeps the pages it parsed (the changed ones).
pub fn scan(dir: &Path, previous: &Manifest, progress: &ProgressBar) -> Result<Scan, CorpusError> {
    let mut parsed = HashMap::new();
    let (manifest, changes) = scan_each(
        dir,
        previous,
        progress,
        |protein| protein,
        |name, protein| {
            parsed.insert(name.to_string(), protein);
        },
    )?;
    Ok(Scan { manifest, parsed, changes })
}

/// Scans `dir` against `previous` like [`scan`], handing each parsed page to `prepare`
/// (on all threads) and what it returns to `accept` (in path order, so the first page
/// of an accession comes first), without keeping the pages.
pub fn scan_each<T: Send>(
    dir: &Path,
    previous: &Manifest,
    progress: &ProgressBar,
    prepare: impl Fn(Protein) -> T + Sync,
    mut accept: impl FnMut(&str, T),
) -> Result<(Manifest, Changes), CorpusError> {
    let paths = page_paths(dir)?;
    progress.set_length(paths.len() as u64);
    let (mut manifest, mut changes) = (Manifest::new(), Changes::default());
    for batch in paths.chunks(BATCH) {
        let entries: Vec<_> = batch
            .par_iter()
            .map(|path| {
                let (name, entry, protein, change) = scan_page(path, previous);
                progress.inc(1);
                (name, entry, protein.map(&prepare), change)
            })
            .collect();
        for (name, entry, prepared, change) in entries {
            match change {
                Change::Unchanged => changes.unchanged += 1,
                Change::Added => changes.added.push(name.clone()),
                Change::Updated => changes.updated.push(name.clone()),
            }
            if let Some(prepared) = prepared {
                accept(&name, prepared);
            }
            manifest.pages.insert(name, entry);
        }
    }
    changes.removed = previous.pages.keys().filter(|n| !manifest.pages.contains_key(*n)).cloned().collect();
    Ok((manifest, changes))
}

fn scan_page(path: &Path, previous: &Manifest) -> (String, PageEntry, Option<Protein>, Change) {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let before = previous.pages.get(&name);
    let (size, modified_ns) = std::fs::metadata(path).map_or((0, 0), |m| {
        let modified = m.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
        (m.len(), modified.map_or(0, |d| d.as_nanos() as u64))
    });
    if let Some(before) = before
        && (before.size, before.modified_ns) == (size, modified_ns)
        && modified_ns != 0
    {
        return (name, before.clone(), None, Change::Unchanged);
    }
    let (hash, outcome, protein) = match page::read_bytes(path) {
        Err(e) => (0, Outcome::Rejected { reason: e.to_string() }, None),
        Ok(bytes) => {
            let hash = xxh3_64(&bytes);
            if let Some(before) = before.filter(|b| b.hash == hash) {
                let entry = PageEntry { size, modified_ns, hash, outcome: before.outcome.clone() };
                return (name, entry, None, Change::Unchanged);
            }
            match page::parse_page(&bytes) {
                Err(e) => (hash, Outcome::Rejected { reason: e.to_string() }, None),
                Ok(parsed) => {
                    let outcome = Outcome::Parsed {
                        accession: parsed.protein.party.accession.clone(),
                        skipped_rows: parsed.skipped_rows.iter().map(ToString::to_string).collect(),
                        warnings: parsed.warnings.iter().map(ToString::to_string).collect(),
                    };
                    (hash, outcome, Some(parsed.protein))
                }
            }
        }
    };
    let change = if before.is_some() { Change::Updated } else { Change::Added };
    (name, PageEntry { size, modified_ns, hash, outcome }, protein, change)
}

/// What the folder described by `manifest` costs: rejected pages (duplicates of an
/// accession included), skipped rows and dropped fields.
pub fn report(dir: &Path, manifest: &Manifest) -> Report {
    let winners = manifest.winners();
    let mut report = Report { pages_read: manifest.pages.len(), ..Report::default() };
    for (name, entry) in &manifest.pages {
        let notice = |message: String| Notice { path: dir.join(name), message };
        match &entry.outcome {
            Outcome::Rejected { reason } => report.rejected.push(notice(reason.clone())),
            Outcome::Parsed { accession, skipped_rows, warnings } => {
                let winner = winners.get(accession.as_str()).copied().unwrap_or_default();
                if winner != name {
                    let first = dir.join(winner);
                    report.rejected.push(notice(format!(
                        "duplicate accession {accession}, already read from {}",
                        first.display()
                    )));
                } else {
                    report.skipped_rows.extend(skipped_rows.iter().cloned().map(notice));
                    report.warnings.extend(warnings.iter().cloned().map(notice));
                }
            }
        }
    }
    report
}
