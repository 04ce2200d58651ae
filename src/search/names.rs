//! The names an index holds that queries look up by value rather than as terms:
//! method names with their words, and the spellings of facet values. Read once per
//! searcher generation, since every free word of every query is tried against them.

use super::SearchError;
use super::collect::Filters;
use super::fallback;
use super::synonyms::{SynonymKind, Synonyms};
use crate::index::schema::Fields;
use std::collections::{BTreeSet, HashMap};
use tantivy::Searcher;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

/// What queries look up in an index's term dictionaries, read once per searcher
/// generation: every free word of every query is tried against them.
#[derive(Debug)]
pub struct IndexNames {
    /// Method names (as the pages spell them) with their words, lower-cased.
    methods: Vec<(String, Vec<String>)>,
    /// Per facet field, its values as spelled in the index, by their lower case.
    spellings: Vec<(Field, HashMap<String, Vec<String>>)>,
    /// The words of the query language other than identifiers (see [`IndexNames::vocabulary`]).
    vocabulary: fallback::Vocabulary,
}

impl IndexNames {
    /// Reads the names of the index `searcher` sees; `synonyms` add to its vocabulary.
    pub fn read(
        searcher: &Searcher,
        f: &Fields,
        words: &mut TextAnalyzer,
        synonyms: &Synonyms,
    ) -> Result<Self, SearchError> {
        let methods = terms(searcher, f.method)?.into_iter().map(|name| {
            let words = tokens(words, &name);
            (name, words)
        });
        let mut spellings = Vec::new();
        for field in [f.organism, f.database, f.method, f.function] {
            let mut by_lower: HashMap<String, Vec<String>> = HashMap::new();
            for value in terms(searcher, field)? {
                by_lower.entry(value.to_lowercase()).or_default().push(value);
            }
            spellings.push((field, by_lower));
        }
        let mut names = IndexNames { methods: methods.collect(), spellings, vocabulary: Default::default() };
        let mut vocabulary = fallback::Vocabulary::new();
        for word in names.methods.iter().flat_map(|(_, words)| words) {
            vocabulary.insert(word.clone(), word.clone());
        }
        let databases = names.spellings.iter().filter(|(field, _)| *field == f.database);
        for (lower, spellings) in databases.flat_map(|(_, by_lower)| by_lower) {
            vocabulary.insert(lower.clone(), spellings[0].clone());
        }
        vocabulary.extend(synonyms.words().map(|w| (w.to_string(), w.to_string())));
        names.vocabulary = vocabulary;
        Ok(names)
    }

    /// The words of the query language other than identifiers, which fallbacks offer
    /// and never take for symbols: the words of method names, the database names, the
    /// one-word synonyms.
    pub fn vocabulary(&self) -> &fallback::Vocabulary {
        &self.vocabulary
    }

    /// The method names a value names, as the index spells them: itself in any case,
    /// the names it abbreviates (`ChIP`), and those holding its words (`wanted`, in a
    /// row: `footprinting`), which is what `method:` matches; a value naming none is
    /// kept as it is, to match nothing (an empty filter would filter nothing).
    pub(super) fn methods(&self, synonyms: &Synonyms, method: Field, value: &str, wanted: &[String]) -> Vec<String> {
        let named = std::iter::once(value).chain(synonyms.get(SynonymKind::Method, value).iter().map(String::as_str));
        let mut names: Vec<String> = named.flat_map(|name| self.spellings(method, name)).cloned().collect();
        if !wanted.is_empty() {
            names.extend(self.holding(wanted).map(String::from));
        }
        if names.is_empty() {
            names.push(value.to_string());
        }
        let mut seen = BTreeSet::new();
        names.retain(|name| seen.insert(name.clone()));
        names
    }

