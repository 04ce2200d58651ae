//! Answering a [`SearchRequest`] with a [`SearchResponse`]: the one query path behind
//! both the CLI and the HTTP API.

mod bitsets;
mod collect;
mod facets;
mod fallback;
mod labelled;
mod names;
pub mod parse;
mod partners;
mod plan;
mod popcount;
pub mod query;
pub mod record;
mod rewrite;
mod suggest;
pub mod synonyms;

pub use collect::Filters;

use crate::index::{self, IndexError, OpenIndex, lookup};
use crate::model::Protein;
use crate::response::{
    DocumentCounts, Explanation, FacetCounts, FacetName, Facets, Hit, IndexStats, InteractionRecord, Kind,
    ProteinRecord, SearchResponse, SuggestResponse,
};
use collect::{Collected, Counted, FacetedTop};
use facets::FacetCache;
use names::IndexNames;
use parse::Node;
use plan::Plan;
use query::Compiler;
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Instant;
use synonyms::Synonyms;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, Searcher, Warmer};
use thiserror::Error;

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 1000;
/// Deepest result a request may reach (`offset + limit`).
pub const MAX_WINDOW: usize = 10_000;
/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Hits returned when the request does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// Most hits one request may have explained: each is scored again, term by term, by
/// Tantivy (about a millisecond for a prefix's thousands of terms).
pub const MAX_EXPLAINED: usize = 100;
/// Most suggestions one request may ask for.
pub const MAX_SUGGESTIONS: usize = 100;

/// A search: query text, document kind, facet filters, facets to count and the page
/// of hits wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    pub kind: Kind,
    pub filters: Filters,
    /// Facets to count besides those every search counts (see [`FacetName`]).
    pub facets: Vec<FacetName>,
    pub limit: usize,
    pub offset: usize,
    /// Return each hit's score contributions.
    pub explain: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            kind: Kind::Interaction,
            filters: Filters::default(),
            facets: Vec::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            explain: false,
        }
    }
}

/// Why a search could not be answered: the request's fault or the index's.
#[derive(Debug, Error)]
pub enum SearchError {
    /// The request itself is wrong: the caller should fix the named parameter.
    #[error("invalid parameter {name}: {reason}")]
    InvalidParameter { name: &'static str, reason: String },
    /// The query text cannot be parsed or uses a scope wrongly; the message says where.
    #[error("invalid query: {0}")]
    Query(String),
    #[error("search failed: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("the index holds an unreadable record: {0}")]
    Corrupt(String),
    /// The generation's folder cannot be listed (removed by hand, say): searches still
    /// answer from the files already open.
    #[error("cannot read the index folder {}: {source}", path.display())]
    Folder { path: std::path::PathBuf, source: std::io::Error },
}

/// Search-as-you-type: proteins whose name or accession starts with the last word of
/// `query`, optionally within some organisms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestRequest {
    pub query: String,
    pub organism: Vec<String>,
    pub limit: usize,
}

fn invalid<T>(name: &'static str, reason: String) -> Result<T, SearchError> {
    Err(SearchError::InvalidParameter { name, reason })
}

fn check_query_length(query: &str) -> Result<(), SearchError> {
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        return invalid("q", format!("is {chars} characters long, the limit is {MAX_QUERY_CHARS}"));
    }
    Ok(())
}

impl SuggestRequest {
    /// Checks the request's limits.
    pub fn validate(&self) -> Result<(), SearchError> {
        check_query_length(&self.query)?;
        if self.limit > MAX_SUGGESTIONS {
            return invalid("limit", format!("{} is over the maximum of {MAX_SUGGESTIONS}", self.limit));
        }
        Ok(())
    }
}

impl SearchRequest {
    /// Checks what the request selects: query length, filters that fit the kind.
    pub fn validate_selection(&self) -> Result<(), SearchError> {
        check_query_length(&self.query)?;
        if self.kind == Kind::Interaction && !self.filters.function.is_empty() {
            return invalid("function", "filters proteins only: add kind=protein".into());
        }
        Ok(())
    }

    /// The facets this request counts.
    fn counted(&self) -> Counted {
        if self.facets.contains(&FacetName::None) {
            return Counted::default();
        }
        let method = self.facets.contains(&FacetName::Method);
        Counted { base: true, function: self.kind == Kind::Protein, method }
    }

