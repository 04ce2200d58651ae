//! The rules of the readings tried when the exact query finds nothing (run in order
//! by [`super::rewrite`]): its syntax read loosely (typography, a list typed with
//! commas, `or` for `OR`, English around symbols), words completed as prefixes, typos
//! corrected. Never silent: the response says which was used.
//!
//! Only words that match nothing on their own are rewritten, and a word containing a
//! digit is never corrected for typos (GATA1 must not become GATA2, P12345 not P12346),
//! nor is a word corrected into one with a digit (Soxx is not Sox8); it may only be
//! completed (GATA → GATA1, GATA2, ...). A misspelt field name
//! (`orgnism:human`) is corrected like a typo (`organism:human`).

use super::SearchError;
use super::facets;
use super::parse::{self, Node, Scope};
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Completions offered per word.
const MAX_CANDIDATES: usize = 5;

/// The positive bare words of a query (excluded words are not rewritten).
pub fn words(node: &Node) -> Vec<&str> {
    match node {
        Node::Word(w) => vec![w.as_str()],
        Node::And(parts) | Node::Or(parts) => parts.iter().flat_map(words).collect(),
        _ => Vec::new(),
    }
}

/// The query `node` of `text` read as a person typing it likely meant: operators in
/// other spellings read as operators (`or`, `||`, `GATA1|HIF1A`, `and`, `&&`, `+`,
/// `not`), and separators and punctuation around its `failing` words dropped
/// (`GATA1, ALAS2`, `GATA1,ALAS2`, `'GATA1'`, `+GATA1`). `None` when no word changes.
/// Only words that match nothing alone lose punctuation: `ADE5,7`, a symbol, stays whole;
/// a field's value loses what wraps it (`tf:GATA1,` → `tf:GATA1`), never what is inside.
/// Then English around the symbols is read as the scopes it means ([`in_roles`]); the
/// words of `vocabulary` (`ChIP`, `GTRD`, `human`) are no symbols.
pub fn tidy(text: &str, node: &Node, failing: &[&str], vocabulary: &Vocabulary) -> Option<String> {
    let mut tidied = text.to_string();
    let mut changed = false;
    for word in words(node) {
        let with = match operator(word) {
            Some(operator) => operator.to_string(),
            None if failing.contains(&word) => without_isoform(&without_punctuation(word)),
            None => continue,
        };
        if with != word {
            tidied = retype(&tidied, word, &with);
            changed = true;
        }
    }
    for (scope, value) in scoped(node) {
        let trimmed = value.trim_matches(LOOSE);
        if !trimmed.is_empty() && trimmed != value {
            tidied = rescope(&tidied, scope, value, trimmed);
            changed = true;
        }
    }
    match in_roles(&tidied, vocabulary) {
        Some(read) => Some(read),
        None => changed.then_some(tidied),
    }
}

/// The positive `field:value` terms of a query.
pub(super) fn scoped(node: &Node) -> Vec<(Scope, &str)> {
    match node {
        Node::Scoped(scope, value) => vec![(*scope, value.as_str())],
        Node::And(parts) | Node::Or(parts) => parts.iter().flat_map(scoped).collect(),
        _ => Vec::new(),
    }
}

/// The query text with the value of `scope:value` (`tf:GATA1,`, any case of the field
/// name) replaced by `with`.
fn rescope(text: &str, scope: Scope, value: &str, with: &str) -> String {
    retoken(text, |core| match core.split_once(':') {
        Some((name, typed)) if typed == value && Scope::named(name) == Some(scope) => Some(format!("{name}:{with}")),
        _ => None,
    })
}

/// What a word of English in a query says of the symbols beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum English {
    /// `of`, `in`, `the`, `what`: nothing.
    Filler,
    /// `targets`, `regulators`: the symbol it is said of (`targets of GATA1`, `GATA1
    /// targets`) takes this scope (`tf:GATA1`); `targets` between two symbols is a verb.
    Noun(Scope),
    /// `regulates`, `>`: the symbol before is the TF, the one after the target.
    Active,
    /// `regulated (by)`: the symbol before is the target, the one after the TF.
    Passive,
}

