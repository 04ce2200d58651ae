//! Reading a folder of pages and merging what they say into interactions.

pub mod compact;
pub mod manifest;
pub mod scan;

use crate::model::{InteractionSides, Party, Protein, interaction_key};
use crate::page;
use indicatif::ProgressBar;
use manifest::Manifest;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A folder that cannot be read at all; single bad pages are not errors, see [`Report`].
#[derive(Debug, Error)]
pub enum CorpusError {
    #[error("cannot read the pages folder {}: {source}", path.display())]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("{}: changed while being indexed ({reason}); run again", path.display())]
    Changed { path: PathBuf, reason: String },
}

/// Something in one file: a rejected page, a skipped row or a dropped field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// What reading the folder cost.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Entries named `*.md`.
    pub pages_read: usize,
    /// Pages that could not be used at all (including duplicates).
    pub rejected: Vec<Notice>,
    /// Malformed rows dropped from otherwise good pages.
    pub skipped_rows: Vec<Notice>,
    /// Malformed optional fields dropped from otherwise good pages.
    pub warnings: Vec<Notice>,
}

impl Report {
    /// Pages that can be indexed: those read but not rejected.
    pub fn usable(&self) -> usize {
        self.pages_read - self.rejected.len()
    }

    /// Whether every page and every row could be used (the exit code 0 of `index` and
    /// `check`, rather than 2).
    pub fn is_clean(&self) -> bool {
        self.rejected.is_empty() && self.skipped_rows.is_empty()
    }
}

/// The pages of a folder, read and merged.
#[derive(Debug, Default)]
pub struct Corpus {
    /// One per accession, in path order.
    pub proteins: Vec<Protein>,
    /// What the pages say of each (organism, TF, target), sorted by key.
    pub interactions: Vec<InteractionSides>,
    pub report: Report,
}

