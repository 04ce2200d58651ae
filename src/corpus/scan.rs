//! Scanning a pages folder against the manifest of the previous run: only pages whose
//! size or modification time changed are read, and only those whose content changed
//! are parsed.
//!
//! A page that provided an accession in the last run and can no longer be read as a
//! page (a half-written sync, a bad edit) is rejected and reported, but the version
//! indexed before is kept: bad input must not lose what was indexed.

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
    /// Whether no page was added, updated or removed.
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

/// The version of an accession's page in the index, if it is there.
pub type Recover<'a> = &'a (dyn Fn(&str) -> Option<Protein> + Sync);

/// What stands in for pages that can no longer be read.
pub struct Keep<'a> {
    /// By page name, the accession each page provided in the last run.
    provided: HashMap<String, String>,
    /// The version of an accession in the index, for a run that writes every page
    /// again; without it, a kept page's documents are left where they are.
    recover: Option<Recover<'a>>,
}

impl<'a> Keep<'a> {
    /// Keeps, through `recover`, what the pages of `previous` provided.
    pub fn recovering(previous: Option<&Manifest>, recover: Recover<'a>) -> Self {
        Keep { provided: previous.map(Manifest::provided).unwrap_or_default(), recover: Some(recover) }
    }
}

/// Pages read per parallel batch: bounds what waits between parsing and `accept`.
const BATCH: usize = 256;

/// Scans `dir` against `previous` (empty: read every page), advancing `progress` per
/// page, and keeps the pages it parsed (the changed ones).
pub fn scan(dir: &Path, previous: &Manifest, progress: &ProgressBar) -> Result<Scan, CorpusError> {
    let mut parsed = HashMap::new();
    let keep = Keep { provided: previous.provided(), recover: None };
    let (manifest, changes) = scan_each(
        dir,
        previous,
        &keep,
        progress,
        |protein| protein,
        |name, protein| {
            parsed.insert(name.to_string(), protein);
        },
    )?;
    Ok(Scan { manifest, parsed, changes })
}

/// Reads every page of `dir` for what an index run would report (rejected pages,
/// skipped rows, dropped fields), keeping none of them and writing nothing.
pub fn check(dir: &Path, progress: &ProgressBar) -> Result<Report, CorpusError> {
    let nothing_kept = Keep { provided: HashMap::new(), recover: None };
    let (manifest, _) = scan_each(dir, &Manifest::new(), &nothing_kept, progress, drop, |_, ()| {})?;
    Ok(report(dir, &manifest))
}

/// Scans `dir` against `previous` like [`scan`], handing each parsed (or, by `keep`,
/// recovered) page to `prepare` (on all threads) and what it returns to `accept` (in
/// path order, so the first page of an accession comes first), without keeping the
/// pages.
pub fn scan_each<T: Send>(
    dir: &Path,
    previous: &Manifest,
    keep: &Keep,
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
                let (name, entry, protein, change) = scan_page(path, previous, keep);
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
    manifest.drop_superseded_keeps();
    Ok((manifest, changes))
}

fn scan_page(path: &Path, previous: &Manifest, keep: &Keep) -> (String, PageEntry, Option<Protein>, Change) {
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
    let (hash, parsed) = match page::read_bytes(path) {
        Err(e) => (0, Err(e.to_string())),
        Ok(bytes) => {
            let hash = xxh3_64(&bytes);
            if let Some(before) = before.filter(|b| b.hash == hash) {
                let entry = PageEntry { size, modified_ns, hash, outcome: before.outcome.clone() };
                return (name, entry, None, Change::Unchanged);
            }
            (hash, page::parse_page(&bytes).map_err(|e| e.to_string()))
        }
    };
    let entry = |outcome| PageEntry { size, modified_ns, hash, outcome };
    let change = if before.is_some() { Change::Updated } else { Change::Added };
    match parsed {
        Ok(parsed) => {
            let outcome = Outcome::Parsed {
                accession: parsed.protein.party.accession.clone(),
                skipped_rows: parsed.skipped_rows.iter().map(ToString::to_string).collect(),
                warnings: parsed.warnings.iter().map(ToString::to_string).collect(),
            };
            (name, entry(outcome), Some(parsed.protein), change)
        }
        Err(reason) => match (keep.provided.get(&name), keep.recover) {
            (None, _) => (name, entry(Outcome::Rejected { reason, kept: None }), None, change),
            // Written again from the version in the index.
            (Some(accession), Some(recover)) => {
                let protein = recover(accession);
                let kept = protein.as_ref().map(|_| accession.clone());
                (name, entry(Outcome::Rejected { reason, kept }), protein, change)
            }
            // Left in the index as it is: for indexing, nothing changed.
            (Some(accession), None) => {
                let outcome = Outcome::Rejected { reason, kept: Some(accession.clone()) };
                (name, entry(outcome), None, Change::Unchanged)
            }
        },
    }
}

/// What the folder described by `manifest` costs: rejected pages (duplicates of an
/// accession included), skipped rows and dropped fields.
pub fn report(dir: &Path, manifest: &Manifest) -> Report {
    let winners = manifest.winners();
    let mut report = Report { pages_read: manifest.pages.len(), ..Report::default() };
    for (name, entry) in &manifest.pages {
        let notice = |message: String| Notice { path: dir.join(name), message };
        match &entry.outcome {
            Outcome::Rejected { reason, kept: None } => report.rejected.push(notice(reason.clone())),
            Outcome::Rejected { reason, kept: Some(_) } => {
                report.rejected.push(notice(format!("{reason}; the version indexed before is kept")))
            }
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
