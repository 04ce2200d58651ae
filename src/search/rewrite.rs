//! What a query that found nothing is answered with: the first of its readings that
//! finds something, each said in the response ([`Fallback`]). In order: its syntax read
//! loosely (`GATA1, ALAS2`, `targets of GATA1`), then that reading's or the query's
//! words completed as prefixes or corrected for typos, then a list of symbols read as
//! one (`GATA1 TAL1 KLF1`: the interactions among them), then symbols in an organism
//! that has no protein so named read as its orthologs of them (`yeast ALAS2`), or else
//! the words that match nothing at all left out (`ALAS2 promoter` → `ALAS2`). The
//! rules of each reading are in [`fallback`].

use super::parse::{self, Node, Scope};
use super::synonyms::SynonymKind;
use super::{Engine, Filters, SearchError, SearchRequest, fallback};
use crate::response::{FacetName, Fallback, Kind, SearchResponse};
use tantivy::Searcher;

/// Most words of one query completed or corrected (words failing more than this are
/// left to the later readings).
const MAX_REWRITTEN_WORDS: usize = 8;

/// A query read otherwise than typed: the request with its text, and the text parsed.
struct Reading {
    request: SearchRequest,
    node: Node,
}

impl Engine {
    /// The answer to `request` (parsed as `parsed`), whose exact query found `nothing`.
    pub(super) fn rewritten(
        &self,
        request: &SearchRequest,
        parsed: Node,
        searcher: &Searcher,
        nothing: SearchResponse,
    ) -> Result<SearchResponse, SearchError> {
        let failing = self.failing_words(request, &parsed, searcher)?;
        let loose = self.loose_reading(request, &parsed, &failing, searcher)?;
        // The words failing in the reading the last fallbacks start from: the loose
        // one, where there is one.
        let mut basis_failing: Vec<String> = failing.iter().map(|w| w.to_string()).collect();
        if let Some(reading) = &loose {
            let response = self.execute(&reading.request, reading.node.clone(), searcher)?;
            if response.total > 0 {
                return Ok(said(response, Fallback::Syntax, request, &reading.request.query));
            }
            let failing = self.failing_words(&reading.request, &reading.node, searcher)?;
            if let Some(rewritten) = self.fall_back(&reading.request, &reading.node, &failing, searcher)? {
                // The loose reading is shown wherever the fallback's own correction is not.
                let fallback = rewritten.fallback.unwrap_or(Fallback::Syntax);
                return Ok(said(rewritten, fallback, request, &reading.request.query));
            }
            basis_failing = failing.iter().map(|w| w.to_string()).collect();
        }
        if let Some(rewritten) = self.fall_back(request, &parsed, &failing, searcher)? {
            return Ok(rewritten);
        }
        let offers = self.as_orthologs(request, &failing, searcher)?;
        let basis = loose.unwrap_or_else(|| Reading { request: request.clone(), node: parsed });
        let failing: Vec<&str> = basis_failing.iter().map(String::as_str).collect();
        // A list is of symbols that each match; a word matching nothing is left out first.
        let listed = if failing.is_empty() { self.as_list(&basis, searcher)? } else { None };
        let orthologs = if failing.is_empty() && listed.is_none() { self.in_organism(&basis, searcher)? } else { None };
        let (mut response, offer) = if let Some((response, text, offer)) = listed {
            (said(response, Fallback::List, request, &text), offer)
        } else if let Some((response, text)) = orthologs {
            (said(response, Fallback::Ortholog, request, &text), None)
        } else if let Some((response, text)) = self.without(&basis.request, &failing, searcher)? {
            (said(response, Fallback::Relaxed, request, &text), None)
        } else {
            (nothing, None)
        };
        response.did_you_mean.extend(offer.into_iter().chain(offers));
        if response.total == 0 {
            response.unmatched = self.unmatched(&basis, &failing, searcher)?;
        }
        Ok(response)
    }

