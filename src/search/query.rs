//! From query text to a Tantivy query.
//!
//! Every whitespace-separated term must match (AND). A term matches whole, lower-cased
//! symbols, accessions, gene ids, PubMed ids and database names, whole method names
//! through [`Synonyms`], and words of method names. Each term scores the boost of the
//! best field it matched, so an exact symbol outranks a database or method match.

use super::synonyms::Synonyms;
use crate::index::schema::Fields;
use crate::response::Kind;
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

/// Score of a term matching the document's own symbol, accession or gene id.
pub const BOOST_NAME: f32 = 10.0;
/// ... a PubMed id.
pub const BOOST_PUBMED: f32 = 4.0;
/// ... the symbol or accession of a protein's regulator or target.
pub const BOOST_RELATED: f32 = 3.0;
/// ... a database name, or a method through a synonym.
pub const BOOST_EVIDENCE: f32 = 2.0;
/// ... a word of a method name.
pub const BOOST_WORD: f32 = 1.0;

/// The terms of a query: whitespace-separated, empty for an empty query.
pub fn terms(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn exact(field: Field, value: &str, boost: f32) -> Box<dyn Query> {
    let term = TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic);
    Box::new(ConstScoreQuery::new(Box::new(term), boost))
}

/// The query for one term: the best of every way it can match.
fn term_query(f: &Fields, term: &str, synonyms: &Synonyms, words: &mut TextAnalyzer) -> Box<dyn Query> {
    let lower = term.to_lowercase();
    let mut ways = vec![
        exact(f.name, &lower, BOOST_NAME),
        exact(f.pubmed, &lower, BOOST_PUBMED),
        exact(f.related, &lower, BOOST_RELATED),
        exact(f.database, &lower, BOOST_EVIDENCE),
        exact(f.method, &lower, BOOST_EVIDENCE),
    ];
    ways.extend(synonyms.methods(&lower).iter().map(|method| exact(f.method, method, BOOST_EVIDENCE)));
    let mut tokens = Vec::new();
    words.token_stream(term).process(&mut |t| tokens.push(Term::from_field_text(f.method_words, &t.text)));
    let word_query: Option<Box<dyn Query>> = match tokens.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(tokens.remove(0), IndexRecordOption::Basic))),
        _ => Some(Box::new(PhraseQuery::new(tokens))),
    };
    ways.extend(word_query.map(|q| Box::new(ConstScoreQuery::new(q, BOOST_WORD)) as Box<dyn Query>));
    Box::new(DisjunctionMaxQuery::new(ways))
}

/// Every document of `kind`, all scoring 0.
pub fn build_kind(f: &Fields, kind: Kind) -> Box<dyn Query> {
    exact(f.kind, kind.as_str(), 0.0)
}

/// Documents of `kind` matching every term of `text`.
pub fn build(f: &Fields, kind: Kind, text: &str, synonyms: &Synonyms, words: &mut TextAnalyzer) -> Box<dyn Query> {
    let mut clauses = vec![(Occur::Must, build_kind(f, kind))];
    clauses.extend(terms(text).into_iter().map(|t| (Occur::Must, term_query(f, t, synonyms, words))));
    Box::new(BooleanQuery::new(clauses))
}

/// Proteins with a name, accession or gene id starting with `word` (any case); those
/// equal to it score higher.
pub fn prefix(f: &Fields, word: &str) -> Box<dyn Query> {
    let lower = word.to_lowercase();
    let starts_with = FuzzyTermQuery::new_prefix(Term::from_field_text(f.name, &lower), 0, true);
    let name = DisjunctionMaxQuery::new(vec![
        exact(f.name, &lower, 2.0),
        Box::new(ConstScoreQuery::new(Box::new(starts_with), 1.0)),
    ]);
    Box::new(BooleanQuery::new(vec![(Occur::Must, build_kind(f, Kind::Protein)), (Occur::Must, Box::new(name))]))
}