    /// The method names holding `wanted` (words) in a row.
    pub(super) fn holding<'n>(&'n self, wanted: &'n [String]) -> impl Iterator<Item = &'n str> + 'n {
        let holds = move |words: &[String]| words.windows(wanted.len()).any(|run| run == wanted);
        self.methods.iter().filter(move |(_, words)| holds(words)).map(|(name, _)| name.as_str())
    }

    /// The spellings in the index of `value` (any case) in the facet `field`.
    pub(super) fn spellings(&self, field: Field, value: &str) -> &[String] {
        let by_lower = self.spellings.iter().find(|(f, _)| *f == field).map(|(_, by_lower)| by_lower);
        by_lower.and_then(|by_lower| by_lower.get(&value.to_lowercase())).map_or(&[], Vec::as_slice)
    }

    /// Database names a value names: itself and its aliases, `*` patterns expanded
    /// against the databases in the index.
    pub(super) fn databases(&self, synonyms: &Synonyms, database: Field, value: &str) -> Vec<String> {
        let mut names = vec![value.to_string()];
        for alias in synonyms.get(SynonymKind::Database, value) {
            names.extend(self.alias_names(database, alias));
        }
        let mut seen = BTreeSet::new();
        names.retain(|n| seen.insert(n.to_lowercase()));
        names
    }

    /// The database names an alias stands for: itself, or for a `*` pattern the names in
    /// the index that it matches, in any case.
    pub(super) fn alias_names(&self, database: Field, alias: &str) -> Vec<String> {
        let Some((prefix, suffix)) = alias.split_once('*') else { return vec![alias.to_string()] };
        let (prefix, suffix) = (prefix.to_lowercase(), suffix.to_lowercase());
        let matching = |d: &&str| {
            let d = d.to_lowercase();
            d.starts_with(&prefix) && d.ends_with(&suffix)
        };
        self.values(database).filter(matching).map(String::from).collect()
    }

    /// The request's filters in the index's terms. A value the index holds (in any case)
    /// means itself, so that a facet value clicked gives its count; any other is read
    /// as a synonym or alias (`organism=human`, `database=HTRIdb`, `method=ChIP`,
    /// `function=TFs`), as its scope would be; an empty one is left out. `words`
    /// splits method names.
    pub fn resolve(&self, synonyms: &Synonyms, f: &Fields, words: &TextAnalyzer, filters: &Filters) -> Filters {
        let resolve = |field: Field, values: &[String], named: &dyn Fn(&str) -> Vec<String>| {
            let mut seen = BTreeSet::new();
            let mut resolved = Vec::with_capacity(values.len());
            // An empty value names nothing: the facet is left free (a form's "any").
            for value in values.iter().filter(|v| !v.is_empty()) {
                let held = !self.spellings(field, value).is_empty();
                resolved.extend(if held { vec![value.clone()] } else { named(value) });
            }
            resolved.retain(|v| seen.insert(v.to_lowercase()));
            resolved
        };
        Filters {
            organism: resolve(f.organism, &filters.organism, &|v| organisms(synonyms, v)),
            database: resolve(f.database, &filters.database, &|v| self.databases(synonyms, f.database, v)),
            curated: filters.curated,
            function: resolve(f.function, &filters.function, &|v| {
                let roles = synonyms.get(SynonymKind::Function, v);
                if roles.is_empty() { vec![v.to_string()] } else { roles.to_vec() }
            }),
            method: resolve(f.method, &filters.method, &|v| {
                self.methods(synonyms, f.method, v, &tokens(&mut words.clone(), v))
            }),
        }
    }

    /// Every value of the facet `field`.
    fn values(&self, field: Field) -> impl Iterator<Item = &str> {
        self.spellings
            .iter()
            .filter(move |(f, _)| *f == field)
            .flat_map(|(_, by_lower)| by_lower.values().flatten())
            .map(String::as_str)
    }
}

/// Species a value names: through synonyms, or the value itself.
pub(super) fn organisms(synonyms: &Synonyms, value: &str) -> Vec<String> {
    let species = synonyms.get(SynonymKind::Organism, value);
    if species.is_empty() { vec![value.to_string()] } else { species.to_vec() }
}

/// `text`'s words, lower-cased.
pub(super) fn tokens(words: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    words.token_stream(text).process(&mut |t| tokens.push(t.text.clone()));
    tokens
}

/// Every indexed term of `field`, across segments.
fn terms(searcher: &Searcher, field: Field) -> Result<BTreeSet<String>, SearchError> {
    let mut all = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index.terms().stream().map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            all.insert(String::from_utf8_lossy(stream.key()).into_owned());
        }
    }
    Ok(all)
}
