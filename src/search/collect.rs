//! One pass over the documents matching the query (before facet filters) yields the
//! exact total, the top hits and every facet's counts.
//!
//! Facet counts are disjunctive: a document counts toward facet F when it passes every
//! filter except F's own. The pass only marks matches; counts are then intersections
//! with the precomputed bitsets of each facet value, or for few matches a read of each
//! match's row of value bits ([`mod@super::facets`]).

use super::facets::{self, Documents, FacetCache, ROW_FACETS, SegmentFacets, intersects};
use super::popcount;
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
    pub method: Vec<String>,
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
        if self.method.is_empty() {
            self.method = lifted.method;
        }
        self
    }
}

/// The facets a search counts. Each value counted costs a broad query a pass over its
/// bitset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counted {
    /// Organism, database and curation: every search's, unless it asks for none.
    pub base: bool,
    /// Protein functions: a protein search's (interactions have none).
    pub function: bool,
    /// Detection methods, when asked for.
    pub method: bool,
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
    pub method: HashMap<String, u64>,
}

/// Collects the total, the `top` best documents and the facet counts under `filters`.
pub struct FacetedTop<'a> {
    pub filters: &'a Filters,
    pub counted: Counted,
    pub top: usize,
    pub facets: &'a FacetCache,
    /// Count the total and facets (suggestions need only the top documents).
    pub count: bool,
}

/// The values of one facet a filter wants, by their place in `values` (`None`: no
/// filter on that facet).
fn wanted<'v>(values: &'v [(String, Documents)], names: &[String]) -> Option<Vec<(usize, &'v FixedBitSet)>> {
    let chosen =
        values.iter().enumerate().filter(|(_, (value, _))| names.iter().any(|name| name.eq_ignore_ascii_case(value)));
    (!names.is_empty()).then(|| chosen.map(|(ord, (_, documents))| (ord, &documents.set)).collect())
}

/// Up to this many matches in a segment, facets are counted match by match; beyond,
/// by intersecting bitsets (whose cost depends on the segment's size, not the matches').
const SPARSE_MATCHES: usize = 4096;

/// Matches of a segment of `docs` documents worth counting one by one: a match costs
/// about a cache miss (its row of values), while the bitsets cost a pass over the
/// segment's words for each of some sixty values, which in a segment of ten million
/// documents is the cost of some forty thousand matches (measured: a symbol's 15,000
/// interactions counted by bitsets took 1.7 ms where they had taken 0.4 ms in the
/// smaller segments of another build).
pub fn sparse_limit(docs: usize) -> usize {
    SPARSE_MATCHES.max(docs / 256)
}

// Facets, numbered as rows of values number them.
const ORGANISM: usize = 0;
const DATABASE: usize = 1;
const CURATED: usize = 2;
const FUNCTION: usize = 3;
const METHOD: usize = 4;

/// The facet filters of a request, applied to one segment: which documents pass each.
pub struct SegmentFilters {
    /// Documents passing every facet filter (`None`: no filter).
    pub all: Option<FixedBitSet>,
    /// Documents passing each facet's filter, by facet.
    passes: [Option<FixedBitSet>; ROW_FACETS],
    /// The same filters as masks of a document's row of values
    /// ([`ValueRows`](super::facets::ValueRows)).
    masks: [Option<Vec<u64>>; ROW_FACETS],
    pub facets: Arc<SegmentFacets>,
    counted: Counted,
}

impl SegmentFilters {
    pub fn new(filters: &Filters, counted: Counted, facets: Arc<SegmentFacets>, docs: usize) -> SegmentFilters {
        let curated = filters.curated.map(|c| vec![(usize::from(c), &facets.curated[usize::from(c)].set)]);
        let chosen = [
            wanted(&facets.organism, &filters.organism),
            wanted(&facets.database, &filters.database),
            curated,
            wanted(&facets.function, &filters.function),
            wanted(&facets.method, &filters.method),
        ];
        let passes = chosen.each_ref().map(|values| {
            values.as_ref().map(|values| {
                let mut set = FixedBitSet::with_capacity(docs);
                values.iter().for_each(|(_, documents)| set.union_with(documents));
                set
            })
        });
        let mut masks: [Option<Vec<u64>>; ROW_FACETS] = Default::default();
        for (facet, values) in chosen.iter().enumerate() {
            masks[facet] = values.as_ref().map(|values| facets.rows.mask(facet, values.iter().map(|(ord, _)| *ord)));
        }
        let mut all: Option<FixedBitSet> = None;
        for pass in passes.iter().flatten() {
            match &mut all {
                None => all = Some(pass.clone()),
                Some(all) => all.intersect_with(pass),
            }
        }
        SegmentFilters { all, passes, masks, facets, counted }
    }

    pub fn passes_all(&self, doc: DocId) -> bool {
        self.all.as_ref().is_none_or(|all| all.contains(doc as usize))
    }