fn english(word: &str) -> Option<English> {
    Some(match word.to_lowercase().as_str() {
        "a" | "an" | "the" | "of" | "in" | "for" | "with" | "by" | "from" | "on" | "at" | "to" | "what" | "which"
        | "who" | "all" | "any" | "is" | "are" | "does" | "do" | "gene" | "genes" | "proteins" | "interactions" => {
            English::Filler
        }
        "targets" | "target" | "downstream" => English::Noun(Scope::Tf),
        "regulators" | "regulator" | "tfs" | "upstream" => English::Noun(Scope::Target),
        "orthologs" | "ortholog" | "orthologues" | "orthologue" | "homologs" | "homolog" | "homologues"
        | "homologue" => English::Noun(Scope::Ortholog),
        "regulates" | "regulate" | "regulating" | "controls" | "control" | "controlling" | "activates" | "activate"
        | "activating" | "represses" | "repress" | "repressing" | "induces" | "induce" | "inducing" | "binds"
        | "bind" | "binding" | ">" | "=>" | "->" | "-->" | "→" => English::Active,
        "regulated" | "controlled" | "activated" | "repressed" | "induced" | "bound" | "<" | "<-" | "<--" | "←" => {
            English::Passive
        }
        _ => return None,
    })
}

/// `text` with its English read as scopes: `targets of GATA1` and `GATA1 targets` as
/// `tf:GATA1`, `regulators of ALAS2` as `target:ALAS2`, `orthologs of ALAS2` as
/// `ortholog:ALAS2`, `GATA1 regulates ALAS2` (or
/// `GATA1 targets ALAS2`, `GATA1 > ALAS2`) as `tf:GATA1 target:ALAS2`, `ALAS2
/// regulated by GATA1` likewise; filler words (`of`, `in`, `what`) dropped. Only plain
/// words take a scope: not operators, scoped or grouped words, nor the words of
/// `vocabulary` (`GATA1 targets ChIP` is `tf:GATA1 ChIP`). `None` without English.
fn in_roles(text: &str, vocabulary: &Vocabulary) -> Option<String> {
    let mut tokens: Vec<&str> = text.split_whitespace().collect();
    // `transcription factors` are TFs (`transcription` alone is a word of method
    // names, `reverse transcription pcr`).
    for i in (1..tokens.len()).rev() {
        let factor = ["factor", "factors"].iter().any(|f| tokens[i].eq_ignore_ascii_case(f));
        if factor && tokens[i - 1].eq_ignore_ascii_case("transcription") {
            tokens.splice(i - 1..=i, ["tfs"]);
        }
    }
    let tokens: Vec<&str> = tokens.into_iter().flat_map(apart_at_arrows).collect();
    let said: Vec<Option<English>> = tokens.iter().map(|token| english(token)).collect();
    if said.iter().all(Option::is_none) {
        return None;
    }
    let plain = |i: usize| {
        let token = tokens[i];
        said[i].is_none()
            && operator(token).is_none()
            && !token.contains([':', '(', ')', '"'])
            && !token.starts_with('-')
            && !vocabulary.contains_key(&token.to_lowercase())
    };
    // The nearest plain word before or after `i`, over filler words only.
    let near = |i: usize, step: isize| -> Option<usize> {
        let mut j = i as isize + step;
        while j >= 0 && (j as usize) < tokens.len() {
            let k = j as usize;
            if plain(k) {
                return Some(k);
            }
            if said[k] != Some(English::Filler) {
                return None;
            }
            j += step;
        }
        None
    };
    let mut scopes: Vec<Option<Scope>> = vec![None; tokens.len()];
    let mut give = |k: Option<usize>, scope: Scope| {
        if let Some(k) = k {
            scopes[k].get_or_insert(scope);
        }
    };
    for (i, said) in said.iter().enumerate() {
        let (before, after) = (near(i, -1), near(i, 1));
        let of_follows = tokens.get(i + 1).is_some_and(|t| t.eq_ignore_ascii_case("of"));
        // `targets` between two symbols is the verb (`GATA1 targets ALAS2`).
        let verb = match said {
            Some(English::Active) => true,
            Some(English::Noun(Scope::Tf)) => before.is_some() && after.is_some() && !of_follows,
            _ => false,
        };
        match said {
            _ if verb => {
                give(before, Scope::Tf);
                give(after, Scope::Target);
            }
            Some(English::Noun(scope)) => give(if of_follows || before.is_none() { after } else { before }, *scope),
            Some(English::Passive) => {
                give(before, Scope::Target);
                give(after, Scope::Tf);
            }
            Some(English::Active | English::Filler) | None => {}
        }
    }
    let kept = tokens.iter().zip(&said).zip(&scopes).filter(|((_, said), _)| said.is_none());
    let read = kept.map(|((token, _), scope)| match scope {
        Some(scope) => format!("{}:{token}", scope.name()),
        None => token.to_string(),
    });
    Some(read.collect::<Vec<_>>().join(" "))
}

