//! What the last run read: one entry per page file, kept in the payload of the Tantivy
//! commit it produced, so the documents and the record of their sources change together.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Bumped whenever parsing, documents or schema change, forcing a full rebuild.
pub const FORMAT_VERSION: u32 = 8;

/// The pages a run read, and what each gave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// By file name inside the pages folder.
    pub pages: BTreeMap<String, PageEntry>,
}

/// One page file as the run saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageEntry {
    pub size: u64,
    /// Modification time in nanoseconds since the epoch: with the size, a change
    /// detector that needs no read.
    pub modified_ns: u64,
    /// xxh3 of the content: the real change detector.
    pub hash: u64,
    pub outcome: Outcome,
}

/// What reading a page gave, kept so an unchanged page reports the same without a read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
    Parsed {
        accession: String,
        skipped_rows: Vec<String>,
        warnings: Vec<String>,
    },
    /// Not a page. `kept`: the accession this file provided when it last was one, whose
    /// version then indexed stays in the index (a bad write must not lose good data).
    Rejected {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kept: Option<String>,
    },
}

impl Outcome {
    /// The accession the page provides: parsed, or kept from before.
    pub fn accession(&self) -> Option<&str> {
        match self {
            Outcome::Parsed { accession, .. } | Outcome::Rejected { kept: Some(accession), .. } => Some(accession),
            Outcome::Rejected { kept: None, .. } => None,
        }
    }
}

impl Manifest {
    /// An empty manifest of this format version.
    pub fn new() -> Self {
        Manifest { version: FORMAT_VERSION, pages: BTreeMap::new() }
    }

    /// The manifest in a commit payload; `None` if there is none or it is of another
    /// format version (the index must then be rebuilt).
    pub fn from_payload(payload: Option<&str>) -> Option<Manifest> {
        let manifest: Manifest = serde_json::from_str(payload?).ok()?;
        (manifest.version == FORMAT_VERSION).then_some(manifest)
    }

    /// Whether a commit payload was written by another format version, read without
    /// parsing its pages (an index opens on every reload).
    pub fn payload_outdated(payload: &str) -> bool {
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        serde_json::from_str::<Version>(payload).map_or(true, |v| v.version != FORMAT_VERSION)
    }

    /// The manifest as a commit payload.
    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).expect("manifests serialize")
    }

    /// The page that provides each accession: the first in name order.
    pub fn winners(&self) -> BTreeMap<&str, &str> {
        let mut winners = BTreeMap::new();
        for (name, entry) in &self.pages {
            if let Some(accession) = entry.outcome.accession() {
                winners.entry(accession).or_insert(name.as_str());
            }
        }
        winners
    }

    /// By page name, the accession each page provides in the index.
    pub fn provided(&self) -> HashMap<String, String> {
        self.winners().into_iter().map(|(accession, name)| (name.to_string(), accession.to_string())).collect()
    }

    /// Forgets the kept versions that no longer provide their accession: a page earlier
    /// in name order now does (and what was kept is no longer in the index).
    pub fn drop_superseded_keeps(&mut self) {
        let winners: HashMap<String, String> =
            self.winners().into_iter().map(|(accession, name)| (accession.to_string(), name.to_string())).collect();
        for (name, entry) in self.pages.iter_mut() {
            if let Outcome::Rejected { kept: kept @ Some(_), .. } = &mut entry.outcome
                && kept.as_ref().and_then(|a| winners.get(a)) != Some(name)
            {
                *kept = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(accession: &str) -> PageEntry {
        let outcome = Outcome::Parsed { accession: accession.into(), skipped_rows: vec![], warnings: vec![] };
        PageEntry { size: 1, modified_ns: 1, hash: 1, outcome }
    }

    #[test]
    fn first_page_in_name_order_wins() {
        let mut m = Manifest::new();
        m.pages.insert("b.md".into(), parsed("P1"));
        m.pages.insert("a.md".into(), parsed("P1"));
        m.pages.insert("c.md".into(), rejected(None));
        assert_eq!(m.winners().into_iter().collect::<Vec<_>>(), [("P1", "a.md")]);
    }

    fn rejected(kept: Option<&str>) -> PageEntry {
        PageEntry { outcome: Outcome::Rejected { reason: "x".into(), kept: kept.map(String::from) }, ..parsed("") }
    }

    #[test]
    fn a_kept_version_provides_its_accession_until_an_earlier_page_does() {
        let mut m = Manifest::new();
        m.pages.insert("b.md".into(), rejected(Some("P1")));
        m.pages.insert("c.md".into(), parsed("P1"));
        m.drop_superseded_keeps();
        assert_eq!(m.winners().into_iter().collect::<Vec<_>>(), [("P1", "b.md")]);
        assert_eq!(m.provided()["b.md"], "P1");
        m.pages.insert("a.md".into(), parsed("P1"));
        m.drop_superseded_keeps();
        assert_eq!(m.pages["b.md"], rejected(None));
        assert_eq!(m.winners().into_iter().collect::<Vec<_>>(), [("P1", "a.md")]);
    }

    #[test]
    fn payload_round_trip_and_version_check() {
        let mut m = Manifest::new();
        m.pages.insert("a.md".into(), parsed("P1"));
        assert_eq!(Manifest::from_payload(Some(&m.to_payload())), Some(m.clone()));
        m.version = FORMAT_VERSION + 1;
        assert_eq!(Manifest::from_payload(Some(&m.to_payload())), None);
        assert_eq!(Manifest::from_payload(Some("not json")), None);
        assert_eq!(Manifest::from_payload(None), None);
    }
}
