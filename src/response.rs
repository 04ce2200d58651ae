//! The search response: one definition shared by `search-cli query --json` and the HTTP API.

use crate::model::{EvidenceSummary, Interaction, Orthologs, Party, Protein};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// What kind of document a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Interaction,
    Protein,
}

impl Kind {
    /// The name used in requests and responses.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Interaction => "interaction",
            Kind::Protein => "protein",
        }
    }
}

impl std::str::FromStr for Kind {
    type Err = String;
    /// In any case, as the query language's `curated:YES` and field names are.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "interaction" => Ok(Kind::Interaction),
            "protein" => Ok(Kind::Protein),
            other => Err(format!("unknown kind {other:?}: expected interaction or protein")),
        }
    }
}

/// A facet a search can count. Organism, database and curated always are (and
/// function in protein searches), unless `none` is asked for; the method facet when
/// asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FacetName {
    Organism,
    Database,
    Curated,
    Function,
    Method,
    /// No facet at all: the hits and the total alone (a search box's live results).
    None,
}

impl std::str::FromStr for FacetName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "organism" => Ok(FacetName::Organism),
            "database" => Ok(FacetName::Database),
            "curated" => Ok(FacetName::Curated),
            "function" => Ok(FacetName::Function),
            "method" => Ok(FacetName::Method),
            "none" => Ok(FacetName::None),
            other => Err(format!(
                "unknown facet {other:?}: expected organism, database, curated, function (proteins), method or none"
            )),
        }
    }
}

/// Counts per facet value, most frequent first.
pub type FacetCounts = IndexMap<String, u64>;

/// The facets of a response; counts are exact over every matching document and
/// disjunctive (each facet's counts ignore that facet's own filter).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Facets {
    /// Species name → matching documents.
    #[schema(value_type = std::collections::HashMap<String, u64>)]
    pub organism: FacetCounts,
    /// Source database → matching documents.
    #[schema(value_type = std::collections::HashMap<String, u64>)]
    pub database: FacetCounts,
    /// `yes` / `no` → matching documents.
    #[schema(value_type = std::collections::HashMap<String, u64>)]
    pub curated: FacetCounts,
    /// Protein function → matching proteins; only for protein searches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::HashMap<String, u64>>)]
    pub function: Option<FacetCounts>,
    /// Detection method → matching documents; only when asked for (`facets=method`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::HashMap<String, u64>>)]
    pub method: Option<FacetCounts>,
}

/// The answer to a search, shared by `search-cli query --json` and `GET /search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SearchResponse {
    pub query: String,
    pub kind: Kind,
    /// Exact number of matching documents, whatever `offset` and `limit`.
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// Set when the exact query found nothing and a rewrite did: `syntax` (separators
    /// and punctuation around words dropped, operators in other spellings read as
    /// operators, English as scopes: `GATA1, ALAS2`, `gata1 or hif1a`, `targets of
    /// GATA1`), `prefix` (words completed), `typo` (words corrected), `list` (three or
    /// more symbols, which no interaction has, read as the interactions among them or
    /// else of any of them: `GATA1 TAL1 KLF1`), `ortholog` (symbols in an organism
    /// that has no protein so named, read as their orthologs there: `yeast ALAS2` →
    /// `yeast ortholog:ALAS2`, HEM1) or `relaxed`
    /// (words that match nothing, and cannot be completed or corrected, left out:
    /// `ALAS2 promoter` → `ALAS2`). The hits are those of the rewrite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
    /// The query whose hits are shown (syntax, typo and relaxed fallbacks, and a
    /// prefix fallback of a query whose syntax was read loosely first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// Queries the user may have meant (prefix completions or other corrections).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub did_you_mean: Vec<String>,
    /// When nothing was found, even read otherwise: the words and field values
    /// (`tf:MDM2`) that match nothing of this kind on their own, for a search box to
    /// say which to change. Empty when each matches alone, and only their combination
    /// finds nothing. Of the query as read loosely (`targets of MDM2` is `tf:MDM2`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
}