/// The two names `word` may join, best first, each with whether either is meant: a
/// name and its sibling (`GATA1/2`: GATA1 or GATA2; `STAT5A/B`), then a pair cut at a
/// `-` or `/` with a name on either side (`TP53-CDKN1A`; numbers and single letters
/// are no names: `GATA1-2` is no pair).
pub fn joined_names(word: &str) -> Vec<(String, String, bool)> {
    // A name holds a letter, and more than one character (`ALAS2/A` is no pair).
    let named = |part: &str| part.contains(char::is_alphabetic) && part.chars().nth(1).is_some();
    let mut readings = Vec::new();
    // The sibling differs in its last one or two characters, digits for digits or
    // letters for letters.
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let letters = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let alike = |a: &str, b: &str| (digits(a) && digits(b)) || (letters(a) && letters(b));
    if let Some((left, right)) = word.rsplit_once('/')
        && (1..=2).contains(&right.len())
        && let Some(at) = left.len().checked_sub(right.len()).filter(|&at| at > 0 && left.is_char_boundary(at))
        && alike(&left[at..], right)
        && named(&left[..at])
    {
        readings.push((left.to_string(), format!("{}{right}", &left[..at]), true));
    }
    let inside = word.match_indices(['-', '/']).map(|(at, _)| at).filter(|&at| at > 0 && at + 1 < word.len());
    for at in inside.filter(|&at| named(&word[..at]) && named(&word[at + 1..])) {
        readings.push((word[..at].to_string(), word[at + 1..].to_string(), false));
    }
    readings
}

/// Arrows, longest first where one begins another.
const ARROWS: [&str; 9] = ["-->", "->", "=>", "→", ">", "<--", "<-", "←", "<"];

/// A plain word with arrows inside it, as the words and arrows it is written with:
/// `GATA1->ALAS2` as `GATA1`, `->`, `ALAS2` (no symbol holds an arrow; `GATA1-ALAS2`
/// could be one). Anything else, and arrows at either end, whole.
fn apart_at_arrows(token: &str) -> Vec<&str> {
    let first = ARROWS
        .iter()
        .filter_map(|arrow| token.find(arrow).map(|at| (at, arrow.len())))
        .min_by_key(|&(at, len)| (at, std::cmp::Reverse(len)));
    match first {
        Some((at, len)) if at > 0 && at + len < token.len() && !token.contains([':', '(', ')', '"']) => {
            let mut parts = vec![&token[..at], &token[at..at + len]];
            parts.extend(apart_at_arrows(&token[at + len..]));
            parts
        }
        _ => vec![token],
    }
}

/// `text` with the typography of word processors in plain characters: dashes and
/// Unicode hyphens and minus as `-` (`NKX2–5`, `HLA‐DRB1`), curly quotes as straight
/// ones (`“gel shift”`), a no-break space as a space.
pub fn plain_typography(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
            other => other,
        })
        .collect()
}

/// The operator `word` is another spelling of, if any.
fn operator(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "or" | "||" | "|" => "OR",
        "and" | "&&" | "&" | "+" => "AND",
        "not" | "!" => "NOT",
        _ => return None,
    })
}