    /// Checks the limits every caller must respect.
    pub fn validate(&self) -> Result<(), SearchError> {
        self.validate_selection()?;
        if self.facets.contains(&FacetName::None) && self.facets.iter().any(|f| *f != FacetName::None) {
            return invalid("facets", "none counts no facet: it cannot be asked for with others".into());
        }
        if self.kind == Kind::Interaction && self.facets.contains(&FacetName::Function) {
            return invalid("facets", "function is counted for proteins only: add kind=protein".into());
        }
        if self.limit > MAX_LIMIT {
            return invalid("limit", format!("{} is over the maximum of {MAX_LIMIT}", self.limit));
        }
        if self.explain && self.limit > MAX_EXPLAINED {
            return invalid("limit", format!("{} is over the maximum of {MAX_EXPLAINED} hits explained", self.limit));
        }
        if self.offset.saturating_add(self.limit) > MAX_WINDOW {
            return invalid(
                "offset",
                format!(
                    "offset + limit = {} is over the maximum of {MAX_WINDOW}",
                    self.offset.saturating_add(self.limit)
                ),
            );
        }
        Ok(())
    }
}

/// Where an accession is named other than on its own page ([`Engine::mentions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mentions {
    /// Interactions with it as TF or target.
    pub interactions: u64,
    /// Pages listing it among their orthologs.
    pub as_ortholog: u64,
}

/// How queries find their matches. Both ways give the same answers; tests compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// Bitsets for broad queries, postings for the rest.
    #[default]
    Auto,
    /// Bitsets whenever the query allows it.
    Bitsets,
    /// Always Tantivy's postings and scorers.
    Postings,
}

/// Every match of an exported query, best first, on the index generation it was
/// selected from (a reload meanwhile does not change it).
pub struct Export<'e> {
    engine: &'e Engine,
    searcher: Searcher,
    kind: Kind,
    matches: Vec<collect::Scored>,
}

impl Export<'_> {
    /// How many documents match.
    pub fn total(&self) -> u64 {
        self.matches.len() as u64
    }

    /// The kind of document exported.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Hands each hit to `each`, best first, until it breaks.
    pub fn for_each(&self, mut each: impl FnMut(Hit) -> ControlFlow<()>) -> Result<(), SearchError> {
        for scored in &self.matches {
            if each(self.engine.hit(&self.searcher, self.kind, scored, None)?).is_break() {
                break;
            }
        }
        Ok(())
    }
}

/// What a selection was made with: the compiled plan and the filters in force (the
/// request's and those lifted from the query).
struct Selection {
    plan: Plan,
    filters: Filters,
}

/// A query is broad when its terms are held by at least this fraction of documents,
/// counted together.
const BROAD_FRACTION: u64 = 64;

/// Memory for the bitsets of frequent terms (about 200 terms of the medium corpus).
const TERM_SETS_BYTES: u64 = 64 << 20;
/// Memory for the proteins found through interactions ([`partners::Found`]).
const FOUND_BYTES: u64 = 16 << 20;

/// A searchable index: opened once, queried many times (cheap to share across threads).
pub struct Engine {
    open: OpenIndex,
    reader: IndexReader,
    words: TextAnalyzer,
    synonyms: Synonyms,
    /// Kept here: the reader holds it only weakly, as a warmer.
    facets: Arc<FacetCache>,
    terms: bitsets::TermSets,
    found: partners::Found,
    /// The names of the latest searcher generation seen.
    names: Mutex<Option<(u64, Arc<IndexNames>)>>,
    strategy: Strategy,
}

impl Engine {
    /// Opens the live index in the folder `root`.
    pub fn open(root: &Path) -> Result<Self, IndexError> {
        Self::open_with(root, ReloadPolicy::Manual)
    }

    /// Opens the live index in `root` and follows commits made to it later.
    pub fn open_following(root: &Path) -> Result<Self, IndexError> {
        Self::open_with(root, ReloadPolicy::OnCommitWithDelay)
    }

    fn open_with(root: &Path, policy: ReloadPolicy) -> Result<Self, IndexError> {
        let open = index::open(root)?;
        let open_error = |source| IndexError::Open { path: open.generation.clone(), source };
        let warm_ranks = matches!(policy, ReloadPolicy::OnCommitWithDelay);
        let facets = Arc::new(FacetCache::new(open.fields.clone(), warm_ranks));
        let warmer: Weak<dyn Warmer> = Arc::downgrade(&facets) as Weak<dyn Warmer>;
        let reader =
            open.index.reader_builder().reload_policy(policy).warmers(vec![warmer]).try_into().map_err(open_error)?;
        let words = open.index.tokenizers().get(index::schema::WORDS).expect("registered by index::open");
        let (terms, found) = (bitsets::TermSets::new(TERM_SETS_BYTES), partners::Found::new(FOUND_BYTES));
        let (synonyms, names) = (Synonyms::builtin(), Mutex::default());
        Ok(Engine { open, reader, words, synonyms, facets, terms, found, names, strategy: Strategy::Auto })
    }

