//! Turning domain types into Tantivy documents.

use super::list::List;
use super::schema::Fields;
use super::stored;
use crate::model::{Evidence, InteractionSides, Party, Protein};
use crate::response::ProteinRecord;
use tantivy::TantivyDocument;

/// The `kind` of interaction documents.
pub const KIND_INTERACTION: &str = "interaction";
/// The `kind` of protein documents.
pub const KIND_PROTEIN: &str = "protein";

/// The symbols of a name: the whole name and, for a name that lists several
/// (`HBA1;HBA2`, `calm1a; calm1b`), each of them.
fn symbols(party: &Party) -> impl Iterator<Item = &str> {
    let name = party.name.as_deref();
    let listed = name.filter(|n| n.as_bytes().contains(&b';')).into_iter().flat_map(|n| n.split(';').map(str::trim));
    name.into_iter().chain(listed.filter(|s| !s.is_empty()))
}

/// Every string under which `party` should be found: its accession, its symbols and
/// each of its gene ids.
fn party_terms(party: &Party) -> impl Iterator<Item = &str> {
    std::iter::once(party.accession.as_str()).chain(symbols(party)).chain(party.gene_ids.iter().map(String::as_str))
}

/// Indexes evidence: `lists` are its databases and methods (and PubMed ids, for an
/// interaction), gathered in `list` (an empty one, lent to save allocations).
fn add_evidence<S: AsRef<str>, const N: usize>(
    doc: &mut TantivyDocument,
    f: &Fields,
    list: &mut List,
    lists: [&[S]; N],
    curated: bool,
) {
    for (field, values) in [f.database, f.method, f.pubmed].into_iter().zip(lists) {
        list.extend(values.iter().map(AsRef::as_ref));
        list.add_to(doc, field);
    }
    doc.add_bool(f.curated, curated);
}

/// Adds the code of `accession` ([`super::code`]) to `field`. The parser accepts
/// nothing else, so every accession has one.
fn add_code(doc: &mut TantivyDocument, field: tantivy::schema::Field, accession: &str) {
    if let Some(code) = super::code::encode(accession) {
        doc.add_u64(field, code);
    }
}