    /// The `failing` words of `reading` and its field values that match nothing alone.
    fn unmatched(&self, reading: &Reading, failing: &[&str], searcher: &Searcher) -> Result<Vec<String>, SearchError> {
        let mut unmatched: Vec<String> = failing.iter().map(|word| word.to_string()).collect();
        for (scope, value) in fallback::scoped(&reading.node) {
            let term = format!("{}:{value}", scope.name());
            let alone = Node::Scoped(scope, value.to_string());
            if !unmatched.contains(&term) && self.count(&reading.request, alone, searcher)? == 0 {
                unmatched.push(term);
            }
        }
        Ok(unmatched)
    }

    /// For a query of three or more symbols, each matching alone: no interaction has
    /// three parties, so it was a list (pasted from a gene list, say). Its answer read
    /// as the interactions among them (`tf:(A OR B OR C) target:(A OR B OR C)`), or
    /// else as those of any of them (`(A OR B OR C)`, offered when the first finds
    /// something; for proteins, the only reading), other words (`human`, `ChIP`) kept:
    /// with the text run and the reading offered.
    fn as_list(
        &self,
        basis: &Reading,
        searcher: &Searcher,
    ) -> Result<Option<(SearchResponse, String, Option<String>)>, SearchError> {
        let Node::And(parts) = &basis.node else { return Ok(None) };
        let names = self.names(searcher)?;
        let vocabulary = names.vocabulary();
        let (mut symbols, mut rest) = (Vec::new(), Vec::new());
        for part in parts {
            let Node::Word(word) = part else { return Ok(None) };
            let evidence = vocabulary.contains_key(&word.to_lowercase()) || word.bytes().all(|b| b.is_ascii_digit());
            if evidence { rest.push(word.as_str()) } else { symbols.push(word.as_str()) }
        }
        if symbols.len() < 3 {
            return Ok(None);
        }
        let group = format!("({})", symbols.join(" OR "));
        let with_rest = |head: String| [head].into_iter().chain(rest.iter().map(|w| w.to_string())).collect::<Vec<_>>();
        let any = with_rest(group.clone()).join(" ");
        let readings = match basis.request.kind {
            Kind::Interaction => vec![with_rest(format!("tf:{group} target:{group}")).join(" "), any],
            Kind::Protein => vec![any],
        };
        for (i, text) in readings.iter().enumerate() {
            if let Some(response) = self.found(&basis.request, text, searcher)? {
                return Ok(Some((response, text.clone(), readings.get(i + 1).cloned())));
            }
        }
        Ok(None)
    }

    /// For a query in one organism or a few (a word such as `yeast`, `organism:`, the
    /// filter) whose symbols each match, some of them not there: no protein of the
    /// organism goes by those, so they meant its orthologs of them (`yeast ALAS2` is
    /// HEM1). The answer of the query with `ortholog:` before each such symbol, and its
    /// text.
    fn in_organism(
        &self,
        basis: &Reading,
        searcher: &Searcher,
    ) -> Result<Option<(SearchResponse, String)>, SearchError> {
        let parts = match &basis.node {
            Node::And(parts) => parts.as_slice(),
            one => std::slice::from_ref(one),
        };
        let organism_word = |word: &str| !self.synonyms.get(SynonymKind::Organism, word).is_empty();
        let organisms: Vec<Node> = parts
            .iter()
            .filter(|part| match part {
                Node::Word(word) | Node::Phrase(word) => organism_word(word),
                Node::Scoped(Scope::Organism, _) => true,
                _ => false,
            })
            .cloned()
            .collect();
        if basis.request.filters.organism.is_empty() && organisms.is_empty() {
            return Ok(None);
        }
        // Whether `symbol` names something in the organisms asked for.
        let there = |symbol: &str| -> Result<bool, SearchError> {
            let node = Node::And([organisms.clone(), vec![Node::Word(symbol.to_string())]].concat());
            Ok(self.total(&basis.request, node, searcher)? > 0)
        };
        let names = self.names(searcher)?;
        let vocabulary = names.vocabulary();
        let mut symbols: Vec<&str> = Vec::new();
        for part in parts {
            match part {
                // Not a number: a PubMed id as likely as a gene id.
                Node::Word(word)
                    if !vocabulary.contains_key(&word.to_lowercase())
                        && !organism_word(word)
                        && !word.bytes().all(|b| b.is_ascii_digit())
                        && !there(word)? =>
                {
                    symbols.push(word.as_str())
                }
                _ => {}
            }
        }
        if symbols.is_empty() {
            return Ok(None);
        }
        let text = symbols.iter().fold(basis.request.query.clone(), |text, symbol| {
            fallback::retype(&text, symbol, &format!("ortholog:{symbol}"))
        });
        Ok(self.found(&basis.request, &text, searcher)?.map(|response| (response, text)))
    }

