//! What the last run read: one entry per page file, kept in the payload of the Tantivy
//! commit it produced, so the documents and the record of their sources change together.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped whenever parsing, documents or schema change, forcing a full rebuild.
pub const FORMAT_VERSION: u32 = 5;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// By file name inside the pages folder.
    pub pages: BTreeMap<String, PageEntry>,
}

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
    Parsed { accession: String, skipped_rows: Vec<String>, warnings: Vec<String> },
    Rejected { reason: String },
}

impl Manifest {
    pub fn new() -> Self {
        Manifest { version: FORMAT_VERSION, pages: BTreeMap::new() }
    }

    /// The manifest in a commit payload; `None` if there is none or it is of another
    /// format version (the index must then be rebuilt).
    pub fn from_payload(payload: Option<&str>) -> Option<Manifest> {
        let manifest: Manifest = serde_json::from_str(payload?).ok()?;
        (manifest.version == FORMAT_VERSION).then_some(manifest)
    }

    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).expect("manifests serialize")
    }

    /// The page that provides each accession: the first in name order.
    pub fn winners(&self) -> BTreeMap<&str, &str> {
        let mut winners = BTreeMap::new();
        for (name, entry) in &self.pages {
            if let Outcome::Parsed { accession, .. } = &entry.outcome {
                winners.entry(accession.as_str()).or_insert(name.as_str());
            }
        }
        winners
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
        m.pages.insert("c.md".into(), PageEntry { outcome: Outcome::Rejected { reason: "x".into() }, ..parsed("") });
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