    /// Uses `synonyms` (e.g. the built-in table plus a user file) from now on.
    pub fn with_synonyms(mut self, synonyms: Synonyms) -> Self {
        self.synonyms = synonyms;
        // The names read so far hold the old synonyms' words.
        self.names = Mutex::default();
        self
    }

    /// Finds matches the way `strategy` says from now on.
    pub fn with_strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = strategy;
        self
    }

    /// The generation folder this engine reads.
    pub fn generation(&self) -> &Path {
        &self.open.generation
    }

    /// What this engine answers from, as one string: the generation folder and the
    /// segments of it the reader sees, with their deletions. Any change of the data
    /// changes it; a reader merely reloading does not.
    pub fn version(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for segment in self.reader.searcher().segment_readers() {
            (segment.segment_id(), segment.num_deleted_docs()).hash(&mut hasher);
        }
        format!("{}#{:016x}", self.open.generation.display(), hasher.finish())
    }

    /// Answers `request`: hits, exact total and facet counts, with a fallback when nothing matched exactly.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        let started = Instant::now();
        request.validate()?;
        let parsed = parse::parse(&request.query).map_err(|e| SearchError::Query(e.to_string()))?;
        let searcher = self.reader.searcher();
        let mut response = self.execute(request, parsed.clone(), &searcher)?;
        if response.total == 0 {
            response = self.rewritten(request, parsed, &searcher, response)?;
        }
        response.took_ms = milliseconds_since(started);
        Ok(response)
    }

    /// Every match of `request` (its limit, offset and explain aside), selected and
    /// ordered best first, to be read hit by hit. Only the exact query is exported,
    /// never a fallback's guess: an export is of a query already settled on.
    pub fn export(&self, request: &SearchRequest) -> Result<Export<'_>, SearchError> {
        request.validate_selection()?;
        let parsed = parse::parse(&request.query).map_err(|e| SearchError::Query(e.to_string()))?;
        let searcher = self.reader.searcher();
        let everything = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let request = SearchRequest { explain: false, ..request.clone() };
        let (selected, _) = self.select(&request, parsed, &searcher, everything, false)?;
        Ok(Export { engine: self, searcher, kind: request.kind, matches: selected.top })
    }

    /// The best `top` matches of the parsed query `node` for `request` (and, if `count`,
    /// the total and facet counts), with the filters applied and the compiled plan.
    fn select(
        &self,
        request: &SearchRequest,
        node: Node,
        searcher: &Searcher,
        top: usize,
        count: bool,
    ) -> Result<(Collected, Selection), SearchError> {
        let fields = &self.open.fields;
        let names = self.names(searcher)?;
        let (kind, synonyms, words) = (request.kind, &self.synonyms, self.words.clone());
        let (facets, found) = (&self.facets, &self.found);
        let mut compiler = Compiler { fields, kind, synonyms, words, searcher, names: &names, facets, found };
        let explicit = names.resolve(synonyms, fields, &self.words, &request.filters);
        let compiled = compiler.compile(node, &explicit)?;
        let filters = explicit.or_lifted(compiled.lifted);
        let plan = compiled.plan;
        let from_bitsets = match self.strategy {
            _ if request.explain => None,
            Strategy::Postings => None,
            Strategy::Auto if !self.is_broad(&plan, searcher)? => None,
            Strategy::Auto | Strategy::Bitsets => {
                bitsets::search(searcher, &plan, &filters, request.counted(), top, &self.facets, &self.terms)?
            }
        };
        let collected = match from_bitsets {
            Some(collected) => collected,
            None => {
                let collector =
                    FacetedTop { filters: &filters, counted: request.counted(), top, facets: &self.facets, count };
                searcher.search(&*plan.to_query(), &collector)?
            }
        };
        Ok((collected, Selection { plan, filters }))
    }

    /// The hit of the matching document `scored`.
    fn hit(
        &self,
        searcher: &Searcher,
        kind: Kind,
        scored: &collect::Scored,
        explanation: Option<Explanation>,
    ) -> Result<Hit, SearchError> {
        let (score, address) = (scored.score, scored.address);
        Ok(match kind {
            Kind::Interaction => {
                let sides = lookup::sides(searcher, &self.open.fields, address)?;
                let key = sides.key();
                let merged = sides.merge().ok_or_else(|| SearchError::Corrupt(format!("{key} has no row")))?;
                Hit::Interaction { score, explanation, record: InteractionRecord::from(&merged) }
            }
            Kind::Protein => Hit::Protein { score, explanation, record: self.summary(searcher, address)? },
        })
    }

    /// Runs the parsed query `node` for `request`.
    fn execute(&self, request: &SearchRequest, node: Node, searcher: &Searcher) -> Result<SearchResponse, SearchError> {
        let top = request.offset + request.limit;
        let (collected, Selection { plan, filters }) = self.select(request, node, searcher, top, true)?;
        // Explanations come from Tantivy's scorers (explain always takes the postings path).
        let explained = request.explain.then(|| plan.to_query());

        let mut hits = Vec::with_capacity(request.limit);
        for scored in collected.top.iter().skip(request.offset) {
            let explanation = match &explained {
                Some(query) => {
                    let explained = query.explain(searcher, scored.address)?;
                    let tree = serde_json::to_value(explained).map_err(|e| SearchError::Corrupt(e.to_string()))?;
                    Some(Explanation::from_tree(tree))
                }
                None => None,
            };
            hits.push(self.hit(searcher, request.kind, scored, explanation)?);
        }
        Ok(SearchResponse {
            query: request.query.clone(),
            kind: request.kind,
            total: collected.total,
            offset: request.offset,
            limit: request.limit,
            took_ms: 0.0,
            hits,
            facets: facets(collected, &filters, request.counted()),
            fallback: None,
            corrected: None,
            did_you_mean: Vec::new(),
            unmatched: Vec::new(),
        })
    }

    /// The names `searcher` sees, read again only when its generation changes.
    fn names(&self, searcher: &Searcher) -> Result<Arc<IndexNames>, SearchError> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.names.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((seen, names)) = &*cached
            && *seen == generation
        {
            return Ok(names.clone());
        }
        let names = Arc::new(IndexNames::read(searcher, &self.open.fields, &mut self.words.clone(), &self.synonyms)?);
        *cached = Some((generation, names.clone()));
        Ok(names)
    }

    /// Whether the terms of `plan` (other than the document kind every query has) are
    /// held by many documents, counted together, or there is no other term at all. A
    /// union of mid-sized terms (a prefix's five completions: 43,000 interactions on the
    /// medium corpus) is answered from bitsets in half the time Tantivy's scorers take.
    fn is_broad(&self, plan: &Plan, searcher: &Searcher) -> Result<bool, SearchError> {
        let (kind, docs) = (self.open.fields.kind, searcher.num_docs());
        let mut terms = Vec::new();
        plan.for_each_term(&mut |term| {
            if term.field() != kind {
                terms.push(term.clone());
            }
        });
        let mut held = 0u64;
        for term in &terms {
            held = held.saturating_add(searcher.doc_freq(term)?);
        }
        Ok(terms.is_empty() || held.saturating_mul(BROAD_FRACTION) >= docs)
    }
}