/// `word` split at separators (`,` `;`: AND, `|`: OR) and stripped of [`LOOSE`]
/// characters around each piece.
fn without_punctuation(word: &str) -> String {
    let alternatives: Vec<String> = word
        .split('|')
        .map(|alternative| {
            let pieces = alternative.split([',', ';']).map(|piece| piece.trim_matches(LOOSE));
            pieces.filter(|piece| !piece.is_empty()).collect::<Vec<_>>().join(" ")
        })
        .filter(|alternative| !alternative.is_empty())
        .collect();
    if let [one] = alternatives.as_slice() {
        return one.clone();
    }
    let grouped = alternatives.iter().map(|a| if a.contains(' ') { format!("({a})") } else { a.clone() });
    grouped.collect::<Vec<_>>().join(" OR ")
}

/// A UniProt isoform (`P15976-2`) as its protein's accession, which the pages name.
fn without_isoform(word: &str) -> String {
    crate::page::row::isoform_of(word).unwrap_or(word).to_string()
}

/// Characters a word may be wrapped in without their being part of a symbol.
const LOOSE: &[char] = &['.', ',', ';', ':', '\'', '"', '!', '?', '+', '&', '|'];

/// Whether `node` asks for something rather than everything: a term outside any
/// exclusion.
pub fn asks_for_something(node: &Node) -> bool {
    match node {
        Node::And(parts) => parts.iter().any(asks_for_something),
        Node::Or(parts) => parts.iter().all(asks_for_something),
        Node::Not(_) => false,
        Node::Word(_) | Node::Phrase(_) | Node::Scoped(..) | Node::Prefix(..) => true,
    }
}

/// `node` with `word` replaced by the alternatives `with` (one: the word itself; several:
/// any of them), each read as the parser reads it typed alone (`organism:human` is a
/// scope).
pub fn replace(node: &Node, word: &str, with: &[String]) -> Node {
    let term = |text: &String| match parse::parse(text) {
        Ok(node @ (Node::Word(_) | Node::Scoped(..))) => node,
        _ => Node::Word(text.clone()),
    };
    match node {
        Node::Word(w) if w == word => match with {
            [one] => term(one),
            many => Node::Or(many.iter().map(term).collect()),
        },
        Node::And(parts) => Node::And(parts.iter().map(|p| replace(p, word, with)).collect()),
        Node::Or(parts) => Node::Or(parts.iter().map(|p| replace(p, word, with)).collect()),
        other => other.clone(),
    }
}

/// For `name:value` whose name is no field but one edit from a field's name (two from
/// names of 8 letters or more), the word with that field's name: `orgnism:human` →
/// `organism:human`. Symbols with colons (`si:ch211-196l7.4`, `Nr1h3::Rxra`) are
/// further from every field name.
pub fn field_correction(word: &str) -> Option<String> {
    let (name, value) = word.split_once(':')?;
    if value.is_empty() || name.len() < 2 || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let name = name.to_ascii_lowercase();
    let allowed = if name.len() >= 8 { 2 } else { 1 };
    let mut close = Scope::ALL
        .iter()
        .map(|(field, _)| (strsim::damerau_levenshtein(&name, field), *field))
        .filter(|&(distance, _)| distance <= allowed && distance > 0);
    let (distance, field) = close.next()?;
    // Two fields equally close: nothing says which was meant.
    if close.any(|(other, _)| other == distance) {
        return None;
    }
    Some(format!("{field}:{value}"))
}

/// The query text with `word` replaced by `with`, as a user would retype it.
pub fn retype(text: &str, word: &str, with: &str) -> String {
    retoken(text, |core| (core == word).then(|| with.to_string()))
}

/// The query text with each space-separated token's core (without the parentheses
/// around it) replaced by what `new_core` gives for it, if anything.
fn retoken(text: &str, new_core: impl Fn(&str) -> Option<String>) -> String {
    let token = |token: &str| {
        let core = token.trim_start_matches('(').trim_end_matches(')');
        new_core(core).map_or_else(|| token.to_string(), |with| token.replacen(core, &with, 1))
    };
    text.split(' ').map(token).collect::<Vec<_>>().join(" ")
}

