//! Broad queries answered from bitsets, without visiting their postings.
//!
//! A query matching most of the index (`GTRD`, `ChIP`, the empty query) costs Tantivy
//! one scorer step per match: tens of milliseconds over two million documents. Yet
//! such queries are made of few terms, each scoring a constant ([`Plan`]), so a
//! document's score depends only on which of those terms it holds. Here each term is a
//! bitset per segment (kept in a cache for terms held by many documents), the plan is
//! evaluated with word-wide set operations into *levels* (the matching documents
//! grouped by score), facets are counted on the union of the levels, and the top hits
//! are taken level by level, best first, walking each segment's documents in rank
//! order. Scores, order, totals and counts are those of the postings path.

use super::collect::{self, Collected, Counted, Scored, SegmentFilters, sparse_limit};
use super::facets::{self, FacetCache, RankOrder};
use super::plan::Plan;
use super::popcount;
use super::{Filters, SearchError};
use fixedbitset::FixedBitSet;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use std::collections::BinaryHeap;
use std::sync::Arc;
use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::{DocAddress, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

/// A plan with more score levels than this goes the postings way (it would only
/// happen for long OR queries, which are not broad in practice).
const MAX_LEVELS: usize = 64;

/// Steps of a walk along the rank order that cost about as much as one random read of
/// a document's rank position.
const WALK_STEPS_PER_LOOKUP: usize = 4;

/// A term is cached when it occurs in at least this fraction of a segment's documents:
/// rarer terms cost less to read again than their bitset costs to keep.
const DENSE_FRACTION: u32 = 64;

/// What a cached bitset holds the documents of: a term, or every term of a field that
/// starts with a stem (an explicit prefix, `GATA*`: thousands of terms' postings,
/// which paging through its hits or clicking its facets would read again).
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Term(Term),
    Prefix(Field, String),
}

#[derive(Clone)]
struct Bytes;

impl Weighter<(SegmentId, Key), Arc<FixedBitSet>> for Bytes {
    fn weight(&self, _: &(SegmentId, Key), set: &Arc<FixedBitSet>) -> u64 {
        set.len().div_ceil(8) as u64
    }
}

/// Bitsets of the terms (and prefixes) held by many documents, per segment, within a
/// memory budget.
pub struct TermSets {
    cache: Cache<(SegmentId, Key), Arc<FixedBitSet>, Bytes>,
}

impl TermSets {
    /// A cache of at most `bytes` of bitsets.
    pub fn new(bytes: u64) -> TermSets {
        TermSets { cache: Cache::with_weighter(1024, bytes, Bytes) }
    }

    fn get(&self, segment: &SegmentReader, term: &Term) -> tantivy::Result<Arc<FixedBitSet>> {
        let key = (segment.segment_id(), Key::Term(term.clone()));
        if let Some(set) = self.cache.get(&key) {
            return Ok(set);
        }
        let (inverted, docs) = (segment.inverted_index(term.field())?, segment.max_doc() as usize);
        let Some(info) = inverted.get_term_info(term)? else { return Ok(Arc::new(FixedBitSet::with_capacity(docs))) };
        let set = Arc::new(facets::documents(&inverted, &info, docs)?);
        self.keep_if_dense(key, &set, info.doc_freq as usize, segment);
        Ok(set)
    }

    /// The documents holding a term of `field` that starts with `stem`.
    fn prefixed(&self, segment: &SegmentReader, field: Field, stem: &str) -> tantivy::Result<Arc<FixedBitSet>> {
        let key = (segment.segment_id(), Key::Prefix(field, stem.to_string()));
        if let Some(set) = self.cache.get(&key) {
            return Ok(set);
        }
        let inverted = segment.inverted_index(field)?;
        let mut set = FixedBitSet::with_capacity(segment.max_doc() as usize);
        facets::terms_starting(&inverted, stem, |_, info| {
            facets::postings(&inverted, info)?.for_each(|doc| set.insert(doc as usize));
            Ok(())
        })?;
        let set = Arc::new(set);
        self.keep_if_dense(key, &set, popcount::count(&set), segment);
        Ok(set)
    }

    /// Caches `set` if it holds at least [`DENSE_FRACTION`] of the segment: rarer sets
    /// cost less to read again than to keep.
    fn keep_if_dense(&self, key: (SegmentId, Key), set: &Arc<FixedBitSet>, held: usize, segment: &SegmentReader) {
        if held.saturating_mul(DENSE_FRACTION as usize) >= segment.max_doc() as usize {
            self.cache.insert(key, set.clone());
        }
    }
}

/// A set of a segment's documents, shared with the term cache until changed
/// (`Arc::make_mut`): a term's level is its cached bitset itself, not a copy.
type Set = Arc<FixedBitSet>;

/// `a` ∩ `b` in one pass into a new set (a copy changed in place reads `a` twice).
fn both(a: &FixedBitSet, b: &FixedBitSet) -> Set {
    let blocks = a.as_slice().iter().zip(b.as_slice()).map(|(x, y)| x & y);
    Arc::new(FixedBitSet::with_capacity_and_blocks(a.len(), blocks))
}

