//! The Tantivy schema: one index holds both protein and interaction documents.

use super::list::ListTokenizer;
use tantivy::Index;
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

/// Whole values of a [`super::list::List`], lower-cased: symbols, accessions, ids and
/// names match exactly but without regard to case (GATA1 finds mouse Gata1, never GATA2).
pub const EXACT: &str = "exact";
/// Whole values of a [`super::list::List`] with their case: the exact-case bonus and the
/// facet values as the pages spell them.
pub const CASED: &str = "cased";
/// Words, lower-cased, no stemming: for the words of detection methods (at query time).
pub const WORDS: &str = "words";

/// Handles to every field, resolved once from the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// `interaction` or `protein`.
    pub kind: Field,
    /// Protein documents: the accession, their identity.
    pub key: Field,
    /// Protein documents: the protein's symbols, accession and gene ids. (Interactions'
    /// own are their `tf_terms` and `target_terms`.)
    pub name: Field,
    /// The same symbols with their case, for the exact-case bonus (HIF1A, Hif1a,
    /// hif1a): a protein's own; an interaction's only where no page names the party
    /// (the others are found through the proteins' accessions).
    pub name_cased: Field,
    /// Interactions only: the TF's symbols, accession and gene ids, what `tf:` matches.
    /// (A protein search finds the proteins a TF regulates through the interactions,
    /// by `target_code`: listing every partner's identifiers again in each protein
    /// document made a fifth of a build.)
    pub tf_terms: Field,
    /// Interactions only: the target's identifiers.
    pub target_terms: Field,
    /// Protein documents only: symbols and accession, for search-as-you-type (read into
    /// a sorted table per segment, of proteins only, not of every interaction).
    pub suggest: Field,
    /// Interactions only (a protein search finds a paper's proteins through them).
    pub pubmed: Field,
    /// Protein documents only: the accessions of the orthologs their page lists.
    pub ortholog: Field,
    /// Facets: organism, database, method and function are indexed as the pages spell
    /// them (counted from their postings, [`crate::search`]), curated as a flag.
    pub database: Field,
    /// Whole method names: matched whole in any case (and through synonyms), and by
    /// their words through the names that hold them, scoring those names' idf.
    pub method: Field,
    pub organism: Field,
    pub function: Field,
    pub curated: Field,
    /// Static order among equal scores: evidence for interactions, size for proteins.
    pub rank: Field,
    /// Interactions: the [`super::code`] of the TF's accession, read to find the
    /// proteins regulated by the TFs a query names.
    pub tf_code: Field,
    /// Interactions: the code of the target's accession.
    pub target_code: Field,
    /// Proteins: the code of their own accession, which those codes are looked up by.
    pub code: Field,
    /// Interaction documents: [`crate::model::InteractionSides`]
    /// ([`super::stored`]), from which the hit is merged.
    pub sides: Field,
    /// Protein documents: JSON of [`crate::response::ProteinRecord`] in a fast column,
    /// readable without decompressing the stored page (`page`), which can be 50 KB.
    pub summary: Field,
    /// Protein documents: the whole parsed page ([`super::stored`]), for
    /// `/proteins/{accession}`.
    pub page: Field,
}

/// Indexed with `tokenizer`, without frequencies, positions or fieldnorms: every match
/// scores a constant (a method name's is its idf, from its document frequency), and a
/// fieldnorm is a byte per document and field written for nothing.
fn unscored(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    )
}

/// The schema of a new index; [`fields_of`] resolves its handles.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("kind", unscored("raw"));
    b.add_text_field("key", unscored("raw") | STORED);
    for name in ["name", "tf_terms", "target_terms", "suggest", "pubmed", "ortholog"] {
        b.add_text_field(name, unscored(EXACT));
    }
    // Facets keep their case, as do the names counted under them; queries look values up
    // without regard to case ([`crate::search`]).
    for name in ["name_cased", "database", "method", "organism", "function"] {
        b.add_text_field(name, unscored(CASED));
    }
    b.add_bool_field("curated", INDEXED);
    b.add_u64_field("rank", FAST);
    for name in ["tf_code", "target_code", "code"] {
        b.add_u64_field(name, FAST);
    }
    b.add_text_field("sides", STORED);
    b.add_bytes_field("summary", FAST);
    b.add_text_field("page", STORED);
    b.build()
}

/// Resolves the field handles of an opened index, failing if its schema is not exactly
/// ours (an index written by another version, whose values we would misread).
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    if *schema != build() {
        return Err(tantivy::TantivyError::SchemaError("not the schema of this version".into()));
    }
    let field = |name: &str| schema.get_field(name);
    Ok(Fields {
        kind: field("kind")?,
        key: field("key")?,
        name: field("name")?,
        name_cased: field("name_cased")?,
        tf_terms: field("tf_terms")?,
        target_terms: field("target_terms")?,
        suggest: field("suggest")?,
        pubmed: field("pubmed")?,
        ortholog: field("ortholog")?,
        database: field("database")?,
        method: field("method")?,
        organism: field("organism")?,
        function: field("function")?,
        curated: field("curated")?,
        rank: field("rank")?,
        tf_code: field("tf_code")?,
        target_code: field("target_code")?,
        code: field("code")?,
        sides: field("sides")?,
        summary: field("summary")?,
        page: field("page")?,
    })
}

/// Analyzers are not stored in the index: register them on every `Index` we create or open.
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(EXACT, ListTokenizer::lowercase());
    index.tokenizers().register(CASED, ListTokenizer::cased());
    index.tokenizers().register(WORDS, TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).build());
}