    /// `request`'s syntax read loosely ([`fallback::tidy`]), if that changes it.
    fn loose_reading(
        &self,
        request: &SearchRequest,
        parsed: &Node,
        failing: &[&str],
        searcher: &Searcher,
    ) -> Result<Option<Reading>, SearchError> {
        let names = self.names(searcher)?;
        let vocabulary = names.vocabulary();
        // Typography pasted from a paper first (NKX2–5, “gel shift”), then the rest of
        // the reading on what that gives.
        let plain = self.synonyms.join_letters(&fallback::plain_typography(&request.query));
        let tidied = match parse::parse(&plain) {
            Ok(node) if plain != request.query => {
                let retyped = SearchRequest { query: plain.clone(), ..request.clone() };
                let failing = self.failing_words(&retyped, &node, searcher)?;
                Some(fallback::tidy(&plain, &node, &failing, vocabulary).unwrap_or(plain))
            }
            _ => fallback::tidy(&request.query, parsed, failing, vocabulary),
        };
        // The words failing in the query as typed are known; a tidied text's are asked.
        let (text, known) = match &tidied {
            Some(tidied) => (tidied.as_str(), None),
            None => (request.query.as_str(), Some(failing)),
        };
        let pairs = self.pairs_apart(request, text, known, searcher)?;
        let Some(text) = pairs.or(tidied) else { return Ok(None) };
        // A reading of nothing but filler (`targets`, `of the`, `,`) would ask for
        // everything.
        let Ok(node) = parse::parse(&text) else { return Ok(None) };
        if !fallback::asks_for_something(&node) {
            return Ok(None);
        }
        Ok(Some(Reading { request: SearchRequest { query: text, ..request.clone() }, node }))
    }

    /// `text` with each word that matches nothing but joins two names that each match,
    /// as papers write them, read as the two, if there is one: with `-` or `/` a pair
    /// (`TP53-CDKN1A`, `p53/p21`: `TP53 CDKN1A`), and a name with its sibling's last
    /// characters after `/` either (`GATA1/2`: `(GATA1 OR GATA2)`, `STAT5A/B`). A
    /// symbol's own hyphen stays (`NKX2-5-NPPA` is `NKX2-5 NPPA`). `failing`: the
    /// words of `text` that match nothing, when known.
    fn pairs_apart(
        &self,
        request: &SearchRequest,
        text: &str,
        failing: Option<&[&str]>,
        searcher: &Searcher,
    ) -> Result<Option<String>, SearchError> {
        let Ok(node) = parse::parse(text) else { return Ok(None) };
        let mut apart = text.to_string();
        let words: std::collections::BTreeSet<&str> = fallback::words(&node).into_iter().collect();
        for word in words {
            let readings = fallback::joined_names(word);
            if readings.is_empty() {
                continue;
            }
            let matches = match failing {
                Some(failing) => !failing.contains(&word),
                None => self.count(request, Node::Word(word.to_string()), searcher)? > 0,
            };
            if matches {
                continue;
            }
            for (left, right, either) in readings {
                if self.count(request, Node::Word(left.clone()), searcher)? > 0
                    && self.count(request, Node::Word(right.clone()), searcher)? > 0
                {
                    let read = if either { format!("({left} OR {right})") } else { format!("{left} {right}") };
                    apart = fallback::retype(&apart, word, &read);
                    break;
                }
            }
        }
        Ok((apart != text).then_some(apart))
    }

