//! One bitset per facet value and segment, built when a segment is first searched.
//!
//! Counting facets over a million matches by reading each match's values is where
//! search engines spend their time. Segments never change their documents, so the
//! documents of each organism, database, curation flag and function are computed once
//! per segment; a query then only marks its matches, and each count is an AND and a
//! popcount over words of 64 documents, in the blocks of documents where both the
//! value and the matches are (a segment's interactions come in the order of their
//! organisms, so an organism, or a query filtered by one, spans few blocks).

use super::SearchError;
use super::suggest::Completions;
use crate::index::schema::Fields;
use crate::response::ProteinRecord;
use fixedbitset::FixedBitSet;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use tantivy::columnar::BytesColumn;
use tantivy::index::SegmentId;
use tantivy::postings::TermInfo;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocId, DocSet, InvertedIndexReader, Searcher, SearcherGeneration, SegmentReader, TERMINATED, Term, Warmer,
};

/// Documents per facet value in one segment (deleted documents included: matches
/// never contain them).
#[derive(Debug)]
pub struct SegmentFacets {
    pub organism: Vec<(String, Documents)>,
    pub database: Vec<(String, Documents)>,
    pub function: Vec<(String, Documents)>,
    pub method: Vec<(String, Documents)>,
    /// Index 0: not curated, 1: curated.
    pub curated: [Documents; 2],
    /// The organism, database, function and method bitsets transposed.
    pub rows: ValueRows,
    /// Documents in the order equal scores rank them, built on first use.
    by_rank: OnceLock<RankOrder>,
    /// Protein summaries, decompressed on first use.
    summaries: OnceLock<Summaries>,
    /// Protein symbols and accessions for `/suggest`, read on first use.
    completions: OnceLock<Completions>,
    /// The protein documents by the code of their accession, read on first use.
    proteins: OnceLock<ProteinCodes>,
}

/// The documents of one facet value in a segment, and the blocks of
/// [`BLOCK_WORDS`] words that hold any of them: counting skips the others. A build
/// writes interactions in the order (organism, TF, target), so an organism's documents
/// lie together, and a query filtered by organism has its matches in its blocks.
#[derive(Debug)]
pub struct Documents {
    pub set: FixedBitSet,
    pub blocks: FixedBitSet,
}

impl Documents {
    fn new(set: FixedBitSet) -> Documents {
        Documents { blocks: occupied(&set), set }
    }
}

/// Words of a block of documents whose counting is skipped when it holds none.
pub const BLOCK_WORDS: usize = 64;

/// The blocks of `set` holding any document.
pub fn occupied(set: &FixedBitSet) -> FixedBitSet {
    let words = set.as_slice();
    let mut blocks = FixedBitSet::with_capacity(words.len().div_ceil(BLOCK_WORDS));
    for (block, chunk) in words.chunks(BLOCK_WORDS).enumerate() {
        if chunk.iter().any(|&word| word != 0) {
            blocks.insert(block);
        }
    }
    blocks
}

/// A segment's protein documents as (accession code, document), sorted.
#[derive(Debug)]
pub struct ProteinCodes(Vec<(u64, DocId)>);

impl ProteinCodes {
    fn read(segment: &SegmentReader, f: &Fields) -> tantivy::Result<ProteinCodes> {
        let mut proteins = Vec::new();
        if let Some(column) = segment.fast_fields().column_opt::<u64>("code")? {
            let inverted = segment.inverted_index(f.kind)?;
            let protein = Term::from_field_text(f.kind, crate::index::document::KIND_PROTEIN);
            if let Some(info) = inverted.get_term_info(&protein)? {
                proteins.extend(postings(&inverted, &info)?.filter_map(|doc| Some((column.first(doc)?, doc))));
            }
        }
        proteins.sort_unstable();
        Ok(ProteinCodes(proteins))
    }