impl Engine {
    /// Proteins whose name or accession starts with the last word of the query: an
    /// exact match first, then proteins with more interactions.
    pub fn suggest(&self, request: &SuggestRequest) -> Result<SuggestResponse, SearchError> {
        let started = Instant::now();
        request.validate()?;
        let mut suggestions = Vec::new();
        // Typed or pasted: `NKX2–` completes as `NKX2-` does.
        let typed = fallback::plain_typography(&request.query);
        if let Some(word) = suggest::typed_name(&typed) {
            let searcher = self.reader.searcher();
            // Organisms asked for, or else those the words typed so far name.
            let organism = match &request.organism[..] {
                [] => suggest::typed_organisms(&typed, &self.synonyms),
                asked => asked.to_vec(),
            };
            let filters = Filters { organism, ..Filters::default() };
            let filters = self.names(&searcher)?.resolve(&self.synonyms, &self.open.fields, &self.words, &filters);
            let aliased = self.synonyms.get(synonyms::SynonymKind::Symbol, word);
            let completed = self.synonyms.symbols_completing(word);
            let aliases = [aliased, &completed[..]];
            for scored in suggest::complete(&searcher, &self.facets, &filters, word, aliases, request.limit)? {
                suggestions.push(self.summary(&searcher, scored.address)?.into());
            }
        }
        Ok(SuggestResponse { query: request.query.clone(), took_ms: milliseconds_since(started), suggestions })
    }

    /// The summary of the protein document at `address`.
    fn summary(&self, searcher: &Searcher, address: DocAddress) -> Result<ProteinRecord, SearchError> {
        let segment = searcher.segment_reader(address.segment_ord);
        let facets = self.facets.get(segment)?;
        facets.summaries(segment)?.get(address.doc_id)
    }