    /// The answer of `request` without its `failing` words, and that query's text, if it
    /// still asks for something and finds it. Words the query language knows (`yeast`,
    /// `EMSA`, `GTRD`, an alias) ask for something this index lacks, and a word with a
    /// digit names a protein (`GATA9`, an accession) where the rest would be about
    /// others: they stay.
    fn without(
        &self,
        request: &SearchRequest,
        failing: &[&str],
        searcher: &Searcher,
    ) -> Result<Option<(SearchResponse, String)>, SearchError> {
        let names = self.names(searcher)?;
        let vocabulary = names.vocabulary();
        let known = |word: &str| {
            vocabulary.contains_key(&word.to_lowercase())
                || self.synonyms.is_term(word)
                || word.contains(|c: char| c.is_ascii_digit())
        };
        let failing: Vec<&str> = failing.iter().copied().filter(|word| !known(word)).collect();
        if failing.is_empty() {
            return Ok(None);
        }
        let text = failing.iter().fold(request.query.clone(), |text, word| fallback::retype(&text, word, ""));
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(self.found(request, &text, searcher)?.map(|response| (response, text)))
    }

    /// The answer of `request` read as `text`, if that parses, asks for something and
    /// finds it. (Nothing, or exclusions alone, would stand for everything.)
    fn found(
        &self,
        request: &SearchRequest,
        text: &str,
        searcher: &Searcher,
    ) -> Result<Option<SearchResponse>, SearchError> {
        let Ok(node) = parse::parse(text) else { return Ok(None) };
        if !fallback::asks_for_something(&node) {
            return Ok(None);
        }
        let response = self.execute(&SearchRequest { query: text.to_string(), ..request.clone() }, node, searcher)?;
        Ok((response.total > 0).then_some(response))
    }

    /// How many documents `node` matches under `request`'s kind and filters.
    fn total(&self, request: &SearchRequest, node: Node, searcher: &Searcher) -> Result<u64, SearchError> {
        // Only the total: no facet is counted, which for a broad reading is most of it.
        let facets = vec![FacetName::None];
        let counted = SearchRequest { query: String::new(), limit: 0, offset: 0, facets, ..request.clone() };
        Ok(self.execute(&counted, node, searcher)?.total)
    }