    /// The documents whose code is one of `codes` (sorted), in order: one walk along
    /// both lists, whatever their sizes (a few thousand proteins per segment).
    pub fn find(&self, codes: &[u64]) -> Vec<DocId> {
        let mut found = Vec::new();
        let mut proteins = self.0.iter().peekable();
        for &wanted in codes {
            while proteins.next_if(|(code, _)| *code < wanted).is_some() {}
            while let Some((_, doc)) = proteins.next_if(|(code, _)| *code == wanted) {
                found.push(*doc);
            }
        }
        found.sort_unstable();
        found
    }
}

/// The protein summaries of a segment (its `summary` column), decompressed once: the
/// column's dictionary is compressed in blocks, and reading one value costs a fresh
/// decompression context, more than the rest of a suggestion.
pub struct Summaries {
    column: Option<BytesColumn>,
    /// Values by dictionary ordinal.
    values: Vec<Box<[u8]>>,
}

impl std::fmt::Debug for Summaries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Summaries({} values)", self.values.len())
    }
}

impl Summaries {
    fn read(segment: &SegmentReader) -> tantivy::Result<Summaries> {
        let column = segment.fast_fields().bytes("summary")?;
        let mut values = Vec::new();
        if let Some(column) = &column {
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                debug_assert_eq!(stream.term_ord() as usize, values.len());
                values.push(stream.key().into());
            }
        }
        Ok(Summaries { column, values })
    }

    /// The summary of protein document `doc`.
    pub fn get(&self, doc: DocId) -> Result<ProteinRecord, SearchError> {
        let ord = self.column.as_ref().and_then(|column| column.term_ords(doc).next());
        let json = ord.and_then(|ord| self.values.get(ord as usize));
        let json = json.ok_or_else(|| SearchError::Corrupt(format!("document {doc} has no protein summary")))?;
        serde_json::from_slice(json).map_err(|e| SearchError::Corrupt(format!("protein summary: {e}")))
    }
}

/// Facet bitsets transposed: per document, one bit per value of each facet in turn,
/// so that counting a few matches reads a word or two per match instead of probing
/// every value's bitset (a cache miss each), and filters are checked against the same
/// word.
#[derive(Debug)]
pub struct ValueRows {
    /// Words per document.
    words: usize,
    bits: Vec<u64>,
    /// Per facet, where its values' bits start; the last entry is the total.
    pub starts: [usize; ROW_FACETS + 1],
    /// Per facet, the bits of its values in a row.
    masks: [Vec<u64>; ROW_FACETS],
}

/// The facets of a row, numbered as [`super::collect`] numbers them: organism,
/// database, curated (not, then yes), function, method (with the real corpus' 7, 17,
/// 2, 3 and 21 values, one word per document).
pub const ROW_FACETS: usize = 5;