    /// The whole parsed page of the protein with this accession (any case).
    pub fn protein(&self, accession: &str) -> Result<Option<Protein>, SearchError> {
        let fields = &self.open.fields;
        let searcher = self.reader.searcher();
        let found = lookup::protein(&searcher, fields, &accession.to_uppercase())?;
        Ok(found.map(|address| lookup::page(&searcher, fields, address)).transpose()?)
    }

    /// The proteins whose symbol or gene id is `name` (any case): the one spelled as
    /// typed first (`Alas2`: mouse), then more interactions. What a name sent where an
    /// accession belongs stands for.
    pub fn proteins_named(&self, name: &str) -> Result<Vec<ProteinRecord>, SearchError> {
        let searcher = self.reader.searcher();
        let found =
            lookup::proteins_holding(&searcher, &self.open.fields, self.open.fields.name, &name.to_lowercase())?;
        let mut records =
            found.into_iter().map(|address| self.summary(&searcher, address)).collect::<Result<Vec<_>, _>>()?;
        records.sort_by_cached_key(|p| {
            (p.name.as_deref() != Some(name), std::cmp::Reverse(p.interactions), p.accession.clone())
        });
        Ok(records)
    }

    /// Where an accession (any case) without a page of its own is named: by how many
    /// interactions (as TF or target), and by how many pages as an ortholog.
    pub fn mentions(&self, accession: &str) -> Result<Mentions, SearchError> {
        let f = &self.open.fields;
        let searcher = self.reader.searcher();
        let query = lookup::touching_query(f, &accession.to_uppercase());
        let interactions = searcher.search(&query, &tantivy::collector::Count)? as u64;
        let listing = lookup::proteins_holding(&searcher, f, f.ortholog, &accession.to_lowercase())?;
        Ok(Mentions { interactions, as_ortholog: listing.len() as u64 })
    }

    /// Document counts, size and age of the live generation.
    pub fn stats(&self) -> Result<IndexStats, SearchError> {
        let fields = &self.open.fields;
        let searcher = self.reader.searcher();
        let count = |kind: Kind| lookup::count(&searcher, fields, kind.as_str());
        let generation = &self.open.generation;
        let (mut bytes, mut newest) = (0, std::time::UNIX_EPOCH);
        let listing = std::fs::read_dir(generation)
            .map_err(|source| SearchError::Folder { path: generation.to_path_buf(), source })?;
        for entry in listing.flatten() {
            if let Ok(meta) = entry.metadata() {
                bytes += meta.len();
                newest = newest.max(meta.modified().unwrap_or(newest));
            }
        }
        Ok(IndexStats {
            documents: DocumentCounts { interaction: count(Kind::Interaction)?, protein: count(Kind::Protein)? },
            index_bytes: bytes,
            last_commit: humantime::format_rfc3339_seconds(newest).to_string(),
            index_dir: generation.parent().unwrap_or(generation).display().to_string(),
            generation: generation.display().to_string(),
        })
    }
}

/// Milliseconds since `started`, to the microsecond (0.078, not 0.07809600000000001).
fn milliseconds_since(started: Instant) -> f64 {
    started.elapsed().as_micros() as f64 / 1000.0
}

/// Orders counts for display (most frequent first, then by name) and lists every
/// selected value, with 0 if nothing matches it, so a search box can show it checked.
fn ordered(counts: HashMap<String, u64>, selected: &[String]) -> FacetCounts {
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    for value in selected {
        if !counts.iter().any(|(v, _)| v.eq_ignore_ascii_case(value)) {
            counts.push((value.clone(), 0));
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts.into_iter().collect()
}

fn facets(collected: Collected, filters: &Filters, counted: Counted) -> Facets {
    if !counted.base {
        return Facets::default();
    }
    let curated_selected: Vec<String> =
        filters.curated.map(|c| if c { "yes" } else { "no" }.to_string()).into_iter().collect();
    let curated = HashMap::from([("yes".to_string(), collected.curated[1]), ("no".to_string(), collected.curated[0])])
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .collect();
    Facets {
        organism: ordered(collected.organism, &filters.organism),
        database: ordered(collected.database, &filters.database),
        curated: ordered(curated, &curated_selected),
        function: counted.function.then(|| ordered(collected.function, &filters.function)),
        method: counted.method.then(|| ordered(collected.method, &filters.method)),
    }
}

#[cfg(test)]
mod tests;