    /// Total and facet counts of many matches, by intersecting bitsets.
    pub fn count_dense(&self, matches: &FixedBitSet) -> Collected {
        // Matches passing every filter but `facet`'s own: what that facet counts.
        let counted_by = |facet: usize| -> Cow<'_, FixedBitSet> {
            let mut set = Cow::Borrowed(matches);
            for (other, pass) in self.passes.iter().enumerate() {
                if let Some(pass) = pass.as_ref().filter(|_| other != facet) {
                    set.to_mut().intersect_with(pass);
                }
            }
            set
        };
        // Each value is counted only in the blocks where both it and the matches are.
        let count = |set: &FixedBitSet, occupied: &FixedBitSet, documents: &Documents| {
            let blocks = occupied.intersection(&documents.blocks);
            popcount::intersection_count_blocks(set, &documents.set, blocks) as u64
        };
        let counts = |facet: usize, values: &[(String, Documents)], counted: bool| -> HashMap<String, u64> {
            if !counted {
                return HashMap::new();
            }
            let set = counted_by(facet);
            let occupied = facets::occupied(&set);
            let counted = values.iter().map(|(value, documents)| (value.clone(), count(&set, &occupied, documents)));
            counted.filter(|(_, count)| *count > 0).collect()
        };
        let total = match &self.all {
            Some(all) => popcount::intersection_count(matches, all),
            None => popcount::count(matches),
        } as u64;
        Collected {
            total,
            top: Vec::new(),
            organism: counts(ORGANISM, &self.facets.organism, self.counted.base),
            database: counts(DATABASE, &self.facets.database, self.counted.base),
            curated: match self.counted.base {
                true => {
                    let curated = counted_by(CURATED);
                    let occupied = facets::occupied(&curated);
                    self.facets.curated.each_ref().map(|flag| count(&curated, &occupied, flag))
                }
                false => [0, 0],
            },
            function: counts(FUNCTION, &self.facets.function, self.counted.function),
            method: counts(METHOD, &self.facets.method, self.counted.method),
        }
    }

    /// Total and facet counts of few matches, from their rows of values.
    pub fn count_sparse(&self, matches: &[DocId]) -> Collected {
        let rows = &self.facets.rows;
        let words = rows.words();
        let mut counts = vec![0u64; rows.starts[ROW_FACETS]];
        let c = self.counted;
        let counting = [c.base, c.base, c.base, c.function, c.method];
        let mut total = 0;
        let mut gathered = Vec::with_capacity(GATHERED * words);
        for chunk in matches.chunks(GATHERED) {
            // Rows are read before they are counted: reads that no branch waits on
            // overlap, where inside the counting each waited for the one before (a
            // cache miss each, in a segment of a million documents).
            gathered.clear();
            gathered.extend(chunk.iter().flat_map(|&doc| rows.row(doc as usize)));
            for row in gathered.chunks_exact(words) {
                let pass: [bool; ROW_FACETS] =
                    std::array::from_fn(|f| self.masks[f].as_ref().is_none_or(|m| intersects(row, m)));
                let all_but = |facet: usize| pass.iter().enumerate().all(|(f, ok)| f == facet || *ok);
                total += u64::from(all_but(usize::MAX));
                rows.count(row, std::array::from_fn(|f| counting[f] && all_but(f)), &mut counts);
            }
        }
        let named = |facet: usize, values: &[(String, Documents)]| -> HashMap<String, u64> {
            let counted = values.iter().zip(&counts[rows.starts[facet]..]).filter(|(_, n)| **n > 0);
            counted.map(|((value, _), n)| (value.clone(), *n)).collect()
        };
        Collected {
            total,
            top: Vec::new(),
            organism: named(ORGANISM, &self.facets.organism),
            database: named(DATABASE, &self.facets.database),
            curated: [0, 1].map(|flag| counts[rows.starts[CURATED] + flag]),
            function: named(FUNCTION, &self.facets.function),
            method: named(METHOD, &self.facets.method),
        }
    }
}

/// Matches whose rows are read ahead of counting them.
const GATHERED: usize = 256;

/// The fruits of every segment as one: counts added, the best `top` hits kept.
pub fn merge(fruits: Vec<Collected>, top: usize) -> Collected {
    let mut merged = Collected::default();
    for fruit in fruits {
        merged.total += fruit.total;
        merged.top.extend(fruit.top);
        for (into, from) in [
            (&mut merged.organism, fruit.organism),
            (&mut merged.database, fruit.database),
            (&mut merged.function, fruit.function),
            (&mut merged.method, fruit.method),
        ] {
            for (value, count) in from {
                *into.entry(value).or_default() += count;
            }
        }
        merged.curated[0] += fruit.curated[0];
        merged.curated[1] += fruit.curated[1];
    }
    merged.top.sort_unstable_by(|a, b| b.cmp(a));
    merged.top.truncate(top);
    merged
}

