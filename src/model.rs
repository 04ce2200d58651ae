//! Domain types: what a TFLink page says, independent of how it is stored or searched.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

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
    pub fn merge(&mut self, other: Evidence) {
        union_into(&mut self.databases, other.databases);
        union_into(&mut self.methods, other.methods);
        union_into(&mut self.pubmed, other.pubmed);
        self.curated |= other.curated;
    }

    /// Puts the lists in the one order every record shows: databases alphabetically
    /// regardless of case, methods alphabetically, PubMed ids numerically.
    pub fn canonicalize(&mut self) {
        self.databases.sort_unstable_by(|a, b| database_order(a, b));
        self.methods.sort_unstable();
        self.pubmed.sort_unstable_by(|a, b| pubmed_order(a, b));
    }
}

/// Alphabetically regardless of case, then by exact spelling: a total order, so the
/// lists come out the same whatever order the rows came in.
fn database_order(a: &str, b: &str) -> Ordering {
    let lower = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
    if a.is_ascii() && b.is_ascii() {
        a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        lower(a).cmp(&lower(b))
    }
    .then_with(|| a.cmp(b))
}

/// Numerically (ids are digits without leading zeros).
fn pubmed_order(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn union_into(into: &mut Vec<String>, from: Vec<String>) {
    for value in from {
        if !into.contains(&value) {
            into.push(value);
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

/// The accessions of `orthologs`, across species.
pub fn ortholog_accessions(orthologs: &[Orthologs]) -> impl Iterator<Item = &str> {
    orthologs.iter().flat_map(|o| o.accessions.iter().map(String::as_str))
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
    /// Union of the rows' databases and methods, curated if any row is: databases in
    /// canonical order (records show them), methods in the order the rows first name
    /// them (they are only indexed).
    pub fn evidence_summary(&self) -> EvidenceSummary<'_> {
        let rows = || self.tfs.iter().chain(&self.targets).map(|r| &r.evidence);
        EvidenceSummary {
            databases: sorted_databases(rows().flat_map(|e| &e.databases)),
            methods: distinct(rows().flat_map(|e| &e.methods)),
            curated: rows().any(|e| e.curated),
        }
    }
}

/// The union of a page's evidence ([`Protein::evidence_summary`]), borrowed from its rows.
#[derive(Debug, PartialEq, Eq)]
pub struct EvidenceSummary<'a> {
    pub databases: Vec<&'a str>,
    pub methods: Vec<&'a str>,
    pub curated: bool,
}

/// The distinct database names in `values`, in [`database_order`]. Duplicates go
/// first, by hash (hundreds of values per page, a dozen distinct), and only the
/// distinct ones are sorted case-insensitively, which is slower.
fn sorted_databases<'a>(values: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let mut all = distinct(values);
    all.sort_unstable_by(|a, b| database_order(a, b));
    all
}

/// The distinct `values`, in the order they first occur.
fn distinct<'a>(values: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let mut seen = FxHashSet::default();
    values.map(String::as_str).filter(|v| seen.insert(*v)).collect()
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

/// What each page says about one interaction: the row on the TF's page (its `targets`
/// table), the row on the target's page (its `tfs` table), and the header of each
/// party that has a page. The merged [`Interaction`] is a pure function of these, so a
/// page can be replaced by swapping only its own parts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionSides {
    pub organism: String,
    pub tf_accession: String,
    pub target_accession: String,
    /// Header of the TF's own page, if it has one.
    pub tf_header: Option<Party>,
    /// Header of the target's own page, if it has one.
    pub target_header: Option<Party>,
    /// The row for this target on the TF's page.
    pub on_tf_page: Option<Row>,
    /// The row for this TF on the target's page.
    pub on_target_page: Option<Row>,
}

impl InteractionSides {
    /// The interaction's identity: organism, TF and target accessions.
    pub fn key(&self) -> String {
        interaction_key(&self.organism, &self.tf_accession, &self.target_accession)
    }

    /// Adds a row of a page's table; a page listing the same partner twice adds both.
    pub fn add_row(slot: &mut Option<Row>, row: Row) {
        match slot {
            Some(existing) => existing.evidence.merge(row.evidence),
            None => *slot = Some(row),
        }
    }

