//! One pass over the documents matching the query (before facet filters) yields the
//! exact total, the top hits and every facet's counts.
//!
//! Facet counts are disjunctive: a document counts toward facet F when it passes every
//! filter except F's own. Reading the facet values of each match from fast-field
//! columns lets one pass serve all facets at once.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
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
}

impl Collector for FacetedTop<'_> {
    type Fruit = Collected;
    type Child = SegmentFacetedTop;

    fn for_segment(&self, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        Ok(SegmentFacetedTop {
            segment_ord,
            top: self.top,
            heap: BinaryHeap::with_capacity(self.top.min(1024) + 1),
            total: 0,
            organism: StrFacet::new(fast.str("organism")?, &self.filters.organism)?,
            database: StrFacet::new(fast.str("database")?, &self.filters.database)?,
            function: StrFacet::new(fast.str("function")?, &self.filters.function)?,
            curated: fast.bool("curated")?,
            curated_filter: self.filters.curated,
            curated_counts: [0; 2],
            rank: fast.u64("rank")?,
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

/// A string facet in one segment: its column, which term ordinals the filter selects,
/// and counts per ordinal.
struct StrFacet {
    column: Option<StrColumn>,
    /// `None` when the facet is not filtered.
    selected: Option<Vec<u64>>,
    counts: Vec<u64>,
}

impl StrFacet {
    fn new(column: Option<StrColumn>, filter: &[String]) -> tantivy::Result<Self> {
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        let mut selected = (!filter.is_empty()).then(Vec::new);
        if let (Some(selected), Some(column)) = (selected.as_mut(), column.as_ref()) {
            // Facet dictionaries are small (species, databases): a scan is enough.
            let mut value = String::new();
            for ord in 0..terms as u64 {
                column.ord_to_str(ord, &mut value)?;
                if filter.iter().any(|wanted| wanted.eq_ignore_ascii_case(&value)) {
                    selected.push(ord);
                }
            }
        }
        Ok(StrFacet { column, selected, counts: vec![0; terms] })
    }

    fn passes(&self, doc: DocId) -> bool {
        match (&self.selected, &self.column) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(selected), Some(column)) => column.term_ords(doc).any(|ord| selected.contains(&ord)),
        }
    }

    fn count(&mut self, doc: DocId) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                self.counts[ord as usize] += 1;
            }
        }
    }

    fn harvest(&self) -> HashMap<String, u64> {
        let mut counts = HashMap::new();
        let Some(column) = &self.column else {
            return counts;
        };
        for (ord, &count) in self.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            let mut value = String::new();
            // A missing ordinal cannot happen for ordinals read from the same column.
            if column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                counts.insert(value, count);
            }
        }
        counts
    }
}

pub struct SegmentFacetedTop {
    segment_ord: SegmentOrdinal,
    top: usize,
    heap: BinaryHeap<Reverse<Scored>>,
    total: u64,
    organism: StrFacet,
    database: StrFacet,
    function: StrFacet,
    curated: Column<bool>,
    curated_filter: Option<bool>,
    curated_counts: [u64; 2],
    rank: Column<u64>,
}

impl SegmentCollector for SegmentFacetedTop {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        let curated = self.curated.first(doc);
        let organism_ok = self.organism.passes(doc);
        let database_ok = self.database.passes(doc);
        let function_ok = self.function.passes(doc);
        let curated_ok = self.curated_filter.is_none_or(|wanted| curated == Some(wanted));

        if database_ok && function_ok && curated_ok {
            self.organism.count(doc);
        }
        if organism_ok && function_ok && curated_ok {
            self.database.count(doc);
        }
        if organism_ok && database_ok && curated_ok {
            self.function.count(doc);
        }
        if organism_ok && database_ok && function_ok {
            if let Some(curated) = curated {
                self.curated_counts[usize::from(curated)] += 1;
            }
            if curated_ok {
                self.total += 1;
                self.offer(doc, score);
            }
        }
    }

    fn harvest(self) -> Collected {
        let mut top: Vec<Scored> = self.heap.into_iter().map(|Reverse(s)| s).collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        Collected {
            total: self.total,
            top,
            organism: self.organism.harvest(),
            database: self.database.harvest(),
            curated: self.curated_counts,
            function: self.function.harvest(),
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