/// `a` ∖ `b` in one pass into a new set.
fn only(a: &FixedBitSet, b: &FixedBitSet) -> Set {
    let blocks = a.as_slice().iter().zip(b.as_slice()).map(|(x, y)| x & !y);
    Arc::new(FixedBitSet::with_capacity_and_blocks(a.len(), blocks))
}

/// The matching documents of one segment grouped by score: disjoint, non-empty sets,
/// best score first.
struct Levels(Vec<(Score, Set)>);

impl Levels {
    /// Every matching document: the one level's set itself, or a new union.
    fn union(&self, docs: usize) -> Set {
        if let [(_, only)] = &self.0[..] {
            return only.clone();
        }
        let mut all = FixedBitSet::with_capacity(docs);
        self.0.iter().for_each(|(_, set)| all.union_with(set));
        Arc::new(all)
    }

    /// Sorts by score, joins sets of equal score and drops empty ones.
    fn normalized(mut parts: Vec<(Score, Set)>) -> Option<Levels> {
        parts.retain(|(_, set)| !set.is_clear());
        parts.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut levels: Vec<(Score, Set)> = Vec::with_capacity(parts.len());
        for (score, set) in parts {
            match levels.last_mut() {
                Some((last, into)) if *last == score => Arc::make_mut(into).union_with(&set),
                _ => levels.push((score, set)),
            }
        }
        (levels.len() <= MAX_LEVELS).then_some(Levels(levels))
    }
}

/// Evaluates plans on one segment.
struct Segment<'a> {
    reader: &'a SegmentReader,
    terms: &'a TermSets,
    docs: usize,
}

impl Segment<'_> {
    /// The plan's matches by score; `None` if it cannot be evaluated here.
    fn levels(&self, plan: &Plan) -> tantivy::Result<Option<Levels>> {
        Ok(match plan {
            Plan::Nothing => Some(Levels(Vec::new())),
            Plan::Term { term, boost, .. } => Levels::normalized(vec![(*boost, self.terms.get(self.reader, term)?)]),
            Plan::Prefix { field, stem, boost, .. } => {
                Levels::normalized(vec![(*boost, self.terms.prefixed(self.reader, *field, stem)?)])
            }
            Plan::Documents { docs, boost, .. } => {
                let mut set = FixedBitSet::with_capacity(self.docs);
                docs.of(self.reader).iter().for_each(|&doc| set.insert(doc as usize));
                Levels::normalized(vec![(*boost, Arc::new(set))])
            }
            Plan::Max(parts) => {
                let mut all = Vec::new();
                for part in parts {
                    let Some(levels) = self.levels(part)? else { return Ok(None) };
                    all.extend(levels.0);
                }
                // Best first: each document keeps the best score it reaches.
                all.sort_by(|a, b| b.0.total_cmp(&a.0));
                let mut covered = FixedBitSet::with_capacity(self.docs);
                for (i, (_, set)) in all.iter_mut().enumerate() {
                    // Nothing is covered before the best: its set stays shared.
                    if i > 0 {
                        Arc::make_mut(set).difference_with(&covered);
                    }
                    covered.union_with(set);
                }
                Levels::normalized(all)
            }
            Plan::Any(parts) => self.sum(parts, true)?,
            Plan::All { must, not } => {
                let Some(mut sum) = self.sum(must, false)? else { return Ok(None) };
                for part in not {
                    let Some(excluded) = self.levels(part)? else { return Ok(None) };
                    let excluded = excluded.union(self.docs);
                    sum.0.iter_mut().for_each(|(_, set)| *set = only(set, &excluded));
                }
                Levels::normalized(sum.0)
            }
        })
    }

    /// The scores of `parts` added ([`add`]); no part matches nothing.
    fn sum(&self, parts: &[Plan], either: bool) -> tantivy::Result<Option<Levels>> {
        let mut sum: Option<Levels> = None;
        for part in parts {
            let Some(levels) = self.levels(part)? else { return Ok(None) };
            sum = match sum {
                None => Some(levels),
                Some(sum) => match add(&sum, &levels, either, self.docs) {
                    Some(added) => Some(added),
                    None => return Ok(None),
                },
            };
        }
        Ok(Some(sum.unwrap_or(Levels(Vec::new()))))
    }
}

/// Scores added: documents in both `a` and `b` score the sum; with `either`, documents
/// in only one keep their score (a disjunction), otherwise they drop out (a conjunction).
fn add(a: &Levels, b: &Levels, either: bool, docs: usize) -> Option<Levels> {
    let mut parts = Vec::new();
    for (sa, sa_set) in &a.0 {
        for (sb, sb_set) in &b.0 {
            parts.push((sa + sb, both(sa_set, sb_set)));
        }
    }
    if either {
        let (in_a, in_b) = (a.union(docs), b.union(docs));
        for (levels, other) in [(a, &in_b), (b, &in_a)] {
            for (score, set) in &levels.0 {
                parts.push((*score, only(set, other)));
            }
        }
    }
    Levels::normalized(parts)
}

