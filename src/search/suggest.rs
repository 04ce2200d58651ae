//! Search-as-you-type: proteins whose symbol or accession starts with what was typed.
//!
//! A short prefix (`KL`) completes to thousands of symbols on TFLink; expanding it to
//! that many terms and unioning their postings took most of a millisecond. Each
//! segment's completions are instead read once into a sorted table, and a prefix is a
//! range of it found by binary search.

use super::SearchError;
use super::collect::{Counted, Filters, Scored, SegmentFilters};
use super::facets::{self, FacetCache};
use super::parse::Scope;
use super::synonyms::{SynonymKind, Synonyms};
use crate::index::schema::Fields;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use tantivy::{DocAddress, DocId, Searcher, SegmentOrdinal, SegmentReader};

/// Score of a protein whose symbol or accession is the word typed...
const EXACT: f32 = 2.0;
/// ... of one whose symbol the word typed is an alias of (`p53`: TP53) ...
const ALIAS: f32 = 1.5;
/// ... and of one where it only starts with it.
const PREFIX: f32 = 1.0;

/// A segment's `suggest` terms (protein symbols and accessions, lower-cased) with the
/// document of each, sorted by term.
#[derive(Debug, Default)]
pub struct Completions {
    entries: Vec<(Box<str>, DocId)>,
}

impl Completions {
    pub fn read(segment: &SegmentReader, f: &Fields) -> tantivy::Result<Completions> {
        let inverted = segment.inverted_index(f.suggest)?;
        let mut stream = inverted.terms().stream()?;
        let mut entries = Vec::new();
        // The term dictionary is sorted: so is the table.
        while stream.advance() {
            let term: Box<str> = String::from_utf8_lossy(stream.key()).into();
            entries.extend(facets::postings(&inverted, stream.value())?.map(|doc| (term.clone(), doc)));
        }
        Ok(Completions { entries })
    }

    /// The entries whose term starts with `prefix`.
    fn starting<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a (Box<str>, DocId)> {
        let start = self.entries.partition_point(|(term, _)| &**term < prefix);
        self.entries[start..].iter().take_while(move |(term, _)| term.starts_with(prefix))
    }

    /// The documents with a term starting with `prefix` or equal to one of `aliased`
    /// or `completed` (lower case), each once with its best score: [`EXACT`] if one of
    /// its terms is `prefix`, [`ALIAS`] if one is in `aliased`, else [`PREFIX`].
    fn matching(&self, prefix: &str, aliased: &[String], completed: &[String]) -> Vec<(DocId, f32)> {
        let mut found: Vec<(DocId, f32)> =
            self.starting(prefix).map(|(term, doc)| (*doc, if &**term == prefix { EXACT } else { PREFIX })).collect();
        for (symbols, score) in [(aliased, ALIAS), (completed, PREFIX)] {
            for symbol in symbols {
                // Sorted: a symbol's own entries come first among those it starts.
                let named = self.starting(symbol).take_while(|(term, _)| **term == **symbol);
                found.extend(named.map(|(_, doc)| (*doc, score)));
            }
        }
        // A protein whose symbol and accession both match counts once, at its best.
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        found.dedup_by_key(|(doc, _)| *doc);
        found
    }
}

/// What of the query's last word a protein name or accession should complete: the
/// word without the query language typed around it (`(`, `-`, `"`, a list's `,`, and
/// the fields naming proteins: `tf:`, `target:`, `protein:`, `accession:`). `None` for a word in
/// another field (`organism:hu`), which no protein completes, and after a space.
pub fn typed_name(query: &str) -> Option<&str> {
    // A space after the word ends it (often typed by the box on accepting a suggestion):
    // the next is not begun.
    if query.ends_with(char::is_whitespace) {
        return None;
    }
    let mut word = query.split_whitespace().last()?.trim_start_matches(['(', '-', '"']);
    if let Some((name, rest)) = word.split_once(':')
        && let Some(scope) = Scope::named(name)
    {
        if !matches!(scope, Scope::Tf | Scope::Target | Scope::Protein | Scope::Accession | Scope::Ortholog) {
            return None;
        }
        word = rest.trim_start_matches(['(', '"']);
    }
    // `GATA*` is already a prefix in the query language; `GATA1,` a list being typed.
    let word = word.trim_end_matches([',', ';']).trim_end_matches('*');
    (!word.is_empty()).then_some(word)
}

