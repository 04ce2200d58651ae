//! From a parsed query to a Tantivy query.
//!
//! A word matches whole, lower-cased symbols, accessions, gene ids, PubMed ids and
//! database names, whole method names through [`Synonyms`], and (weakly) words of
//! method names. A word that is an alias of a protein (`p53`, `PU.1`) also matches the
//! official symbols it stands for. Each word scores the boost of the best way it
//! matched, so an exact symbol outranks an alias and a synonym, and a synonym outranks
//! free text; a symbol typed in its exact case (Hif1a, not HIF1A) earns a little more.
//!
//! Scopes that are also facets (`organism:`, `database:`, `curated:`), and free words
//! naming an organism (`human`, `fruit fly`), become that facet's filter when they stand
//! alone at the top level of the query and the request does not filter that facet
//! itself: the results and facet counts are then exactly those of the parameter.
//! Several organisms so named filter together (`human mouse`), as the parameter
//! repeated: a document has one organism.

use super::SearchError;
use super::collect::Filters;
use super::facets::FacetCache;
use super::names::{IndexNames, organisms, tokens};
use super::parse::{Node, Scope};
use super::partners::{self, Role};
use super::plan::Plan;
use super::synonyms::{SynonymKind, Synonyms};
use crate::index::lookup;
use crate::index::schema::Fields;
use crate::model::ortholog_accessions;
use crate::response::{Kind, ProteinRecord};
use std::collections::BTreeSet;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

/// Score of a term matching the document's own symbol, accession or gene id.
pub const BOOST_NAME: f32 = 10.0;
/// ... a symbol the term is an alias of (`p53` → TP53): below the symbol typed itself.
pub const BOOST_ALIAS: f32 = 8.0;
/// Added when the symbol also matches in the exact case typed.
pub const BOOST_CASE: f32 = 1.0;
/// ... a PubMed id.
pub const BOOST_PUBMED: f32 = 4.0;
/// ... the symbol or accession of a protein's regulator or target.
pub const BOOST_RELATED: f32 = 3.0;
/// ... a database name, a species, or a method through a synonym.
pub const BOOST_EVIDENCE: f32 = 2.0;
/// Weight of the BM25 score of the method names a free word finds: small enough that free text
/// stays below every exact match.
pub const BM25_WEIGHT: f32 = 0.02;

/// A compiled query and the facet filters lifted out of it.
pub struct Compiled {
    pub plan: Plan,
    pub lifted: Filters,
}

/// Compiles parsed queries for one search.
pub struct Compiler<'a> {
    pub fields: &'a Fields,
    pub kind: Kind,
    pub synonyms: &'a Synonyms,
    pub words: TextAnalyzer,
    pub searcher: &'a Searcher,
    pub names: &'a IndexNames,
    /// Per segment, the protein summaries and protein documents by accession code
    /// (the engine's `FacetCache` keeps them).
    pub facets: &'a FacetCache,
    /// Proteins found through interactions by earlier queries.
    pub found: &'a partners::Found,
}

/// Documents whose `field` holds `value` exactly, scoring `boost`; `what` names the
/// field in explanations.
fn exact(field: Field, value: &str, boost: f32, what: &str) -> Plan {
    Plan::Term { term: Term::from_field_text(field, value), boost, label: label(what, value) }
}

/// Documents whose facet `field` holds `value` in any case, scoring `boost`.
fn facet(names: &IndexNames, field: Field, value: &str, boost: f32, what: &str) -> Plan {
    match names.spellings(field, value) {
        // A term no document holds, left out like any other.
        [] => exact(field, value, boost, what),
        spellings => Plan::max(spellings.iter().map(|spelled| exact(field, spelled, boost, what)).collect()),
    }
}

/// Documents with a term of `field` starting with `stem` (lower case), scoring `boost`.
fn starting_with(field: Field, stem: &str, boost: f32, what: &str) -> Plan {
    Plan::Prefix { field, stem: stem.to_string(), boost, label: format!("{what} starting with {stem:?}") }
}

fn label(what: &str, value: &str) -> String {
    format!("{what} {value:?}")
}

/// Every document of `kind`, all scoring 0.
pub fn of_kind(f: &Fields, kind: Kind) -> Plan {
    exact(f.kind, kind.as_str(), 0.0, "kind")
}