/// Runs `plan` on every segment: exact total, the `counted` facets' counts under
/// `filters` and the best `top` hits. `None` when the plan cannot be evaluated from bitsets.
pub fn search(
    searcher: &Searcher,
    plan: &Plan,
    filters: &Filters,
    counted: Counted,
    top: usize,
    facets: &FacetCache,
    terms: &TermSets,
) -> Result<Option<Collected>, SearchError> {
    let mut fruits = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let docs = reader.max_doc() as usize;
        let segment = Segment { reader, terms, docs };
        let Some(mut levels) = segment.levels(plan)? else { return Ok(None) };
        if let Some(alive) = facets.alive(reader) {
            levels.0.iter_mut().for_each(|(_, set)| *set = both(set, &alive));
        }
        let filtered = SegmentFilters::new(filters, counted, facets.get(reader)?, docs);
        let matches = levels.union(docs);
        let mut fruit = if popcount::count(&matches) <= sparse_limit(docs) {
            filtered.count_sparse(&matches.ones().map(|d| d as u32).collect::<Vec<_>>())
        } else {
            filtered.count_dense(&matches)
        };
        fruit.top = best(reader, ord as SegmentOrdinal, levels, &filtered, top)?;
        fruits.push(fruit);
    }
    Ok(Some(collect::merge(fruits, top)))
}

/// The first `need` of the `count` documents of `set` in rank `order`, if walking that
/// order looks cheaper than ranking them all and finds them within a budget worth it.
// Not inlined: inside `best`, it made queries that never walk 10% slower (measured).
#[inline(never)]
pub(super) fn walk(order: &[u32], set: &FixedBitSet, count: usize, need: usize) -> Option<Vec<u32>> {
    let budget = count.saturating_mul(WALK_STEPS_PER_LOOKUP);
    if need.saturating_mul(set.len()) / count > budget / 2 {
        return None;
    }
    let walked: Vec<u32> =
        order.iter().take(budget).copied().filter(|&doc| set.contains(doc as usize)).take(need).collect();
    (walked.len() == need).then_some(walked)
}

/// The best `need` of `docs` by their place in rank order: a random read each, which
/// overlap, as the branch that follows each is nearly always the same.
pub(super) fn by_position(ranks: &RankOrder, docs: impl Iterator<Item = usize>, need: usize) -> Vec<u32> {
    let mut heap: BinaryHeap<u32> = BinaryHeap::with_capacity(need + 1);
    for doc in docs {
        let at = ranks.position[doc];
        if heap.len() < need {
            heap.push(at);
        } else if heap.peek().is_some_and(|&worst| at < worst) {
            heap.pop();
            heap.push(at);
        }
    }
    heap.into_iter().map(|at| ranks.order[at as usize]).collect()
}

/// The `top` best documents of a segment that pass the filters: from the best level
/// down; within a level (one score), by rank.
fn best(
    reader: &SegmentReader,
    ord: SegmentOrdinal,
    levels: Levels,
    filtered: &SegmentFilters,
    top: usize,
) -> tantivy::Result<Vec<Scored>> {
    let rank = reader.fast_fields().u64("rank")?;
    let scored = |score: Score, doc: u32| Scored {
        score,
        rank: rank.first(doc).unwrap_or(0),
        address: DocAddress::new(ord, doc),
    };
    // `top` may be every document (an export).
    let mut found = Vec::with_capacity(top.min(reader.max_doc() as usize));
    for (score, mut set) in levels.0 {
        if found.len() == top {
            break;
        }
        if let Some(all) = &filtered.all {
            set = both(&set, all);
        }
        let (count, need) = (popcount::count(&set), top - found.len());
        if count <= need {
            found.extend(set.ones().map(|doc| scored(score, doc as u32)));
            continue;
        }
        let ranks = filtered.facets.by_rank(reader)?;
        if count.saturating_mul(DENSE_FRACTION as usize) < set.len() {
            // Few documents. Ranking all `count` costs a random read each (their
            // positions); walking the rank order meets the best `need` after about
            // need × docs / count sequential steps if they are spread evenly (fewer when
            // they rank high, as curated ones do). Walk when that looks cheaper, within a
            // budget worth the reads, and rank them all if the walk runs out.
            if let Some(walked) = walk(&ranks.order, &set, count, need) {
                found.extend(walked.into_iter().map(|doc| scored(score, doc)));
                continue;
            }
            found.extend(by_position(ranks, set.ones(), need).into_iter().map(|doc| scored(score, doc)));
        } else {
            // Many: the first of them in rank order are the best.
            let hits = ranks.order.iter().filter(|&&doc| set.contains(doc as usize)).take(need);
            found.extend(hits.map(|&doc| scored(score, doc)));
        }
    }
    found.sort_unstable_by(|a, b| b.cmp(a));
    Ok(found)
}