impl ValueRows {
    fn new(facets: [Vec<&FixedBitSet>; ROW_FACETS], docs: usize) -> ValueRows {
        let mut starts = [0; ROW_FACETS + 1];
        for (facet, values) in facets.iter().enumerate() {
            starts[facet + 1] = starts[facet] + values.len();
        }
        let words = starts[ROW_FACETS].div_ceil(64).max(1);
        let mut rows = ValueRows { words, bits: vec![0u64; docs * words], starts, masks: Default::default() };
        for (facet, values) in facets.iter().enumerate() {
            rows.masks[facet] = rows.mask(facet, 0..values.len());
            for (ord, documents) in values.iter().enumerate() {
                let bit = starts[facet] + ord;
                for doc in documents.ones() {
                    rows.bits[doc * words + bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        rows
    }

    /// Words per row.
    pub fn words(&self) -> usize {
        self.words
    }

    /// The row of `doc`: its values' bits.
    pub fn row(&self, doc: usize) -> &[u64] {
        &self.bits[doc * self.words..(doc + 1) * self.words]
    }

    /// The bits of the values of `facet` numbered `ordinals` (in the facet's order), to
    /// test a row against with [`intersects`].
    pub fn mask(&self, facet: usize, ordinals: impl IntoIterator<Item = usize>) -> Vec<u64> {
        let mut mask = vec![0; self.words];
        for ord in ordinals {
            let bit = self.starts[facet] + ord;
            mask[bit / 64] |= 1 << (bit % 64);
        }
        mask
    }

    /// Adds one to `counts` (indexed like the bits) for each value of `row` in a facet
    /// `counted` selects.
    pub fn count(&self, row: &[u64], counted: [bool; ROW_FACETS], counts: &mut [u64]) {
        for (word, &bits) in row.iter().enumerate() {
            let allowed = (0..ROW_FACETS).filter(|&f| counted[f]).fold(0, |mask, f| mask | self.masks[f][word]);
            let mut set = bits & allowed;
            while set != 0 {
                counts[word * 64 + set.trailing_zeros() as usize] += 1;
                set &= set - 1;
            }
        }
    }
}

/// Whether `row` has any of the values of `mask` ([`ValueRows::mask`]).
pub fn intersects(row: &[u64], mask: &[u64]) -> bool {
    row.iter().zip(mask).any(|(r, m)| r & m != 0)
}

/// A segment's documents by static rank (best first; ties: lower id first).
#[derive(Debug)]
pub struct RankOrder {
    /// Documents, best first.
    pub order: Vec<u32>,
    /// Where each document stands in `order`: comparing positions compares ranks
    /// without reading the rank column.
    pub position: Vec<u32>,
}

/// The documents `info`'s postings list in `inverted` (a segment's), in order.
pub fn postings(inverted: &InvertedIndexReader, info: &TermInfo) -> tantivy::Result<impl Iterator<Item = DocId>> {
    let mut postings = inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
    let mut doc = postings.doc();
    Ok(std::iter::from_fn(move || {
        let current = (doc != TERMINATED).then_some(doc)?;
        doc = postings.advance();
        Some(current)
    }))
}

/// Calls `each` with every term of `inverted` that starts with `stem`, in order.
pub fn terms_starting(
    inverted: &InvertedIndexReader,
    stem: &str,
    mut each: impl FnMut(&[u8], &TermInfo) -> tantivy::Result<()>,
) -> tantivy::Result<()> {
    let mut terms = inverted.terms().range().ge(stem.as_bytes()).into_stream()?;
    while terms.advance() && terms.key().starts_with(stem.as_bytes()) {
        each(terms.key(), terms.value())?;
    }
    Ok(())
}

/// The documents `info`'s postings list in `inverted` (a segment's), as a bitset.
pub fn documents(inverted: &InvertedIndexReader, info: &TermInfo, docs: usize) -> tantivy::Result<FixedBitSet> {
    let mut set = FixedBitSet::with_capacity(docs);
    postings(inverted, info)?.for_each(|doc| set.insert(doc as usize));
    Ok(set)
}

/// Every value of the facet `field` in `segment` (as the pages spell it: facet fields
/// keep case) with its documents.
fn by_value(segment: &SegmentReader, field: Field) -> tantivy::Result<Vec<(String, Documents)>> {
    let (inverted, docs) = (segment.inverted_index(field)?, segment.max_doc() as usize);
    let mut stream = inverted.terms().stream()?;
    let mut named = Vec::new();
    while stream.advance() {
        let set = documents(&inverted, stream.value(), docs)?;
        named.push((String::from_utf8_lossy(stream.key()).into_owned(), Documents::new(set)));
    }
    Ok(named)
}

/// The documents of each value of a facet.
fn sets(values: &[(String, Documents)]) -> Vec<&FixedBitSet> {
    values.iter().map(|(_, documents)| &documents.set).collect()
}

impl SegmentFacets {
    pub fn build(segment: &SegmentReader, f: &Fields) -> tantivy::Result<SegmentFacets> {
        let docs = segment.max_doc() as usize;
        let flags = segment.inverted_index(f.curated)?;
        let flagged = |flag: bool| -> tantivy::Result<FixedBitSet> {
            match flags.get_term_info(&Term::from_field_bool(f.curated, flag))? {
                Some(info) => documents(&flags, &info, docs),
                None => Ok(FixedBitSet::with_capacity(docs)),
            }
        };
        let curated = [flagged(false)?, flagged(true)?].map(Documents::new);
        let organism = by_value(segment, f.organism)?;
        let database = by_value(segment, f.database)?;
        let function = by_value(segment, f.function)?;
        let method = by_value(segment, f.method)?;
        let rows = ValueRows::new(
            [
                sets(&organism),
                sets(&database),
                curated.iter().map(|d| &d.set).collect(),
                sets(&function),
                sets(&method),
            ],
            docs,
        );
        Ok(SegmentFacets {
            rows,
            organism,
            database,
            function,
            method,
            curated,
            by_rank: OnceLock::new(),
            summaries: OnceLock::new(),
            completions: OnceLock::new(),
            proteins: OnceLock::new(),
        })
    }

    /// The segment's protein summaries if something read them already.
    pub fn loaded_summaries(&self) -> Option<&Summaries> {
        self.summaries.get()
    }

    /// The segment's protein summaries.
    pub fn summaries(&self, segment: &SegmentReader) -> tantivy::Result<&Summaries> {
        if let Some(summaries) = self.summaries.get() {
            return Ok(summaries);
        }
        let read = Summaries::read(segment)?;
        Ok(self.summaries.get_or_init(|| read))
    }

    /// The segment's completions for `/suggest`.
    pub fn completions(&self, segment: &SegmentReader, f: &Fields) -> tantivy::Result<&Completions> {
        if let Some(completions) = self.completions.get() {
            return Ok(completions);
        }
        let read = Completions::read(segment, f)?;
        Ok(self.completions.get_or_init(|| read))
    }

    /// The segment's protein documents by accession code.
    pub fn proteins(&self, segment: &SegmentReader, f: &Fields) -> tantivy::Result<&ProteinCodes> {
        if let Some(proteins) = self.proteins.get() {
            return Ok(proteins);
        }
        let read = ProteinCodes::read(segment, f)?;
        Ok(self.proteins.get_or_init(|| read))
    }

    /// The segment's rank order if something built it already (a server warms it).
    pub fn loaded_ranks(&self) -> Option<&RankOrder> {
        self.by_rank.get()
    }

    /// The segment's documents in the order equal scores rank them.
    pub fn by_rank(&self, segment: &SegmentReader) -> tantivy::Result<&RankOrder> {
        if let Some(order) = self.by_rank.get() {
            return Ok(order);
        }
        let rank = segment.fast_fields().u64("rank")?;
        let mut order: Vec<u32> = (0..segment.max_doc()).collect();
        let ranks: Vec<u64> = order.iter().map(|&doc| rank.first(doc).unwrap_or(0)).collect();
        order.sort_unstable_by_key(|&doc| (std::cmp::Reverse(ranks[doc as usize]), doc));
        let mut position = vec![0; order.len()];
        for (at, &doc) in order.iter().enumerate() {
            position[doc as usize] = at as u32;
        }
        Ok(self.by_rank.get_or_init(|| RankOrder { order, position }))
    }
}

/// A segment as of one set of deletes (its delete opstamp).
type SegmentVersion = (SegmentId, Option<u64>);

/// Facet bitsets of the segments being searched. A Tantivy [`Warmer`]: the reader
/// builds them for new segments when it loads a commit, and drops those of segments
/// merged away.
pub struct FacetCache {
    fields: Fields,
    segments: Mutex<HashMap<SegmentId, Arc<SegmentFacets>>>,
    /// Live documents of segments with deletes, by segment and delete generation.
    alive: Mutex<HashMap<SegmentVersion, Arc<FixedBitSet>>>,
    /// Also order documents by rank while warming (a server; a one-off query need not).
    warm_ranks: bool,
}

impl FacetCache {
    /// An empty cache for an index with `fields`; with `warm_ranks`, warming also orders
    /// each segment by rank.
    pub fn new(fields: Fields, warm_ranks: bool) -> FacetCache {
        FacetCache { fields, segments: Mutex::default(), alive: Mutex::default(), warm_ranks }
    }

    /// The fields of the index the cache serves.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The bitsets of `segment`, built now if no warm-up did.
    pub fn get(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentFacets>> {
        let id = segment.segment_id();
        if let Some(found) = self.segments.lock().unwrap_or_else(PoisonError::into_inner).get(&id) {
            return Ok(found.clone());
        }
        let built = Arc::new(SegmentFacets::build(segment, &self.fields)?);
        self.segments.lock().unwrap_or_else(PoisonError::into_inner).insert(id, built.clone());
        Ok(built)
    }

    /// The documents of `segment` not deleted, or `None` when none is.
    pub fn alive(&self, segment: &SegmentReader) -> Option<Arc<FixedBitSet>> {
        let deleted = segment.alive_bitset()?;
        let key = (segment.segment_id(), segment.delete_opstamp());
        let mut alive = self.alive.lock().unwrap_or_else(PoisonError::into_inner);
        let set = alive.entry(key).or_insert_with(|| {
            let mut set = FixedBitSet::with_capacity(segment.max_doc() as usize);
            deleted.iter_alive().for_each(|doc| set.insert(doc as usize));
            Arc::new(set)
        });
        Some(set.clone())
    }
}

impl Warmer for FacetCache {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for segment in searcher.segment_readers() {
            let facets = self.get(segment)?;
            if self.warm_ranks {
                facets.by_rank(segment)?;
                facets.summaries(segment)?;
                facets.completions(segment, &self.fields)?;
                facets.proteins(segment, &self.fields)?;
                self.alive(segment);
            }
        }
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: BTreeSet<SegmentVersion> =
            live_generations.iter().flat_map(|g| g.segments().iter().map(|(id, opstamp)| (*id, *opstamp))).collect();
        let ids: BTreeSet<SegmentId> = live.iter().map(|(id, _)| *id).collect();
        self.segments.lock().unwrap_or_else(PoisonError::into_inner).retain(|id, _| ids.contains(id));
        self.alive.lock().unwrap_or_else(PoisonError::into_inner).retain(|key, _| live.contains(key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of more than 64 values (a site whose pages name many methods) span several
    /// words: counts and filter masks find each value in whichever word holds it.
    #[test]
    fn rows_of_several_words_count_and_filter_every_value() {
        let docs = 200;
        let sizes = [7, 30, 2, 3, 40];
        let holds = |facet: usize, ord: usize, doc: usize| (doc * (facet + 1) + ord).is_multiple_of(7);
        let sets: Vec<Vec<FixedBitSet>> = (0..ROW_FACETS)
            .map(|facet| {
                let set = |ord| {
                    let mut set = FixedBitSet::with_capacity(docs);
                    (0..docs).filter(|&doc| holds(facet, ord, doc)).for_each(|doc| set.insert(doc));
                    set
                };
                (0..sizes[facet]).map(set).collect()
            })
            .collect();
        let rows = ValueRows::new(std::array::from_fn(|f| sets[f].iter().collect()), docs);
        assert_eq!(rows.words(), 2);
        for doc in 0..docs {
            let mut counts = vec![0; rows.starts[ROW_FACETS]];
            rows.count(rows.row(doc), [true, false, true, true, true], &mut counts);
            for facet in 0..ROW_FACETS {
                for ord in 0..sizes[facet] {
                    let expected = u64::from(facet != 1 && holds(facet, ord, doc));
                    assert_eq!(counts[rows.starts[facet] + ord], expected, "doc {doc} facet {facet} value {ord}");
                    let pair = rows.mask(facet, [ord, (ord + 3) % sizes[facet]]);
                    let either = holds(facet, ord, doc) || holds(facet, (ord + 3) % sizes[facet], doc);
                    assert_eq!(intersects(rows.row(doc), &pair), either, "doc {doc} facet {facet} values {ord}+");
                }
            }
        }
    }
}
