//! One pass over the documents matching the query (before facet filters) yields the
//! exact total, the top hits and every facet's counts.
//!
//! Facet counts are disjunctive: a document counts toward facet F when it passes every
//! filter except F's own. The pass only marks matches in a bitset; counts are then
//! intersections with the precomputed bitsets of each facet value ([`super::facets`]).

use super::facets::{FacetCache, SegmentFacets};
use fixedbitset::FixedBitSet;
use std::borrow::Cow;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// Facet filters. Several values of one facet OR together; facets AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub organism: Vec<String>,
    pub database: Vec<String>,
    pub curated: Option<bool>,
    pub function: Vec<String>,
}

impl Filters {
    /// These filters, with each facet they leave free taken from `lifted`.
    pub fn or_lifted(mut self, lifted: Filters) -> Filters {
        if self.organism.is_empty() {
            self.organism = lifted.organism;
        }
        if self.database.is_empty() {
            self.database = lifted.database;
        }
        if self.curated.is_none() {
            self.curated = lifted.curated;
        }
        if self.function.is_empty() {
            self.function = lifted.function;
        }
        self
    }
}

/// A matching document and what orders it: score, then the static rank.
#[derive(Debug, Clone, Copy)]
pub struct Scored {
    pub score: Score,
    pub rank: u64,
    pub address: DocAddress,
}

impl Ord for Scored {
    /// Better documents are greater.
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.rank.cmp(&other.rank))
            .then_with(|| other.address.cmp(&self.address))
    }
}
impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Scored {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Scored {}

/// What the pass found.
#[derive(Debug, Default)]
pub struct Collected {
    /// Documents passing every filter.
    pub total: u64,
    /// The best `top` of them, best first.
    pub top: Vec<Scored>,
    pub organism: HashMap<String, u64>,
    pub database: HashMap<String, u64>,
    /// Index 0 counts not curated, 1 curated.
    pub curated: [u64; 2],
    pub function: HashMap<String, u64>,
}

/// Collects the total, the `top` best documents and the facet counts under `filters`.
pub struct FacetedTop<'a> {
    pub filters: &'a Filters,
    pub top: usize,
    pub facets: &'a FacetCache,
}

/// The documents of a segment that pass a filter on one facet (`None`: no filter).
fn passing(values: &[(String, FixedBitSet)], wanted: &[String], docs: usize) -> Option<FixedBitSet> {
    if wanted.is_empty() {
        return None;
    }
    let mut set = FixedBitSet::with_capacity(docs);
    for (value, documents) in values {
        if wanted.iter().any(|w| w.eq_ignore_ascii_case(value)) {
            set.union_with(documents);
        }
    }
    Some(set)
}

const ORGANISM: usize = 0;
const DATABASE: usize = 1;
const CURATED: usize = 2;
const FUNCTION: usize = 3;

impl Collector for FacetedTop<'_> {
    type Fruit = Collected;
    type Child = SegmentFacetedTop;

    fn for_segment(&self, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let facets = self.facets.get(reader)?;
        let docs = reader.max_doc() as usize;
        let passes = [
            passing(&facets.organism, &self.filters.organism, docs),
            passing(&facets.database, &self.filters.database, docs),
            self.filters.curated.map(|c| facets.curated[usize::from(c)].clone()),
            passing(&facets.function, &self.filters.function, docs),
        ];
        let mut all: Option<FixedBitSet> = None;
        for pass in passes.iter().flatten() {
            match &mut all {
                None => all = Some(pass.clone()),
                Some(all) => all.intersect_with(pass),
            }
        }
        Ok(SegmentFacetedTop {
            segment_ord,
            top: self.top,
            heap: BinaryHeap::with_capacity(self.top.min(1024) + 1),
            matches: FixedBitSet::with_capacity(docs),
            all,
            passes,
            facets,
            rank: reader.fast_fields().u64("rank")?,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut merged = Collected::default();
        for fruit in fruits {
            merged.total += fruit.total;
            merged.top.extend(fruit.top);
            for (into, from) in [
                (&mut merged.organism, fruit.organism),
                (&mut merged.database, fruit.database),
                (&mut merged.function, fruit.function),
            ] {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
            merged.curated[0] += fruit.curated[0];
            merged.curated[1] += fruit.curated[1];
        }
        merged.top.sort_unstable_by(|a, b| b.cmp(a));
        merged.top.truncate(self.top);
        Ok(merged)
    }
}

pub struct SegmentFacetedTop {
    segment_ord: SegmentOrdinal,
    top: usize,
    heap: BinaryHeap<Reverse<Scored>>,
    /// Documents matching the query, before facet filters.
    matches: FixedBitSet,
    /// Documents passing every facet filter (`None`: no filter).
    all: Option<FixedBitSet>,
    /// Documents passing each facet's filter, by facet.
    passes: [Option<FixedBitSet>; 4],
    facets: Arc<SegmentFacets>,
    rank: Column<u64>,
}

impl SegmentCollector for SegmentFacetedTop {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.matches.insert(doc as usize);
        if self.all.as_ref().is_none_or(|all| all.contains(doc as usize)) {
            self.offer(doc, score);
        }
    }

    fn harvest(self) -> Collected {
        // Matches passing every filter but `facet`'s own: what that facet counts.
        let counted_by = |facet: usize| -> Cow<'_, FixedBitSet> {
            let mut set = Cow::Borrowed(&self.matches);
            for (other, pass) in self.passes.iter().enumerate() {
                if let Some(pass) = pass.as_ref().filter(|_| other != facet) {
                    set.to_mut().intersect_with(pass);
                }
            }
            set
        };
        let counts = |facet: usize, values: &[(String, FixedBitSet)]| -> HashMap<String, u64> {
            let set = counted_by(facet);
            values
                .iter()
                .map(|(value, documents)| (value.clone(), set.intersection_count(documents) as u64))
                .filter(|(_, count)| *count > 0)
                .collect()
        };
        let curated = counted_by(CURATED);
        let total = match &self.all {
            Some(all) => self.matches.intersection_count(all),
            None => self.matches.count_ones(..),
        } as u64;
        let mut top: Vec<Scored> = self.heap.iter().map(|Reverse(s)| *s).collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        Collected {
            total,
            top,
            organism: counts(ORGANISM, &self.facets.organism),
            database: counts(DATABASE, &self.facets.database),
            curated: [
                curated.intersection_count(&self.facets.curated[0]) as u64,
                curated.intersection_count(&self.facets.curated[1]) as u64,
            ],
            function: counts(FUNCTION, &self.facets.function),
        }
    }
}

impl SegmentFacetedTop {
    /// Keeps `doc` if it is among the `top` best seen so far.
    fn offer(&mut self, doc: DocId, score: Score) {
        if self.top == 0 {
            return;
        }
        let scored =
            Scored { score, rank: self.rank.first(doc).unwrap_or(0), address: DocAddress::new(self.segment_ord, doc) };
        if self.heap.len() < self.top {
            self.heap.push(Reverse(scored));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && scored > worst.0
        {
            *worst = Reverse(scored);
        }
    }
}