    /// The words of a query that found nothing which match nothing even alone, each
    /// once (a word repeated is asked about once, and rewritten everywhere at once).
    fn failing_words<'a>(
        &self,
        request: &SearchRequest,
        parsed: &'a Node,
        searcher: &Searcher,
    ) -> Result<Vec<&'a str>, SearchError> {
        // A query of one word and no filter that found nothing is that word alone
        // finding nothing: no need to ask again (every keystroke of a search box).
        if let Node::Word(word) = parsed
            && request.filters == Filters::default()
        {
            return Ok(vec![word.as_str()]);
        }
        let mut failing = Vec::new();
        let mut asked = std::collections::HashSet::new();
        for word in fallback::words(parsed) {
            if asked.insert(word) && self.count(request, Node::Word(word.to_string()), searcher)? == 0 {
                failing.push(word);
            }
        }
        Ok(failing)
    }

    /// How many documents of the request's kind `node` alone matches, without its filters.
    fn count(&self, request: &SearchRequest, node: Node, searcher: &Searcher) -> Result<u64, SearchError> {
        self.total(&SearchRequest { filters: Filters::default(), ..request.clone() }, node, searcher)
    }

    /// For the accessions among the `failing` words, the query with `ortholog:` before
    /// one, where that query finds something: an accession with neither a page nor an
    /// interaction may be listed as the ortholog of proteins that have them. Offered,
    /// not run: it asks for other proteins than the one typed.
    fn as_orthologs(
        &self,
        request: &SearchRequest,
        failing: &[&str],
        searcher: &Searcher,
    ) -> Result<Vec<String>, SearchError> {
        let mut offers = Vec::new();
        for word in failing {
            if !crate::page::row::is_accession(word) {
                continue;
            }
            let offer = fallback::retype(&request.query, word, &format!("ortholog:{word}"));
            let Ok(parsed) = parse::parse(&offer) else { continue };
            if self.total(request, parsed, searcher)? > 0 {
                offers.push(offer);
            }
        }
        Ok(offers)
    }

    /// For a query that found nothing: complete its `failing` words, or failing that
    /// correct them; the first rewrite that finds something answers. Not for more than
    /// [`MAX_REWRITTEN_WORDS`] words: that many are no typos, and each costs a walk
    /// through the term dictionaries.
    fn fall_back(
        &self,
        request: &SearchRequest,
        parsed: &Node,
        failing: &[&str],
        searcher: &Searcher,
    ) -> Result<Option<SearchResponse>, SearchError> {
        if failing.is_empty() || failing.len() > MAX_REWRITTEN_WORDS {
            return Ok(None);
        }
        // Every identifier of either kind of document is in one of these.
        let f = &self.open.fields;
        let fields = [f.name, f.tf_terms, f.target_terms];
        let names = self.names(searcher)?;
        let vocabulary = names.vocabulary();
        type Finder =
            fn(&Searcher, &[tantivy::schema::Field], &fallback::Vocabulary, &str) -> Result<Vec<String>, SearchError>;
        for (kind, find) in
            [(Fallback::Prefix, fallback::completions as Finder), (Fallback::Typo, fallback::corrections)]
        {
            let mut node = parsed.clone();
            let mut text = request.query.clone();
            let mut alternatives = Vec::new();
            let mut complete = true;
            for word in failing {
                let found = match fallback::field_correction(word).filter(|_| kind == Fallback::Typo) {
                    Some(corrected) => vec![corrected],
                    None => find(searcher, &fields, vocabulary, &word.to_lowercase())?,
                };
                let Some(best) = found.first() else {
                    complete = false;
                    break;
                };
                let identifier = |f: &String| !vocabulary.contains_key(&f.to_lowercase());
                if kind == Fallback::Prefix && found.iter().any(identifier) {
                    // The few completions tried stand for all of them: `STAT*` asks for
                    // all (of the identifiers, which is what `*` completes).
                    alternatives.push(fallback::retype(&request.query, word, &format!("{word}*")));
                }
                alternatives.extend(found.iter().map(|f| fallback::retype(&request.query, word, f)));
                // A prefix stands for all its completions; a typo for its best correction.
                let with = if kind == Fallback::Prefix { found.clone() } else { vec![best.clone()] };
                node = fallback::replace(&node, word, &with);
                text = fallback::retype(&text, word, best);
            }
            if !complete {
                continue;
            }
            let mut response = self.execute(request, node, searcher)?;
            if response.total > 0 {
                response.fallback = Some(kind);
                if kind == Fallback::Typo {
                    alternatives.retain(|a| *a != text);
                    response.corrected = Some(text);
                }
                response.did_you_mean = alternatives;
                return Ok(Some(response));
            }
        }
        Ok(None)
    }
}

/// `response`, the answer of a reading (`text`) of `request`, said as such: its
/// `fallback`, the reading shown unless the fallback corrected it further, and the
/// query as typed.
fn said(mut response: SearchResponse, fallback: Fallback, request: &SearchRequest, text: &str) -> SearchResponse {
    response.fallback = Some(fallback);
    response.corrected.get_or_insert_with(|| text.to_string());
    response.query = request.query.clone();
    response
}