/// The `*.md` entries directly inside `dir`, sorted by path. Hidden names are left out:
/// an editor's lock or swap file (`.#P22557.md`), a Mac's resource fork (`._P22557.md`)
/// or a sync tool's partial copy is not a page, and reading it would fail a cron run.
pub fn page_paths(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    let error = |source| CorpusError::Folder { path: dir.to_path_buf(), source };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(error)? {
        let path = entry.map_err(error)?.path();
        let hidden = path.file_name().is_some_and(|name| name.as_encoded_bytes().starts_with(b"."));
        if !hidden && path.extension().is_some_and(|ext| ext == "md") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Reads every page in `dir` (in parallel), keeps the first page of each accession in
/// path order, and merges the interactions.
pub fn load(dir: &Path) -> Result<Corpus, CorpusError> {
    let mut scanned = scan::scan(dir, &Manifest::new(), &ProgressBar::hidden())?;
    let report = scan::report(dir, &scanned.manifest);
    let mut winners: Vec<String> = scanned.manifest.winners().into_values().map(String::from).collect();
    winners.sort();
    let proteins = pages(dir, &winners, &mut scanned.parsed)?;
    let mut interactions: Vec<InteractionSides> = interaction_sides(&proteins).into_values().collect();
    interactions.sort_by_cached_key(InteractionSides::key);
    Ok(Corpus { proteins, interactions, report })
}

/// The proteins of the pages `names` (in that order): taken from `parsed` when there,
/// read again otherwise.
pub fn pages(dir: &Path, names: &[String], parsed: &mut HashMap<String, Protein>) -> Result<Vec<Protein>, CorpusError> {
    names
        .iter()
        .map(|name| match parsed.remove(name) {
            Some(protein) => Ok(protein),
            None => page::read_page(&dir.join(name))
                .map(|p| p.protein)
                .map_err(|e| CorpusError::Changed { path: dir.join(name), reason: e.to_string() }),
        })
        .collect()
}

/// What the pages say about each interaction they list, by interaction key. Only the
/// given pages contribute; the headers of parties without a page among them are unset.
pub fn interaction_sides<'a>(pages: impl IntoIterator<Item = &'a Protein>) -> HashMap<String, InteractionSides> {
    let pages: Vec<&Protein> = pages.into_iter().collect();
    let headers: HashMap<&str, &Party> = pages.iter().map(|p| (p.party.accession.as_str(), &p.party)).collect();
    let mut sides: HashMap<String, InteractionSides> = HashMap::new();
    for page in &pages {
        let own = page.party.accession.as_str();
        for row in &page.targets {
            let slot = side_entry(&mut sides, &headers, &page.organism, own, &row.partner.accession);
            InteractionSides::add_row(&mut slot.on_tf_page, row.clone());
        }
        for row in &page.tfs {
            let slot = side_entry(&mut sides, &headers, &page.organism, &row.partner.accession, own);
            InteractionSides::add_row(&mut slot.on_target_page, row.clone());
        }
    }
    sides
}

fn side_entry<'s>(
    sides: &'s mut HashMap<String, InteractionSides>,
    headers: &HashMap<&str, &Party>,
    organism: &str,
    tf: &str,
    target: &str,
) -> &'s mut InteractionSides {
    sides.entry(interaction_key(organism, tf, target)).or_insert_with(|| InteractionSides {
        organism: organism.to_string(),
        tf_accession: tf.to_string(),
        target_accession: target.to_string(),
        tf_header: headers.get(tf).map(|p| (*p).clone()),
        target_header: headers.get(target).map(|p| (*p).clone()),
        ..InteractionSides::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Interaction};

    fn merge_interactions(proteins: &[Protein]) -> Vec<Interaction> {
        interaction_sides(proteins).into_values().filter_map(InteractionSides::merge).collect()
    }

    fn party(name: &str, accession: &str) -> Party {
        Party { name: Some(name.into()), accession: accession.into(), gene_ids: vec![] }
    }

    fn evidence(dbs: &[&str], pmids: &[&str], curated: bool) -> Evidence {
        Evidence {
            databases: dbs.iter().map(|s| s.to_string()).collect(),
            methods: vec!["chromatin immunoprecipitation assay".into()],
            pubmed: pmids.iter().map(|s| s.to_string()).collect(),
            curated,
        }
    }

    /// A human page of `party` with these rows and nothing else.
    pub(super) fn protein(party: Party, tfs: Vec<crate::model::Row>, targets: Vec<crate::model::Row>) -> Protein {
        Protein {
            party,
            organism: "Homo sapiens".into(),
            function: None,
            interactions: 0,
            orthologs: vec![],
            tfs,
            targets,
            binding_sites: vec![],
            downloads: Default::default(),
        }
    }

    #[test]
    fn both_sides_of_a_pair_merge_into_one_interaction() {
        use crate::model::Row;
        let gata1 = party("GATA1", "P15976");
        let alas2 = party("ALAS2", "P22557");
        let on_target_page = Row { partner: gata1.clone(), evidence: evidence(&["HTRI", "GTRD"], &["2", "10"], false) };
        let on_tf_page = Row { partner: alas2.clone(), evidence: evidence(&["ReMap", "GTRD"], &["1"], true) };
        let other = Row { partner: party("KLF1", "Q13351"), evidence: evidence(&["GTRD"], &[], false) };
        let proteins = vec![
            protein(alas2.clone(), vec![on_target_page, other], vec![]),
            protein(gata1.clone(), vec![], vec![on_tf_page]),
        ];
        let merged = merge_interactions(&proteins);
        assert_eq!(merged.len(), 2);
        let pair = merged.iter().find(|i| i.tf.accession == "P15976").unwrap();
        assert_eq!(pair.target.accession, "P22557");
        assert_eq!(pair.evidence.databases, ["GTRD", "HTRI", "ReMap"]);
        assert_eq!(pair.evidence.pubmed, ["1", "2", "10"]);
        assert!(pair.evidence.curated);
    }

    #[test]
    fn a_protein_with_its_own_page_is_described_by_it() {
        use crate::model::Row;
        let mut page_party = party("GATA1", "P15976");
        page_party.gene_ids = vec!["2623".into()];
        let row_party = Party { name: None, accession: "P15976".into(), gene_ids: vec![] };
        let proteins = vec![
            protein(
                party("ALAS2", "P22557"),
                vec![Row { partner: row_party, evidence: evidence(&["GTRD"], &[], false) }],
                vec![],
            ),
            protein(page_party, vec![], vec![]),
        ];
        let merged = merge_interactions(&proteins);
        assert_eq!(merged[0].tf.name.as_deref(), Some("GATA1"));
        assert_eq!(merged[0].tf.gene_ids, ["2623"]);
    }
}