/// How a query that found nothing was rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Fallback {
    Syntax,
    Prefix,
    Typo,
    List,
    Ortholog,
    Relaxed,
}

/// A protein as shown inside an interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PartyView {
    pub name: Option<String>,
    pub accession: String,
    /// Gene ids joined by `;` as on the site; `null` when unknown.
    pub gene_id: Option<String>,
}

impl From<&Party> for PartyView {
    fn from(party: &Party) -> Self {
        PartyView {
            name: party.name.clone(),
            accession: party.accession.clone(),
            gene_id: (!party.gene_ids.is_empty()).then(|| party.gene_ids.join(";")),
        }
    }
}

/// The stored part of an interaction hit (everything but the score).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InteractionRecord {
    pub tf: PartyView,
    pub target: PartyView,
    pub organism: String,
    pub databases: Vec<String>,
    pub methods: Vec<String>,
    pub pubmed: Vec<String>,
    pub curated: bool,
}

impl From<&Interaction> for InteractionRecord {
    fn from(i: &Interaction) -> Self {
        InteractionRecord {
            tf: (&i.tf).into(),
            target: (&i.target).into(),
            organism: i.organism.clone(),
            databases: i.evidence.databases.clone(),
            methods: i.evidence.methods.clone(),
            pubmed: i.evidence.pubmed.clone(),
            curated: i.evidence.curated,
        }
    }
}

/// The stored part of a protein hit (everything but the score).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProteinRecord {
    pub name: Option<String>,
    pub accession: String,
    pub gene_id: Option<String>,
    pub organism: String,
    pub function: Option<String>,
    /// The true number of interactions (the page's tables may be truncated).
    pub interactions: u64,
    /// Whether its page lists fewer rows than `interactions`: the website shows only
    /// the first 100 rows of a table, so the index holds those, and what its partners'
    /// own pages list; the full tables are the page's download files.
    #[serde(default)]
    pub truncated: bool,
    pub databases: Vec<String>,
    pub curated: bool,
    /// The orthologs the page lists, by species (what `ortholog:` searches).
    pub orthologs: Vec<Orthologs>,
}

impl From<&Protein> for ProteinRecord {
    fn from(p: &Protein) -> Self {
        ProteinRecord::new(p, &p.evidence_summary())
    }
}