    /// The TF and the target as the other page's row lists them, where that name is not
    /// the one [`InteractionSides::merge`] shows (the party's own page names it otherwise).
    pub fn renamed_partners(&self) -> [Option<&Party>; 2] {
        fn renamed<'a>(row: &'a Option<Row>, header: &Option<Party>) -> Option<&'a Party> {
            let listed = &row.as_ref()?.partner;
            let shown = header.as_ref()?.name.as_ref()?;
            (listed.name.as_ref() != Some(shown)).then_some(listed)
        }
        [renamed(&self.on_target_page, &self.tf_header), renamed(&self.on_tf_page, &self.target_header)]
    }

    /// The interaction, or `None` when no page lists it any more. A party with a page is
    /// described by its header, completed from the other page's row where the header
    /// lacks a name or gene id; a party without a page by that row. The strings are
    /// moved, not copied: an index build merges millions.
    pub fn merge(self) -> Option<Interaction> {
        let InteractionSides { organism, tf_accession, target_accession, tf_header, target_header, .. } = self;
        let (tf_row, target_row) = match (self.on_tf_page, self.on_target_page) {
            (None, None) => return None,
            rows => rows,
        };
        let describe = |accession: String, header: Option<Party>, listed: Option<Party>| match (header, listed) {
            (Some(mut own), listed) => {
                if let Some(listed) = listed {
                    own.name = own.name.or(listed.name);
                    if own.gene_ids.is_empty() {
                        own.gene_ids = listed.gene_ids;
                    }
                }
                own
            }
            (None, Some(listed)) => listed,
            (None, None) => Party { name: None, accession, gene_ids: Vec::new() },
        };
        let (tf_row_partner, tf_row_evidence) = tf_row.map(|r| (r.partner, r.evidence)).unzip();
        let (target_row_partner, target_row_evidence) = target_row.map(|r| (r.partner, r.evidence)).unzip();
        let mut evidence = Evidence::default();
        for row in tf_row_evidence.into_iter().chain(target_row_evidence) {
            evidence.merge(row);
        }
        evidence.canonicalize();
        Some(Interaction {
            organism,
            tf: describe(tf_accession, tf_header, target_row_partner),
            target: describe(target_accession, target_header, tf_row_partner),
            evidence,
        })
    }
}

/// Stable textual key of an interaction, used for merging and for index updates.
pub fn interaction_key(organism: &str, tf: &str, target: &str) -> String {
    format!("{organism}|{tf}|{target}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(databases: &[&str], methods: &[&str], pubmed: &[&str], curated: bool) -> Evidence {
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        Evidence { databases: strings(databases), methods: strings(methods), pubmed: strings(pubmed), curated }
    }

    #[test]
    fn renamed_partners_are_those_shown_under_another_name() {
        let party = |name: Option<&str>, accession: &str| Party {
            name: name.map(String::from),
            accession: accession.into(),
            gene_ids: vec![],
        };
        let names = [None, Some("GATA1"), Some("GATA-1")];
        for header_name in names {
            for listed_name in names {
                for has_header in [false, true] {
                    let sides = InteractionSides {
                        organism: "Homo sapiens".into(),
                        tf_accession: "P15976".into(),
                        target_accession: "P22557".into(),
                        tf_header: has_header.then(|| party(header_name, "P15976")),
                        target_header: None,
                        on_tf_page: None,
                        on_target_page: Some(Row {
                            partner: party(listed_name, "P15976"),
                            evidence: Evidence::default(),
                        }),
                    };
                    let shown = sides.clone().merge().unwrap().tf.name;
                    let [renamed_tf, renamed_target] = sides.renamed_partners();
                    assert_eq!(
                        renamed_tf.is_some(),
                        shown.as_deref() != listed_name,
                        "{header_name:?} {listed_name:?}"
                    );
                    assert!(renamed_target.is_none());
                }
            }
        }
    }

    #[test]
    fn canonical_order_and_summaries_do_not_depend_on_the_rows_order() {
        let rows = [
            evidence(&["ReMap", "GTRD"], &["selex"], &["100", "9"], false),
            evidence(&["gtrd", "Ärzte", "ARZTE", "GTRD"], &["chip", "selex"], &["9", "1000"], true),
        ];
        let mut merged = Evidence::default();
        for row in rows.iter().rev() {
            merged.merge(row.clone());
        }
        merged.canonicalize();
        let expected =
            evidence(&["ARZTE", "GTRD", "gtrd", "ReMap", "Ärzte"], &["chip", "selex"], &["9", "100", "1000"], true);
        assert_eq!(merged, expected);

        let row = |evidence: &Evidence| Row {
            partner: Party { name: None, accession: "P15976".into(), gene_ids: vec![] },
            evidence: evidence.clone(),
        };
        let page = Protein {
            party: Party { name: Some("ALAS2".into()), accession: "P22557".into(), gene_ids: vec![] },
            organism: "Homo sapiens".into(),
            function: None,
            interactions: 2,
            orthologs: vec![],
            tfs: rows.iter().map(row).collect(),
            targets: vec![],
            binding_sites: vec![],
            downloads: Downloads::default(),
        };
        let summary = page.evidence_summary();
        let owned = |values: &[&str]| values.iter().map(|v| v.to_string()).collect();
        assert_eq!(summary.databases, expected.databases);
        let mut summary = Evidence {
            databases: owned(&summary.databases),
            methods: owned(&summary.methods),
            pubmed: vec![],
            curated: summary.curated,
        };
        summary.canonicalize();
        assert_eq!(summary, Evidence { pubmed: vec![], ..expected });
    }
}