/// Words of the query language other than identifiers, which a word that matches
/// nothing may also have meant: the words of method names, database names and
/// single-word synonyms (`chip`, `human`), by lower case, with the spelling to offer.
pub type Vocabulary = BTreeMap<String, String>;

/// How good a candidate is: fewer edits, then a word of the [`Vocabulary`] (a search
/// box's `chromatn` more likely meant the method word than a rare symbol as close),
/// then more documents.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    edits: Reverse<usize>,
    vocabulary: bool,
    documents: u64,
}

/// Shortest word completed: one letter starts any word at all (`a`: `assay`, `array`,
/// accessions), no guess worth a search of a million documents.
const MIN_COMPLETED: usize = 2;

/// Indexed terms of `fields` and words of `vocabulary` that start with `prefix` (lower
/// case), best first; none for a single character.
pub fn completions(
    searcher: &Searcher,
    fields: &[Field],
    vocabulary: &Vocabulary,
    prefix: &str,
) -> Result<Vec<String>, SearchError> {
    if prefix.chars().count() < MIN_COMPLETED {
        return Ok(Vec::new());
    }
    let mut found: HashMap<String, Rank> = HashMap::new();
    for (segment, &field) in segments_and(searcher, fields) {
        facets::terms_starting(&*segment.inverted_index(field)?, prefix, |term, info| {
            let rank = found.entry(String::from_utf8_lossy(term).into_owned()).or_insert(Rank::term(0));
            rank.documents += u64::from(info.doc_freq);
            Ok(())
        })?;
    }
    let words = vocabulary.range(prefix.to_string()..).take_while(|(lower, _)| lower.starts_with(prefix));
    Ok(best(found, words.map(|(lower, shown)| (0, lower, shown)), |term| term != prefix))
}

/// Indexed terms of `fields` and words of `vocabulary` within a small edit distance of
/// `word` (lower case), without a digit: 1 for words of 4 to 7 letters, 2 from 8. None
/// for words with a digit or shorter ones.
pub fn corrections(
    searcher: &Searcher,
    fields: &[Field],
    vocabulary: &Vocabulary,
    word: &str,
) -> Result<Vec<String>, SearchError> {
    let length = word.chars().count();
    if length < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return Ok(Vec::new());
    }
    let allowed = if length >= 8 { 2 } else { 1 };
    // Nor into a word with a digit: `Soxx` is not `sox8`, whose number is its identity.
    let close = |term: &str| {
        (term.chars().count().abs_diff(length) <= allowed && !term.bytes().any(|b| b.is_ascii_digit()))
            .then(|| strsim::damerau_levenshtein(word, term))
            .filter(|&d| d <= allowed)
    };
    let mut found: HashMap<String, Rank> = HashMap::new();
    for (segment, &field) in segments_and(searcher, fields) {
        let index = segment.inverted_index(field)?;
        // Tantivy's Levenshtein automaton (transpositions cost one, as below) walks only
        // the branches of the term dictionary that can still match: a dictionary of
        // millions of terms is not read whole for each word.
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), allowed as u8, true);
        let mut stream = index.terms().search(fuzzy.automaton()?).into_stream().map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else { continue };
            if let Some(distance) = close(term) {
                let rank = found.entry(term.to_string()).or_insert(Rank::term(distance));
                rank.documents += u64::from(stream.value().doc_freq);
            }
        }
    }
    let words = vocabulary.iter().filter_map(|(lower, shown)| Some((close(lower)?, lower, shown)));
    Ok(best(found, words, |_| true))
}

impl Rank {
    fn term(edits: usize) -> Rank {
        Rank { edits: Reverse(edits), vocabulary: false, documents: 0 }
    }
}

/// Every segment with every field.
fn segments_and<'a>(
    searcher: &'a Searcher,
    fields: &'a [Field],
) -> impl Iterator<Item = (&'a tantivy::SegmentReader, &'a Field)> {
    searcher.segment_readers().iter().flat_map(move |segment| fields.iter().map(move |field| (segment, field)))
}