impl ProteinRecord {
    /// The record of `p`, given its [`Protein::evidence_summary`].
    pub fn new(p: &Protein, summary: &EvidenceSummary) -> Self {
        let party = PartyView::from(&p.party);
        ProteinRecord {
            name: party.name,
            accession: party.accession,
            gene_id: party.gene_id,
            organism: p.organism.clone(),
            function: p.function.clone(),
            interactions: p.interactions,
            truncated: ((p.tfs.len() + p.targets.len()) as u64) < p.interactions,
            databases: summary.databases.iter().map(|d| d.to_string()).collect(),
            curated: summary.curated,
            orthologs: p.orthologs.clone(),
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Hit {
    Interaction {
        score: f32,
        /// Score contributions, when asked for (`explain`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        explanation: Option<Explanation>,
        #[serde(flatten)]
        record: InteractionRecord,
    },
    Protein {
        score: f32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        explanation: Option<Explanation>,
        #[serde(flatten)]
        record: ProteinRecord,
    },
}

impl Hit {
    /// The hit's relevance score.
    pub fn score(&self) -> f32 {
        match self {
            Hit::Interaction { score, .. } | Hit::Protein { score, .. } => *score,
        }
    }

    /// The hit's score contributions, when they were asked for.
    pub fn explanation(&self) -> Option<&Explanation> {
        match self {
            Hit::Interaction { explanation, .. } | Hit::Protein { explanation, .. } => explanation.as_ref(),
        }
    }
}

/// Why a hit scored what it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Explanation {
    /// The terms that counted, which add up to the score: for each word, the best way
    /// it matched.
    pub contributions: Vec<Contribution>,
    /// Tantivy's explanation tree, in full.
    #[schema(value_type = Object)]
    pub tree: serde_json::Value,
}

/// One term of a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contribution {
    /// What matched, e.g. `symbol in the exact case typed "GATA1"`.
    pub matched: String,
    pub score: f32,
}

impl Explanation {
    /// The contributions read off Tantivy's `tree`.
    pub fn from_tree(tree: serde_json::Value) -> Self {
        let mut contributions = Vec::new();
        contributions_of(&tree, &mut contributions);
        Explanation { contributions, tree }
    }
}

/// The scoring terms of an explanation node, 0s left out. Tantivy describes every
/// boolean node as a sum; where the value is not the sum of its parts it is the best
/// of them (the best way a word matched), and only that part counted.
fn contributions_of(node: &serde_json::Value, into: &mut Vec<Contribution>) {
    let value = node["value"].as_f64().unwrap_or(0.0);
    let description = node["description"].as_str().unwrap_or("?");
    let parts = node["details"].as_array().map_or(&[][..], Vec::as_slice);
    if !description.starts_with("BooleanClause") {
        if value != 0.0 {
            into.push(Contribution { matched: description.to_string(), score: value as f32 });
        }
        return;
    }
    let close = |a: f64, b: f64| (a - b).abs() < 1e-3;
    if close(parts.iter().filter_map(|p| p["value"].as_f64()).sum(), value) {
        parts.iter().for_each(|part| contributions_of(part, into));
    } else if let Some(best) = parts.iter().find(|p| p["value"].as_f64().is_some_and(|v| close(v, value))) {
        contributions_of(best, into);
    }
}

/// A search-as-you-type suggestion: a protein whose name or accession starts with the
/// last word typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub name: Option<String>,
    pub accession: String,
    pub organism: String,
    pub function: Option<String>,
    pub interactions: u64,
}

impl From<ProteinRecord> for Suggestion {
    fn from(r: ProteinRecord) -> Self {
        Suggestion {
            name: r.name,
            accession: r.accession,
            organism: r.organism,
            function: r.function,
            interactions: r.interactions,
        }
    }
}

/// The answer of `GET /suggest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SuggestResponse {
    pub query: String,
    pub took_ms: f64,
    pub suggestions: Vec<Suggestion>,
}

/// Documents in the index, per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocumentCounts {
    pub interaction: u64,
    pub protein: u64,
}

/// What `/stats` reports about the live index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IndexStats {
    pub documents: DocumentCounts,
    /// Size of the live generation on disk.
    pub index_bytes: u64,
    /// When the live generation was last committed (RFC 3339, UTC).
    pub last_commit: String,
    /// The index folder.
    pub index_dir: String,
    /// The live generation folder inside it.
    pub generation: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explanation_reads_as_the_terms_that_counted() {
        let leaf = |what: &str, value: f64| serde_json::json!({"description": what, "value": value, "details": [{"description": "Const", "value": value}]});
        let boolean = |value: f64, parts: Vec<serde_json::Value>| serde_json::json!({"description": "BooleanClause. sum of ...", "value": value, "details": parts});
        // A sum, one of whose parts is the best of two ways a word matched.
        let tree = boolean(
            13.0,
            vec![
                leaf("kind", 0.0),
                boolean(11.0, vec![leaf("exact case", 11.0), leaf("symbol", 10.0)]),
                leaf("method", 2.0),
            ],
        );
        let terms: Vec<(String, f32)> =
            Explanation::from_tree(tree).contributions.into_iter().map(|c| (c.matched, c.score)).collect();
        assert_eq!(terms, [("exact case".to_string(), 11.0), ("method".to_string(), 2.0)]);
        assert!(Explanation::from_tree(boolean(0.0, vec![leaf("kind", 0.0)])).contributions.is_empty());
    }
}