/// FNV-1a of the concatenated `parts`: a hash that stays the same across builds and
/// Rust versions, so that equal scores are broken the same way by every index built
/// from the same pages.
fn stable_hash(parts: &[&str]) -> u64 {
    parts
        .iter()
        .flat_map(|p| p.bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Interactions with more evidence first: curated, then databases, then PubMed ids;
/// the low bits only make the order total.
fn interaction_rank(evidence: &Evidence, key: &[&str]) -> u64 {
    let databases = evidence.databases.len().min(0xFF) as u64;
    let pubmed = evidence.pubmed.len().min(0xFFFF) as u64;
    (u64::from(evidence.curated) << 63) | (databases << 55) | (pubmed << 39) | (stable_hash(key) >> 25)
}

fn protein_rank(protein: &Protein) -> u64 {
    (protein.interactions.min(u32::MAX as u64) << 31) | (stable_hash(&[&protein.party.accession]) >> 33)
}

/// The document of an interaction, or `None` when no page lists it any more.
///
/// Its parties' identifiers are indexed once, by role: an interaction's own names are
/// `tf_terms` ∪ `target_terms`, which queries use in place of `name`, and which also
/// find the interactions a page touches. No `key` either: millions of one-off terms
/// cost a build more than anything else per document.
pub fn interaction(f: &Fields, sides: InteractionSides) -> Option<TantivyDocument> {
    let stored = stored::encode(&sides);
    // A party is shown as its own page names it, but stays findable under the name the
    // other page lists it by.
    let [renamed_tf, renamed_target] = sides.renamed_partners().map(|p| p.cloned());
    let named_by_page = [&sides.tf_header, &sides.target_header].map(|h| h.as_ref().is_some_and(|h| h.name.is_some()));
    let interaction = sides.merge()?;
    let mut doc = TantivyDocument::new();
    doc.add_text(f.kind, KIND_INTERACTION);
    let parties = [(&interaction.tf, &renamed_tf, f.tf_terms), (&interaction.target, &renamed_target, f.target_terms)];
    let mut list = List::default();
    for &(party, renamed, role) in &parties {
        list.extend(std::iter::once(party).chain(renamed).flat_map(party_terms));
        list.add_to(&mut doc, role);
    }
    // Symbols with case only where no page names the party: a symbol its own page gives
    // is found through that page's protein document, at query time
    // ([`crate::search`]). Two one-off terms per interaction cost a build 4%.
    for (&(party, renamed, _), named) in parties.iter().zip(named_by_page) {
        list.extend((!named).then_some(party).into_iter().chain(renamed).flat_map(symbols));
    }
    list.add_to(&mut doc, f.name_cased);
    doc.add_text(f.organism, &interaction.organism);
    let evidence = &interaction.evidence;
    let lists = [&evidence.databases[..], &evidence.methods, &evidence.pubmed];
    add_evidence(&mut doc, f, &mut list, lists, evidence.curated);
    // The key's parts, as `interaction_key` joins them.
    let key = [&interaction.organism, "|", &interaction.tf.accession, "|", &interaction.target.accession];
    doc.add_u64(f.rank, interaction_rank(&interaction.evidence, &key));
    add_code(&mut doc, f.tf_code, &interaction.tf.accession);
    add_code(&mut doc, f.target_code, &interaction.target.accession);
    doc.add_text(f.sides, stored);
    Some(doc)
}

/// The document of a protein's page: its own identifiers, and its rows' databases,
/// methods and curation (the rest of its rows is found through the interactions).
pub fn protein(f: &Fields, protein: &Protein) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(f.kind, KIND_PROTEIN);
    doc.add_text(f.key, &protein.party.accession);
    let mut list = List::default();
    list.extend(party_terms(&protein.party));
    list.add_to(&mut doc, f.name);
    list.extend(symbols(&protein.party));
    list.add_to(&mut doc, f.name_cased);
    list.extend(std::iter::once(protein.party.accession.as_str()).chain(symbols(&protein.party)));
    list.add_to(&mut doc, f.suggest);
    list.extend(crate::model::ortholog_accessions(&protein.orthologs));
    list.add_to(&mut doc, f.ortholog);
    doc.add_text(f.organism, &protein.organism);
    if let Some(function) = &protein.function {
        doc.add_text(f.function, function);
    }
    let summary = protein.evidence_summary();
    add_evidence(&mut doc, f, &mut list, [&summary.databases[..], &summary.methods], summary.curated);
    doc.add_u64(f.rank, protein_rank(protein));
    add_code(&mut doc, f.code, &protein.party.accession);
    let record = serde_json::to_vec(&ProteinRecord::new(protein, &summary)).expect("records serialize");
    doc.add_bytes(f.summary, &record);
    doc.add_text(f.page, stored::encode(protein));
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_evidence_ranks_higher_whatever_the_key() {
        let ev = |dbs: usize, pmids: usize, curated| Evidence {
            databases: (0..dbs).map(|i| i.to_string()).collect(),
            methods: vec![],
            pubmed: (0..pmids).map(|i| i.to_string()).collect(),
            curated,
        };
        assert!(interaction_rank(&ev(1, 1, true), &["a"]) > interaction_rank(&ev(9, 99, false), &["b"]));
        assert!(interaction_rank(&ev(3, 1, false), &["a"]) > interaction_rank(&ev(2, 99, false), &["b"]));
        assert!(interaction_rank(&ev(2, 5, false), &["a"]) > interaction_rank(&ev(2, 4, false), &["b"]));
        assert_ne!(interaction_rank(&ev(1, 1, false), &["a"]), interaction_rank(&ev(1, 1, false), &["b"]));
    }

    #[test]
    fn listed_symbols_and_ids_are_each_searchable() {
        let party = Party {
            name: Some("HBA1;HBA2".into()),
            accession: "D1MGQ2".into(),
            gene_ids: vec!["3039".into(), "3040".into()],
        };
        let terms: Vec<&str> = party_terms(&party).collect();
        assert_eq!(terms, ["D1MGQ2", "HBA1;HBA2", "HBA1", "HBA2", "3039", "3040"]);
    }
}
