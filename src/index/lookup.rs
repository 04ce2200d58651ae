//! Reading documents back by identity: shared by incremental updates and the engine.

use super::document::{KIND_INTERACTION, KIND_PROTEIN};
use super::schema::Fields;
use crate::model::{InteractionSides, Party, Protein};
use crate::response::ProteinRecord;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}

/// The protein document of `accession` (upper case), if any.
pub fn protein(searcher: &Searcher, f: &Fields, accession: &str) -> tantivy::Result<Option<DocAddress>> {
    let query =
        BooleanQuery::new(vec![(Occur::Must, term(f.kind, KIND_PROTEIN)), (Occur::Must, term(f.key, accession))]);
    Ok(searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?.first().map(|(_, address)| *address))
}

/// The protein documents whose `field` holds the term `value` (as indexed: the symbol
/// in its case for `name_cased`, lower case for `name` or `ortholog`), in index order.
pub fn proteins_holding(
    searcher: &Searcher,
    f: &Fields,
    field: Field,
    value: &str,
) -> tantivy::Result<Vec<DocAddress>> {
    let query = BooleanQuery::new(vec![(Occur::Must, term(f.kind, KIND_PROTEIN)), (Occur::Must, term(field, value))]);
    let mut found: Vec<DocAddress> = searcher.search(&query, &DocSetCollector)?.into_iter().collect();
    found.sort();
    Ok(found)
}

/// Documents of `kind` (`interaction` or `protein`).
pub fn count(searcher: &Searcher, f: &Fields, kind: &str) -> tantivy::Result<u64> {
    Ok(searcher.search(&*term(f.kind, kind), &Count)? as u64)
}

/// Interactions that name `accession` (upper case) as TF or target. A party's symbol
/// equal to that accession would match too: harmless where this selects what an
/// update deletes and writes back, as long as both use it.
pub fn touching_query(f: &Fields, accession: &str) -> BooleanQuery {
    let lower = accession.to_lowercase();
    let either = BooleanQuery::new(vec![
        (Occur::Should, term(f.tf_terms, &lower)),
        (Occur::Should, term(f.target_terms, &lower)),
    ]);
    BooleanQuery::new(vec![(Occur::Must, term(f.kind, KIND_INTERACTION)), (Occur::Must, Box::new(either))])
}

/// The documents of [`touching_query`].
pub fn touching(searcher: &Searcher, f: &Fields, accession: &str) -> tantivy::Result<Vec<DocAddress>> {
    Ok(searcher.search(&touching_query(f, accession), &DocSetCollector)?.into_iter().collect())
}

/// A stored field of a document ([`super::stored`]), as `T`.
fn stored<T: serde::de::DeserializeOwned>(
    searcher: &Searcher,
    address: DocAddress,
    field: Field,
) -> tantivy::Result<T> {
    let doc: TantivyDocument = searcher.doc(address)?;
    super::stored::decode(doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default()).map_err(corrupt)
}

/// The header of the page of `accession`, rebuilt from its protein document.
pub fn header(searcher: &Searcher, f: &Fields, accession: &str) -> tantivy::Result<Option<Party>> {
    let Some(address) = protein(searcher, f, accession)? else { return Ok(None) };
    let record = summary(searcher, address)?;
    let gene_ids = record.gene_id.map(|ids| ids.split(';').map(String::from).collect()).unwrap_or_default();
    Ok(Some(Party { name: record.name, accession: record.accession, gene_ids }))
}

/// The summary of a protein document, from its fast column.
pub fn summary(searcher: &Searcher, address: DocAddress) -> tantivy::Result<ProteinRecord> {
    let segment = searcher.segment_reader(address.segment_ord);
    let column = segment.fast_fields().bytes("summary")?;
    let mut bytes = Vec::new();
    if let Some(ord) = column.as_ref().and_then(|c| c.term_ords(address.doc_id).next()) {
        column.as_ref().expect("checked").ord_to_bytes(ord, &mut bytes)?;
    }
    serde_json::from_slice(&bytes).map_err(corrupt)
}

/// The sides stored with an interaction document.
pub fn sides(searcher: &Searcher, f: &Fields, address: DocAddress) -> tantivy::Result<InteractionSides> {
    stored(searcher, address, f.sides)
}

/// The parsed page stored with a protein document.
pub fn page(searcher: &Searcher, f: &Fields, address: DocAddress) -> tantivy::Result<Protein> {
    stored(searcher, address, f.page)
}

fn corrupt(e: impl std::fmt::Display) -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError(format!("unreadable stored record: {e}"))
}
