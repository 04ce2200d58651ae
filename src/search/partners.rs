//! Proteins found through the interactions a query matches: how a protein search
//! finds the proteins a TF regulates, those regulating a target, or those a paper
//! cites.
//!
//! Protein documents do not list their partners' identifiers or PubMed ids: the
//! interactions hold them already, and indexing them twice made a fifth of a build.
//! Going through the interactions also finds what either page of an interaction says,
//! where a protein's own table may be truncated. Each interaction holds its parties'
//! accession codes ([`crate::index::code`]) in fast columns; each segment's protein
//! documents by code are kept by the [`FacetCache`].

use super::facets::FacetCache;
use super::plan::Plan;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use rustc_hash::FxHashSet;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED, TantivyError};

/// A party of an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Tf,
    Target,
}

impl Role {
    fn column(self) -> &'static str {
        match self {
            Role::Tf => "tf_code",
            Role::Target => "target_code",
        }
    }
}

/// Proteins found so far, by searcher generation and what found them: paging through
/// the proteins of a paper cited by a million interactions, or counting them under
/// another filter, does not visit those interactions again.
pub struct Found {
    cache: Cache<(u64, String), Documents, Sizes>,
}

#[derive(Clone)]
struct Sizes;

impl Weighter<(u64, String), Documents> for Sizes {
    fn weight(&self, _: &(u64, String), found: &Documents) -> u64 {
        found.0.values().map(|docs| docs.len() as u64 * 4 + 64).sum::<u64>() + 64
    }
}

impl Found {
    /// A cache of at most `bytes` of documents.
    pub fn new(bytes: u64) -> Found {
        Found { cache: Cache::with_weighter(256, bytes, Sizes) }
    }

    /// The protein documents that are the `roles` parties of the interactions `of`
    /// matches, in every segment of `searcher`.
    pub fn proteins(
        &self,
        searcher: &Searcher,
        facets: &FacetCache,
        of: &Plan,
        roles: &[Role],
    ) -> tantivy::Result<Documents> {
        let key = (searcher.generation().generation_id(), format!("{roles:?} {of:?}"));
        self.cache.get_or_insert_with(&key, || proteins(searcher, facets, &*of.to_query(), roles))
    }
}

fn proteins(searcher: &Searcher, facets: &FacetCache, query: &dyn Query, roles: &[Role]) -> tantivy::Result<Documents> {
    let mut codes: Vec<u64> = searcher.search(query, &Parties { roles: roles.to_vec() })?.into_iter().collect();
    codes.sort_unstable();
    let mut by_segment = HashMap::new();
    for segment in searcher.segment_readers() {
        let docs = facets.get(segment)?.proteins(segment, facets.fields())?.find(&codes);
        if !docs.is_empty() {
            by_segment.insert(segment.segment_id(), docs);
        }
    }
    Ok(Documents(Arc::new(by_segment)))
}

/// Collects the distinct codes of some parties of the documents it is given.
struct Parties {
    roles: Vec<Role>,
}

struct SegmentParties {
    columns: Vec<Column<u64>>,
    /// The last code seen per column: an interaction's neighbours in the index mostly
    /// share its TF, and skipping repeats spares the set most of its look-ups.
    last: Vec<Option<u64>>,
    codes: FxHashSet<u64>,
}

impl Collector for Parties {
    type Fruit = FxHashSet<u64>;
    type Child = SegmentParties;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentParties> {
        let mut columns = Vec::new();
        for role in &self.roles {
            // A segment of proteins only (an update's) has no such column.
            columns.extend(segment.fast_fields().column_opt::<u64>(role.column())?);
        }
        Ok(SegmentParties { last: vec![None; columns.len()], columns, codes: FxHashSet::default() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FxHashSet<u64>>) -> tantivy::Result<FxHashSet<u64>> {
        let all = fruits.into_iter().reduce(|mut all, codes| {
            all.extend(codes);
            all
        });
        Ok(all.unwrap_or_default())
    }
}

impl SegmentCollector for SegmentParties {
    type Fruit = FxHashSet<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (column, last) in self.columns.iter().zip(&mut self.last) {
            let code = column.first(doc);
            if code.is_some() && code != *last {
                *last = code;
                self.codes.extend(code);
            }
        }
    }

    fn harvest(self) -> FxHashSet<u64> {
        self.codes
    }
}

/// Documents per segment, sorted: a query matching them, for the searcher they were
/// found in, each scoring 1.
#[derive(Debug, Clone)]
pub struct Documents(Arc<HashMap<SegmentId, Vec<DocId>>>);

impl Documents {
    /// The documents of `segment`.
    pub fn of(&self, segment: &SegmentReader) -> &[DocId] {
        self.0.get(&segment.segment_id()).map_or(&[], Vec::as_slice)
    }

    /// Whether no segment has any.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Query for Documents {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Documents {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ConstScorer::new(Listed { docs: self.of(reader).to_vec(), at: 0 }, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.of(reader).binary_search(&doc).is_err() {
            return Err(TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        Ok(Explanation::new("found through interactions", 1.0))
    }
}

/// A sorted list of documents as a [`DocSet`].
struct Listed {
    docs: Vec<DocId>,
    at: usize,
}

impl DocSet for Listed {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.docs.len() as u32
    }
}