/// The species the words typed before the last one narrow a search to, as `/search`
/// reads them: organism words (`mouse`, `fruit fly`, `Mus musculus`) and `organism:`
/// values. `mouse ala` completes to mouse Alas2, not to the human ALAS2 first.
pub fn typed_organisms(query: &str, synonyms: &Synonyms) -> Vec<String> {
    let mut words: Vec<&str> = query.split_whitespace().collect();
    words.pop();
    let mut species = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].trim_matches(['(', ')', '"']);
        if let Some((name, value)) = word.split_once(':')
            && Scope::named(name) == Some(Scope::Organism)
        {
            species.extend(super::names::organisms(synonyms, value));
            i += 1;
            continue;
        }
        // Two words first: `fruit fly`, `Mus musculus`.
        let pair = words.get(i + 1).map(|next| format!("{word} {}", next.trim_matches(['(', ')', '"'])));
        match pair.map(|pair| synonyms.get(SynonymKind::Organism, &pair)).filter(|s| !s.is_empty()) {
            Some(named) => {
                species.extend(named.iter().cloned());
                i += 2;
            }
            None => {
                species.extend(synonyms.get(SynonymKind::Organism, word).iter().cloned());
                i += 1;
            }
        }
    }
    species
}

/// The best `limit` proteins completing `word` within `filters`' organisms, best first:
/// exact matches, then the proteins whose symbols `word` is an alias of (`aliased`),
/// then those it completes, itself or as the start of an alias of their symbols
/// (`completed`), by more interactions (the static rank), then index order.
pub fn complete(
    searcher: &Searcher,
    facets: &FacetCache,
    filters: &Filters,
    word: &str,
    [aliased, completed]: [&[String]; 2],
    limit: usize,
) -> Result<Vec<Scored>, SearchError> {
    let prefix = word.to_lowercase();
    let lower = |symbols: &[String]| -> Vec<String> { symbols.iter().map(|symbol| symbol.to_lowercase()).collect() };
    let (aliased, completed) = (lower(aliased), lower(completed));
    let mut best: BinaryHeap<Reverse<Scored>> = BinaryHeap::with_capacity(limit + 1);
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let cached = facets.get(segment)?;
        let filtered = SegmentFilters::new(filters, Counted::default(), cached.clone(), segment.max_doc() as usize);
        let rank = segment.fast_fields().u64("rank")?;
        for (doc, score) in cached.completions(segment, facets.fields())?.matching(&prefix, &aliased, &completed) {
            if segment.is_deleted(doc) || !filtered.passes_all(doc) {
                continue;
            }
            let address = DocAddress::new(ord as SegmentOrdinal, doc);
            best.push(Reverse(Scored { score, rank: rank.first(doc).unwrap_or(0), address }));
            if best.len() > limit {
                best.pop();
            }
        }
    }
    let mut sorted: Vec<Scored> = best.into_iter().map(|Reverse(scored)| scored).collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    Ok(sorted)
}

#[cfg(test)]
mod tests {
    use super::typed_name;

    #[test]
    fn the_name_typed_is_found_inside_the_query_language() {
        for (query, name) in [
            ("GAT", Some("GAT")),
            ("ChIP gat", Some("gat")),
            ("tf:GAT", Some("GAT")),
            ("ChIP (GAT", Some("GAT")),
            ("-(target:\"ALA", Some("ALA")),
            ("tf:(GATA1 OR TA", Some("TA")),
            ("Nr1h3::Rx", Some("Nr1h3::Rx")),
            ("si:ch211-19", Some("si:ch211-19")),
            ("tf:GAT*", Some("GAT")),
            ("ortholog:P225", Some("P225")),
            ("KLF1, GATA1,", Some("GATA1")),
            ("GATA1 ", None),
            ("tf:GATA1\t", None),
            ("ADE5,7", Some("ADE5,7")),
            ("*", None),
            ("organism:hu", None),
            ("pmid:279", None),
            ("tf:", None),
            ("(", None),
            ("", None),
        ] {
            assert_eq!(typed_name(query), name, "{query}");
        }
    }
}