/// The best `MAX_CANDIDATES` of the indexed terms `found` and the vocabulary `words`
/// (edits, lower case, spelling) that `keep` accepts: by [`Rank`], then alphabetically.
fn best<'v>(
    mut found: HashMap<String, Rank>,
    words: impl Iterator<Item = (usize, &'v String, &'v String)>,
    keep: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut shown: HashMap<String, &String> = HashMap::new();
    for (edits, lower, spelling) in words {
        let rank = found.entry(lower.clone()).or_insert(Rank::term(edits));
        rank.vocabulary = true;
        shown.insert(lower.clone(), spelling);
    }
    let mut scored: Vec<(Rank, String)> = found.into_iter().filter(|(t, _)| keep(t)).map(|(t, r)| (r, t)).collect();
    let order = |a: &(Rank, String), b: &(Rank, String)| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1));
    // A short prefix has thousands of completions, of which a few are offered.
    if scored.len() > MAX_CANDIDATES {
        scored.select_nth_unstable_by(MAX_CANDIDATES - 1, order);
        scored.truncate(MAX_CANDIDATES);
    }
    scored.sort_by(order);
    scored.into_iter().map(|(_, term)| shown.get(&term).map_or(term, |s| s.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::parse::parse;

    #[test]
    fn only_positive_bare_words_are_candidates() {
        let node = parse("GATA (STAT OR tf:X) -TRRUST \"a b\"").unwrap();
        assert_eq!(words(&node), ["GATA", "STAT"]);
    }

    #[test]
    fn joined_names_are_siblings_then_pairs() {
        let read = |word| -> Vec<(String, String, bool)> { joined_names(word) };
        let both = |a: &str, b: &str, either| (a.to_string(), b.to_string(), either);
        assert_eq!(read("GATA1/2"), [both("GATA1", "GATA2", true)]);
        assert_eq!(read("STAT5A/B"), [both("STAT5A", "STAT5B", true)]);
        assert_eq!(read("Hoxa10/11"), [both("Hoxa10", "Hoxa11", true)]);
        assert_eq!(read("NKX2-5/1"), [both("NKX2-5", "NKX2-1", true)]);
        assert_eq!(read("TP53-CDKN1A"), [both("TP53", "CDKN1A", false)]);
        assert_eq!(read("p53/p21"), [both("p53", "p21", false)]);
        // Every cut with a name on either side; the index decides which names there are.
        assert_eq!(read("NKX2-5-NPPA"), [both("NKX2", "5-NPPA", false), both("NKX2-5", "NPPA", false)]);
        // The sibling's characters must be of the same kind; numbers are no names.
        for word in ["ALAS2/A", "GATA1-2", "1/2", "GATA1/", "/GATA1", "-GATA1", "NKX2-5", "αβ/γ"] {
            assert_eq!(read(word), [], "{word}");
        }
    }

    #[test]
    fn misspelt_field_names_are_corrected() {
        assert_eq!(field_correction("orgnism:human").as_deref(), Some("organism:human"));
        assert_eq!(field_correction("Taget:ALAS2").as_deref(), Some("target:ALAS2"));
        assert_eq!(field_correction("acession:P15976").as_deref(), Some("accession:P15976"));
        assert_eq!(field_correction("tff:GATA1").as_deref(), Some("tf:GATA1"));
        for word in ["si:ch211-196l7.4", "Nr1h3::Rxra", "foo:bar", "orgnism:", "GATA1", "zgc:152863"] {
            assert_eq!(field_correction(word), None, "{word}");
        }
        let node = replace(&parse("orgnism:human ChIP").unwrap(), "orgnism:human", &["organism:human".into()]);
        assert_eq!(node, parse("organism:human ChIP").unwrap());
    }

    #[test]
    fn replacing_and_retyping() {
        let node = parse("GATA ChIP").unwrap();
        let with = vec!["gata1".to_string(), "gata2".to_string()];
        assert_eq!(replace(&node, "GATA", &with), parse("(gata1 OR gata2) ChIP").unwrap());
        assert_eq!(retype("(GATA ChIP)", "GATA", "gata1"), "(gata1 ChIP)");
        assert_eq!(retype("GATAx GATA", "GATA", "gata1"), "GATAx gata1");
    }
}