impl Collector for FacetedTop<'_> {
    type Fruit = Collected;
    type Child = SegmentFacetedTop;

    fn for_segment(&self, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let docs = reader.max_doc() as usize;
        let facets = self.facets.get(reader)?;
        Ok(SegmentFacetedTop {
            segment_ord,
            top: self.top,
            heap: BinaryHeap::with_capacity(self.top.min(1024) + 1),
            docs,
            sparse: Vec::new(),
            matches: None,
            passing: Vec::new(),
            defer: self.top > 0 && facets.loaded_ranks().is_some(),
            filters: SegmentFilters::new(self.filters, self.counted, facets, docs),
            rank: reader.fast_fields().u64("rank")?,
            count: self.count,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        Ok(merge(fruits, self.top))
    }
}

pub struct SegmentFacetedTop {
    segment_ord: SegmentOrdinal,
    top: usize,
    heap: BinaryHeap<Reverse<Scored>>,
    docs: usize,
    /// Documents matching the query, before facet filters, while they are few...
    sparse: Vec<DocId>,
    /// ... and once they are many.
    matches: Option<FixedBitSet>,
    /// With the segment's rank order at hand: every match passing the filters, ordered
    /// only at the end ([`SegmentFacetedTop::best`]) rather than each by a read of its
    /// rank as it comes.
    passing: Vec<(DocId, Score)>,
    /// Whether many matches wait for [`SegmentFacetedTop::best`]: the rank order is
    /// at hand and some hits are wanted.
    defer: bool,
    filters: SegmentFilters,
    rank: Column<u64>,
    count: bool,
}

impl SegmentCollector for SegmentFacetedTop {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        if !self.count {
            if self.filters.passes_all(doc) {
                self.keep(doc, score);
            }
            return;
        }
        match &mut self.matches {
            Some(matches) => matches.insert(doc as usize),
            None => {
                self.sparse.push(doc);
                if self.sparse.len() > sparse_limit(self.docs) {
                    let mut matches = FixedBitSet::with_capacity(self.docs);
                    self.sparse.drain(..).for_each(|d| matches.insert(d as usize));
                    self.matches = Some(matches);
                }
            }
        }
        if self.filters.passes_all(doc) {
            self.keep(doc, score);
        }
    }

    fn harvest(mut self) -> Collected {
        let passing = std::mem::take(&mut self.passing);
        self.best(passing);
        let mut top: Vec<Scored> = self.heap.iter().map(|Reverse(s)| *s).collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        let counted = match &self.matches {
            _ if !self.count => Collected::default(),
            Some(matches) => self.filters.count_dense(matches),
            None => self.filters.count_sparse(&self.sparse),
        };
        Collected { top, ..counted }
    }
}

/// Passing matches beyond which ordering them waits for the end, when the rank order
/// can be walked instead of reading each match's rank (a random read, most of a
/// query whose thousands of matches are scattered over a large segment).
const DEFER_AFTER: usize = 256;

/// Score levels up to which deferred matches are ordered level by level.
const MAX_LEVELS: usize = 16;

impl SegmentFacetedTop {
    /// Offers `doc` now, or keeps it for [`Self::best`] once matches are many and the
    /// rank order is at hand.
    fn keep(&mut self, doc: DocId, score: Score) {
        if self.defer && (!self.passing.is_empty() || self.heap.len() >= DEFER_AFTER.min(self.top)) {
            self.passing.push((doc, score));
        } else {
            self.offer(doc, score);
        }
    }

    /// Offers the deferred matches: per score level, best first, the level's best by
    /// walking the rank order when that is cheaper, or else by their places in it
    /// (reads that overlap, where offering each read its rank after the one before).
    fn best(&mut self, mut passing: Vec<(DocId, Score)>) {
        let facets = self.filters.facets.clone();
        // Stable: a level keeps its documents in order.
        passing.sort_by(|a, b| b.1.total_cmp(&a.1));
        let levels: Vec<&[(DocId, Score)]> = passing.chunk_by(|a, b| a.1 == b.1).collect();
        let ranks = facets.loaded_ranks().filter(|_| levels.len() <= MAX_LEVELS);
        for level in levels {
            let score = level[0].1;
            // The level's best `top` are all the heap can want of it (it may hold
            // better documents already, and picks among them).
            let best = ranks.filter(|_| level.len() > self.top).map(|ranks| {
                let mut set = FixedBitSet::with_capacity(self.docs);
                level.iter().for_each(|&(doc, _)| set.insert(doc as usize));
                super::bitsets::walk(&ranks.order, &set, level.len(), self.top)
                    .unwrap_or_else(|| super::bitsets::by_position(ranks, set.ones(), self.top))
            });
            match best {
                Some(best) => best.into_iter().for_each(|doc| self.offer(doc, score)),
                None => level.iter().for_each(|&(doc, score)| self.offer(doc, score)),
            }
        }
    }

    /// Keeps `doc` if it is among the `top` best seen so far.
    fn offer(&mut self, doc: DocId, score: Score) {
        if self.top == 0 {
            return;
        }
        // Below the worst kept score: no need to read the rank to know it loses.
        if self.heap.len() == self.top && self.heap.peek().is_some_and(|worst| score < worst.0.score) {
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