/// A facet value a top-level part of the query can stand for.
enum Facet {
    Organism(Vec<String>),
    Database(Vec<String>),
    Method(Vec<String>),
    Function(Vec<String>),
    Curated(bool),
}

impl Compiler<'_> {
    /// The best of `ways`. Ways with a term that occurs in no document cannot match and
    /// are left out: a word is tried in a dozen fields, and a union of scorers that
    /// mostly match nothing still costs time on every document of those that do.
    fn any_of(&self, ways: Vec<Plan>) -> Result<Plan, SearchError> {
        let mut possible = Vec::with_capacity(ways.len());
        for way in ways {
            let mut terms = Vec::new();
            way.for_each_term(&mut |term| terms.push(term.clone()));
            let mut matches = true;
            for term in &terms {
                if self.searcher.doc_freq(term)? == 0 {
                    matches = false;
                    break;
                }
            }
            if matches {
                possible.push(way);
            }
        }
        Ok(Plan::max(possible))
    }

    /// Documents of the compiler's kind matching `node`, with liftable facet scopes
    /// moved into filters where `explicit` leaves that facet free.
    pub fn compile(&mut self, node: Node, explicit: &Filters) -> Result<Compiled, SearchError> {
        let node = self.group_synonym_runs(node);
        let mut parts = match node {
            Node::And(parts) => parts,
            other => vec![other],
        };
        let mut lifted = Filters::default();
        let mut facets: Vec<Option<Facet>> = Vec::with_capacity(parts.len());
        for part in &parts {
            facets.push(self.facet_of(part)?);
        }
        let count = |pick: fn(&Facet) -> bool| facets.iter().flatten().filter(|f| pick(f)).count();
        // A document has one organism, so organisms named twice (`human mouse`,
        // `organism:human organism:mouse`) could only match nothing if ANDed: they
        // filter together, as the parameter repeated does; so do a protein's roles.
        // Databases and methods AND (a document can have both): they are lifted only
        // when one is named.
        let lift_organism = explicit.organism.is_empty() && count(|f| matches!(f, Facet::Organism(_))) >= 1;
        let lift_function = explicit.function.is_empty() && count(|f| matches!(f, Facet::Function(_))) >= 1;
        let lift_database = explicit.database.is_empty() && count(|f| matches!(f, Facet::Database(_))) == 1;
        let lift_method = explicit.method.is_empty() && count(|f| matches!(f, Facet::Method(_))) == 1;
        let lift_curated = explicit.curated.is_none() && count(|f| matches!(f, Facet::Curated(_))) == 1;
        let mut kept = Vec::new();
        for (part, facet) in parts.drain(..).zip(facets) {
            match facet {
                Some(Facet::Organism(values)) if lift_organism => lifted.organism.extend(values),
                Some(Facet::Function(values)) if lift_function => lifted.function.extend(values),
                Some(Facet::Database(values)) if lift_database => lifted.database = values,
                Some(Facet::Method(values)) if lift_method => lifted.method = values,
                Some(Facet::Curated(value)) if lift_curated => lifted.curated = Some(value),
                _ => kept.push(part),
            }
        }
        let mut seen = BTreeSet::new();
        lifted.organism.retain(|organism| seen.insert(organism.clone()));
        lifted.function.retain(|function| seen.insert(function.clone()));
        let (mut must, mut not) = (vec![of_kind(self.fields, self.kind)], Vec::new());
        for part in kept {
            match part {
                Node::Not(inner) => not.push(self.node(*inner)?),
                other => must.push(self.node(other)?),
            }
        }
        Ok(Compiled { plan: Plan::All { must, not }, lifted })
    }

    /// Joins runs of words that together form a multi-word synonym (`gel shift`,
    /// `fruit fly`, `H. sapiens`) into a phrase.
    fn group_synonym_runs(&self, node: Node) -> Node {
        match node {
            Node::And(parts) => {
                let mut grouped = Vec::new();
                let mut i = 0;
                while i < parts.len() {
                    let run = parts[i..].iter().take_while(|p| matches!(p, Node::Word(_))).count();
                    let longest = (2..=run.min(self.synonyms.longest())).rev().find(|&n| {
                        let words: Vec<&str> = parts[i..i + n]
                            .iter()
                            .map(|p| if let Node::Word(w) = p { w.as_str() } else { "" })
                            .collect();
                        self.synonyms.is_term(&words.join(" "))
                    });
                    if let Some(n) = longest {
                        let words: Vec<String> = parts[i..i + n]
                            .iter()
                            .map(|p| if let Node::Word(w) = p { w.clone() } else { String::new() })
                            .collect();
                        grouped.push(Node::Phrase(words.join(" ")));
                        i += n;
                    } else {
                        grouped.push(self.group_synonym_runs(parts[i].clone()));
                        i += 1;
                    }
                }
                if grouped.len() == 1 { grouped.remove(0) } else { Node::And(grouped) }
            }
            Node::Or(parts) => Node::Or(parts.into_iter().map(|p| self.group_synonym_runs(p)).collect()),
            Node::Not(inner) => Node::Not(Box::new(self.group_synonym_runs(*inner))),
            other => other,
        }
    }

    /// The facet value a top-level part stands for, if any.
    fn facet_of(&mut self, part: &Node) -> Result<Option<Facet>, SearchError> {
        Ok(match part {
            Node::Scoped(Scope::Organism, value) => Some(Facet::Organism(self.organisms(value))),
            Node::Word(word) | Node::Phrase(word) => {
                let species = self.synonyms.get(SynonymKind::Organism, word);
                // A role (`transcription factors`) is a protein's: an interaction has none.
                let roles = match self.kind {
                    Kind::Protein => self.synonyms.get(SynonymKind::Function, word),
                    Kind::Interaction => &[],
                };
                if !species.is_empty() {
                    Some(Facet::Organism(species.to_vec()))
                } else if !roles.is_empty() {
                    Some(Facet::Function(roles.to_vec()))
                } else {
                    self.synonyms.flag(word).map(Facet::Curated)
                }
            }
            Node::Scoped(Scope::Database, value) => Some(Facet::Database(self.databases(value))),
            Node::Scoped(Scope::Method, value) => {
                let wanted = tokens(&mut self.words, value);
                Some(Facet::Method(self.names.methods(self.synonyms, self.fields.method, value, &wanted)))
            }
            Node::Scoped(Scope::Curated, value) => Some(Facet::Curated(curated(value)?)),
            // `organism:(human OR mouse)`: several values of one facet, as the parameter
            // repeated.
            Node::Or(parts) => {
                let mut union: Option<Facet> = None;
                for part in parts {
                    union = match (union, self.facet_of(part)?) {
                        (None, Some(facet @ (Facet::Organism(_) | Facet::Database(_) | Facet::Method(_)))) => {
                            Some(facet)
                        }
                        (Some(Facet::Organism(all)), Some(Facet::Organism(more))) => {
                            Some(Facet::Organism([all, more].concat()))
                        }
                        (Some(Facet::Database(all)), Some(Facet::Database(more))) => {
                            Some(Facet::Database([all, more].concat()))
                        }
                        (Some(Facet::Method(all)), Some(Facet::Method(more))) => {
                            Some(Facet::Method([all, more].concat()))
                        }
                        _ => return Ok(None),
                    };
                }
                union
            }
            _ => None,
        })
    }

    fn organisms(&self, value: &str) -> Vec<String> {
        organisms(self.synonyms, value)
    }

    fn databases(&self, value: &str) -> Vec<String> {
        self.names.databases(self.synonyms, self.fields.database, value)
    }

    fn alias_names(&self, alias: &str) -> Vec<String> {
        self.names.alias_names(self.fields.database, alias)
    }

    fn node(&mut self, node: Node) -> Result<Plan, SearchError> {
        Ok(match node {
            Node::Word(word) => self.word(&word)?,
            Node::Phrase(phrase) => self.phrase(&phrase)?,
            Node::Scoped(scope, value) => self.scoped(scope, &value)?,
            Node::Prefix(scope, stem) => self.prefix(scope, &stem)?,
            Node::And(parts) => {
                let (mut must, mut not) = (Vec::new(), Vec::new());
                for part in parts {
                    match part {
                        Node::Not(inner) => not.push(self.node(*inner)?),
                        other => must.push(self.node(other)?),
                    }
                }
                if must.is_empty() {
                    must.push(of_kind(self.fields, self.kind));
                }
                Plan::All { must, not }
            }
            Node::Or(parts) => Plan::Any(parts.into_iter().map(|part| self.node(part)).collect::<Result<_, _>>()?),
            Node::Not(inner) => {
                Plan::All { must: vec![of_kind(self.fields, self.kind)], not: vec![self.node(*inner)?] }
            }
        })
    }

    /// Method names holding the words of `text` in a row, each scoring its BM25 weight
    /// below every exact match; a document listing several scores their sum.
    ///
    /// A document lists a method name once (term frequency 1), and the number of names
    /// it lists says nothing of how well one matches, so BM25 here is its idf alone
    /// (no length normalisation, `b = 0`): a constant per name, which lets a broad word
    /// (`chromatin`) be answered from bitsets like any term rather than scored document
    /// by document.
    ///
    /// Words are matched here, against the few dozen names in the index, rather than
    /// indexed: a word field cost a build a fifth of its postings, and a phrase now
    /// needs no positions.
    fn method_words(&mut self, text: &str) -> Result<Option<Plan>, SearchError> {
        let wanted = tokens(&mut self.words, text);
        if wanted.is_empty() {
            return Ok(None);
        }
        // Deleted documents count until merged, in the term's frequency as here (as
        // Tantivy's BM25 counts them): the idf stays positive.
        let documents = self.searcher.segment_readers().iter().map(|s| s.max_doc() as f32).sum::<f32>();
        let what = format!("method name holding {text:?} (BM25 idf)");
        let mut named = Vec::new();
        for name in self.names.holding(&wanted) {
            let term = Term::from_field_text(self.fields.method, name);
            let holding = self.searcher.doc_freq(&term)? as f32;
            let idf = (1.0 + (documents - holding + 0.5) / (holding + 0.5)).ln();
            // In 1/1024ths, which add up exactly in any order: the bitsets and Tantivy's
            // scorers sum a document's parts in different orders, and must agree.
            let boost = (BM25_WEIGHT * idf * 1024.0).round() / 1024.0;
            named.push(Plan::Term { term, boost, label: label(&what, name) });
        }
        Ok((!named.is_empty()).then_some(Plan::Any(named)))
    }

    /// Ways a word or phrase matches evidence: database names and aliases, species,
    /// methods (whole, through synonyms, or by their words).
    fn evidence_ways(&mut self, text: &str, ways: &mut Vec<Plan>) -> Result<(), SearchError> {
        let f = self.fields;
        ways.push(facet(self.names, f.database, text, BOOST_EVIDENCE, "database"));
        ways.push(facet(self.names, f.method, text, BOOST_EVIDENCE, "method"));
        for alias in self.synonyms.get(SynonymKind::Database, text) {
            ways.push(self.database_alias(alias));
        }
        for method in self.synonyms.get(SynonymKind::Method, text) {
            ways.push(facet(self.names, f.method, method, BOOST_EVIDENCE, "method (synonym)"));
        }
        for species in self.synonyms.get(SynonymKind::Organism, text) {
            ways.push(facet(self.names, f.organism, species, BOOST_EVIDENCE, "species (synonym)"));
        }
        if let Some(flag) = self.synonyms.flag(text) {
            let term = Term::from_field_bool(f.curated, flag);
            ways.push(Plan::Term { term, boost: 0.0, label: label("curation flag (synonym)", text) });
        }
        ways.extend(self.method_words(text)?);
        Ok(())
    }

    /// A database alias: a name, or a `*` pattern over the names in the index.
    fn database_alias(&self, alias: &str) -> Plan {
        let names = self.alias_names(alias);
        let ways = names.iter().map(|d| facet(self.names, self.fields.database, d, BOOST_EVIDENCE, "database (alias)"));
        Plan::max(ways.collect())
    }

    /// The fields of a document's own protein(s): a protein's `name`, either party of an
    /// interaction.
    fn own_fields(&self) -> Vec<Field> {
        let f = self.fields;
        match self.kind {
            Kind::Protein => vec![f.name],
            Kind::Interaction => vec![f.tf_terms, f.target_terms],
        }
    }

    /// Ways `value` (lower case) names a document's own protein(s).
    fn own_names(&self, value: &str, what: &str) -> Vec<Plan> {
        self.own_fields().into_iter().map(|field| exact(field, value, BOOST_NAME, what)).collect()
    }

    /// `of`, a plan over interactions (naming a party or citing a paper), for the
    /// documents searched: itself in an interaction search; in a protein search, the
    /// `roles` parties of the interactions it matches, scoring and labelled as `of`.
    fn parties(&self, of: Plan, roles: &[Role]) -> Result<Plan, SearchError> {
        let (Kind::Protein, Plan::Term { boost, label, .. } | Plan::Prefix { boost, label, .. }) = (self.kind, &of)
        else {
            return Ok(of);
        };
        let docs = self.found.proteins(self.searcher, self.facets, &of, roles)?;
        if docs.is_empty() {
            return Ok(Plan::Nothing);
        }
        Ok(Plan::Documents { docs, boost: *boost, label: label.clone() })
    }

    /// `of`, a plan over the interactions' TFs: in a protein search, the proteins they
    /// regulate (what `tf:` means there).
    fn regulated_by(&self, of: Plan) -> Result<Plan, SearchError> {
        self.parties(of, &[Role::Target])
    }

    /// `of`, a plan over the interactions' targets: in a protein search, the proteins
    /// regulating them (what `target:` means there).
    fn regulating(&self, of: Plan) -> Result<Plan, SearchError> {
        self.parties(of, &[Role::Tf])
    }

    /// `stem*`: identifiers starting with `stem` where the word or scope would look
    /// for them whole (a word in a protein search also finds its regulators' and
    /// targets'). Every match scores alike; evidence breaks the ties.
    fn prefix(&self, scope: Option<Scope>, stem: &str) -> Result<Plan, SearchError> {
        let f = self.fields;
        let lower = stem.to_lowercase();
        let own = |what: &str| {
            self.own_fields().into_iter().map(|field| starting_with(field, &lower, BOOST_NAME, what)).collect()
        };
        let ways = match scope {
            None if self.kind == Kind::Protein => {
                let mut ways: Vec<Plan> = own("symbol, accession or gene id");
                ways.push(self.regulated_by(starting_with(f.tf_terms, &lower, BOOST_RELATED, "regulated by"))?);
                ways.push(self.regulating(starting_with(f.target_terms, &lower, BOOST_RELATED, "regulates"))?);
                ways
            }
            None | Some(Scope::Protein | Scope::Accession) => own("symbol, accession or gene id"),
            Some(Scope::Tf) => vec![self.regulated_by(starting_with(f.tf_terms, &lower, BOOST_NAME, "tf:"))?],
            Some(Scope::Target) => {
                vec![self.regulating(starting_with(f.target_terms, &lower, BOOST_NAME, "target:"))?]
            }
            // The parser refuses prefixes of other scopes.
            Some(_) => Vec::new(),
        };
        Ok(Plan::max(ways))
    }

    /// Ways `text` names a document's own protein by its symbol in the case typed: a
    /// protein directly; an interaction directly where no page names that protein, and
    /// otherwise through the accessions of the proteins so spelled (an interaction's
    /// symbols with case are only indexed where no protein document has them).
    fn exact_case(&self, text: &str) -> Result<Vec<Plan>, SearchError> {
        let f = self.fields;
        let way = |field, term: &str| Plan::Term {
            term: Term::from_field_text(field, term),
            boost: BOOST_NAME + BOOST_CASE,
            label: label("symbol in the exact case typed", text),
        };
        Ok(match self.kind {
            Kind::Protein => vec![way(f.name_cased, text)],
            Kind::Interaction => {
                let accessions = self.spelled(text)?;
                let lower = accessions.iter().map(|a| a.to_lowercase());
                let by_page = lower.flat_map(|a| [way(f.tf_terms, &a), way(f.target_terms, &a)]);
                std::iter::once(way(f.name_cased, text)).chain(by_page).collect()
            }
        })
    }

    /// The accessions of the proteins with the symbol `text`, in its case.
    fn spelled(&self, text: &str) -> Result<Vec<String>, SearchError> {
        let records = self.proteins_holding(self.fields.name_cased, text)?;
        Ok(records.into_iter().map(|record| record.accession).collect())
    }

    /// The summaries of the protein documents whose `field` holds the term `value`.
    fn proteins_holding(&self, field: Field, value: &str) -> Result<Vec<ProteinRecord>, SearchError> {
        let mut records = Vec::new();
        for address in lookup::proteins_holding(self.searcher, self.fields, field, value)? {
            let segment = self.searcher.segment_reader(address.segment_ord);
            // A server holds every summary in memory; a one-off query reads only these.
            records.push(match self.facets.get(segment)?.loaded_summaries() {
                Some(summaries) => summaries.get(address.doc_id)?,
                None => lookup::summary(self.searcher, address)?,
            });
        }
        Ok(records)
    }

    /// `ortholog:value`: the proteins orthologous to any `value` names (an accession, or
    /// the symbol or gene id of proteins with a page), in either direction: those whose
    /// page lists one of them as an ortholog, and those their own pages list.
    /// Their documents in a protein search; in an interaction search, the interactions
    /// they take part in, which also reaches orthologs without a page of their own.
    fn orthologs(&self, value: &str) -> Result<Plan, SearchError> {
        let f = self.fields;
        let mut named = self.proteins_holding(f.name, &value.to_lowercase())?;
        for symbol in self.aliased(value) {
            named.extend(self.proteins_holding(f.name, &symbol.to_lowercase())?);
        }
        let mut of: BTreeSet<String> = named.iter().map(|p| p.accession.clone()).collect();
        if crate::page::row::is_accession(value) {
            of.insert(value.to_uppercase());
        }
        let mut orthologs: BTreeSet<String> = BTreeSet::new();
        orthologs.extend(named.iter().flat_map(|p| ortholog_accessions(&p.orthologs)).map(String::from));
        for accession in &of {
            let listing = self.proteins_holding(f.ortholog, &accession.to_lowercase())?;
            orthologs.extend(listing.into_iter().map(|p| p.accession));
        }
        // Not reflexive: a protein is found only if it lists, or is listed by, another.
        let what = format!("ortholog of {value:?}:");
        let ways = orthologs.iter().flat_map(|accession| {
            let way = |field, term: &str| Plan::Term {
                term: Term::from_field_text(field, term),
                boost: BOOST_NAME,
                label: label(&what, accession),
            };
            match self.kind {
                Kind::Protein => vec![way(f.key, accession)],
                Kind::Interaction => {
                    let lower = accession.to_lowercase();
                    vec![way(f.tf_terms, &lower), way(f.target_terms, &lower)]
                }
            }
        });
        self.any_of(ways.collect())
    }

    fn word(&mut self, word: &str) -> Result<Plan, SearchError> {
        let f = self.fields;
        let lower = word.to_lowercase();
        let mut ways = self.exact_case(word)?;
        ways.extend(self.own_names(&lower, "symbol, accession or gene id"));
        ways.push(self.parties(exact(f.pubmed, &lower, BOOST_PUBMED, "PubMed id"), &[Role::Tf, Role::Target])?);
        if self.kind == Kind::Protein {
            ways.push(self.regulated_by(exact(f.tf_terms, &lower, BOOST_RELATED, "regulated by"))?);
            ways.push(self.regulating(exact(f.target_terms, &lower, BOOST_RELATED, "regulates"))?);
        }
        self.alias_ways(word, &mut ways)?;
        self.evidence_ways(word, &mut ways)?;
        self.any_of(ways)
    }

    /// The official symbols `text` is an alias of (`p53`: TP53, Trp53), if any.
    fn aliased(&self, text: &str) -> &[String] {
        self.synonyms.get(SynonymKind::Symbol, text)
    }

    /// Documents whose `field` holds one of `symbols`, which `text` is an alias of,
    /// scoring `boost`; `what` names the field in explanations.
    fn aliases(&self, field: Field, symbols: &[String], text: &str, boost: f32, what: &str) -> Vec<Plan> {
        let plan = |symbol: &String| Plan::Term {
            term: Term::from_field_text(field, &symbol.to_lowercase()),
            boost,
            label: format!("{what} {symbol:?} (alias {text:?})"),
        };
        symbols.iter().map(plan).collect()
    }

    /// Ways `text`, an alias of `symbols`, names a document's own protein.
    fn own_aliases(&self, symbols: &[String], text: &str) -> Vec<Plan> {
        let own = self.own_fields().into_iter();
        own.flat_map(|field| self.aliases(field, symbols, text, BOOST_ALIAS, "symbol")).collect()
    }

    /// Ways `text`, an alias, matches as the symbols it stands for would, a little lower:
    /// a document's own protein and, in a protein search, its regulators and targets.
    fn alias_ways(&self, text: &str, ways: &mut Vec<Plan>) -> Result<(), SearchError> {
        let f = self.fields;
        let symbols = self.aliased(text);
        if symbols.is_empty() {
            return Ok(());
        }
        ways.extend(self.own_aliases(symbols, text));
        if self.kind == Kind::Protein {
            for by in self.aliases(f.tf_terms, symbols, text, BOOST_RELATED, "regulated by") {
                ways.push(self.regulated_by(by)?);
            }
            for of in self.aliases(f.target_terms, symbols, text, BOOST_RELATED, "regulates") {
                ways.push(self.regulating(of)?);
            }
        }
        Ok(())
    }

    /// `tf:value` or `target:value` (`field`, named `what`): the value itself, or the
    /// symbols it is an alias of, a little lower; `parties` turns each into the documents
    /// searched (the proteins regulated, or regulating, in a protein search).
    fn party_scope(
        &self,
        field: Field,
        value: &str,
        what: &str,
        parties: fn(&Self, Plan) -> Result<Plan, SearchError>,
    ) -> Result<Plan, SearchError> {
        let named = std::iter::once(exact(field, &value.to_lowercase(), BOOST_NAME, what));
        let aliased = self.aliases(field, self.aliased(value), value, BOOST_ALIAS, what);
        let ways = named.chain(aliased).map(|of| parties(self, of));
        self.any_of(ways.collect::<Result<_, _>>()?)
    }

    fn phrase(&mut self, phrase: &str) -> Result<Plan, SearchError> {
        let f = self.fields;
        let mut ways = self.exact_case(phrase)?;
        ways.extend(self.own_names(&phrase.to_lowercase(), "symbol"));
        self.alias_ways(phrase, &mut ways)?;
        ways.push(facet(self.names, f.organism, phrase, BOOST_EVIDENCE, "species"));
        self.evidence_ways(phrase, &mut ways)?;
        self.any_of(ways)
    }

    fn scoped(&mut self, scope: Scope, value: &str) -> Result<Plan, SearchError> {
        let f = self.fields;
        let lower = value.to_lowercase();
        Ok(match scope {
            Scope::Tf => self.party_scope(f.tf_terms, value, "tf:", Self::regulated_by)?,
            Scope::Target => self.party_scope(f.target_terms, value, "target:", Self::regulating)?,
            Scope::Protein => {
                let mut ways = self.exact_case(value)?;
                ways.extend(self.own_names(&lower, "symbol, accession or gene id"));
                ways.extend(self.own_aliases(self.aliased(value), value));
                self.any_of(ways)?
            }
            Scope::Accession | Scope::Gene => self.any_of(self.own_names(&lower, "symbol, accession or gene id"))?,
            Scope::Pmid => {
                self.parties(exact(f.pubmed, &lower, BOOST_PUBMED, "PubMed id"), &[Role::Tf, Role::Target])?
            }
            Scope::Organism => self.any_of(
                self.organisms(value)
                    .iter()
                    .map(|s| facet(self.names, f.organism, s, BOOST_EVIDENCE, "organism:"))
                    .collect(),
            )?,
            Scope::Database => self.any_of(
                self.databases(value)
                    .iter()
                    .map(|d| facet(self.names, f.database, d, BOOST_EVIDENCE, "database:"))
                    .collect(),
            )?,
            Scope::Method => {
                let mut ways = vec![facet(self.names, f.method, value, BOOST_EVIDENCE, "method")];
                for method in self.synonyms.get(SynonymKind::Method, value) {
                    ways.push(facet(self.names, f.method, method, BOOST_EVIDENCE, "method (synonym)"));
                }
                ways.extend(self.method_words(value)?);
                self.any_of(ways)?
            }
            Scope::Ortholog => self.orthologs(value)?,
            Scope::Curated => Plan::Term {
                term: Term::from_field_bool(f.curated, curated(value)?),
                boost: 0.0,
                label: label("curated:", value),
            },
        })
    }
}

/// The flag `curated:value` asks for (the parser refuses other values).
fn curated(value: &str) -> Result<bool, SearchError> {
    match Scope::Curated.refusal(value) {
        Some(refusal) => Err(SearchError::Query(refusal)),
        None => Ok(value.eq_ignore_ascii_case("yes")),
    }
}
