//! Domain types: what a TFLink page says, independent of how it is stored or searched.

use serde::{Deserialize, Serialize};

/// One protein named in a row or on a page header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Party {
    /// Symbol as written on the site; `None` where the site shows `-`.
    pub name: Option<String>,
    /// UniProt accession (upper case).
    pub accession: String,
    /// NCBI gene ids; several where the site joins them with `;`, none for `-`.
    pub gene_ids: Vec<String>,
}

/// The evidence a row (or a merged interaction) carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Evidence {
    /// Source databases, spelled as in the data.
    pub databases: Vec<String>,
    /// Detection methods, spelled as in the data.
    pub methods: Vec<String>,
    /// PubMed ids.
    pub pubmed: Vec<String>,
    /// Small-scale evidence flag ("Yes" in the last column).
    pub curated: bool,
}

impl Evidence {
    /// Adds `other` to `self`: union of lists (first-seen order kept), curated if either is.
    pub fn merge(&mut self, other: &Evidence) {
        union_into(&mut self.databases, &other.databases);
        union_into(&mut self.methods, &other.methods);
        union_into(&mut self.pubmed, &other.pubmed);
        self.curated |= other.curated;
    }
}

fn union_into(into: &mut Vec<String>, from: &[String]) {
    for value in from {
        if !into.contains(value) {
            into.push(value.clone());
        }
    }
}

/// One row of a page's `tfs` or `targets` table: the other protein and the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Row {
    pub partner: Party,
    pub evidence: Evidence,
}

/// One row of a page's `binding_sites` table. Coordinates are kept as text because
/// JASPAR rows have `-` for all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BindingSite {
    pub id: String,
    pub tf_accession: String,
    pub tf_name: Option<String>,
    pub organism: String,
    pub assembly: String,
    pub chromosome: String,
    pub start: String,
    pub end: String,
    pub strand: String,
    pub evidence: Evidence,
    /// Unlabelled last column, most likely the number of overlapping sites.
    pub overlaps: String,
}

/// Orthologs of a protein in one species.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Orthologs {
    pub species: String,
    pub accessions: Vec<String>,
}

/// Everything one page says about its protein.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Protein {
    pub party: Party,
    pub organism: String,
    pub function: Option<String>,
    /// The true number of interactions (the tables may be truncated at 100 rows).
    pub interactions: u64,
    pub orthologs: Vec<Orthologs>,
    /// TFs regulating this protein.
    pub tfs: Vec<Row>,
    /// Targets of this protein.
    pub targets: Vec<Row>,
    pub binding_sites: Vec<BindingSite>,
    /// Download URLs of the full tables, present when the page shows only the first rows.
    pub downloads: Downloads,
}

/// URLs of the complete tables behind a truncated page; empty strings are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Downloads {
    pub tfs: Option<String>,
    pub targets: Option<String>,
    pub binding_sites: Option<String>,
    pub binding_sites_ls: Option<String>,
}

impl Protein {
    /// Union of databases and methods over all rows, curated if any row is.
    pub fn evidence_summary(&self) -> Evidence {
        let mut summary = Evidence::default();
        for row in self.tfs.iter().chain(&self.targets) {
            summary.merge(&row.evidence);
        }
        summary
    }
}

/// One TF → target interaction, merged over every page that lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Interaction {
    pub organism: String,
    pub tf: Party,
    pub target: Party,
    pub evidence: Evidence,
}

impl Interaction {
    /// The identity of an interaction: (organism, TF accession, target accession).
    pub fn key(&self) -> String {
        interaction_key(&self.organism, &self.tf.accession, &self.target.accession)
    }
}

/// Stable textual key of an interaction, used for merging and for index updates.
pub fn interaction_key(organism: &str, tf: &str, target: &str) -> String {
    format!("{organism}|{tf}|{target}")
}
