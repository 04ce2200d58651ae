//! The query language: `GATA1 ChIP`, `"gel shift"`, `GATA1 OR GATA2`, `-TRRUST` (or
//! `NOT TRRUST`),
//! `(a OR b) c`, `tf:GATA1`, `organism:"Mus musculus"`.
//!
//! Symbols carry punctuation (`NKX2-5`, `su(Hw)`, `Nr1h3::Rxra`, `si:ch211-196l7.4`,
//! `ADE5,7`), so operators are recognised only at word boundaries: `-` at the start of
//! a word, `(` and `)` only where they do not balance inside the word, and `field:`
//! only for the known field names. Anything else is part of the word. A scope may
//! cover a group, `tf:(GATA1 OR TAL1)`: it applies to every term inside. A word ending
//! in `*` (`GATA*`, `tf:HOX*`) is a prefix; quoted (`"GATA*"`) it is a word like any
//! other.

use std::fmt;

/// A field a term can be scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Tf,
    Target,
    Protein,
    Accession,
    Gene,
    Organism,
    Database,
    Method,
    Pmid,
    Ortholog,
    Curated,
}

impl Scope {
    /// Every scope by its field name.
    pub const ALL: [(&'static str, Scope); 11] = [
        ("tf", Scope::Tf),
        ("target", Scope::Target),
        ("protein", Scope::Protein),
        ("accession", Scope::Accession),
        ("gene", Scope::Gene),
        ("organism", Scope::Organism),
        ("database", Scope::Database),
        ("method", Scope::Method),
        ("pmid", Scope::Pmid),
        ("ortholog", Scope::Ortholog),
        ("curated", Scope::Curated),
    ];

    /// Other names of scopes: the prefixes of compact identifiers as pasted from
    /// databases and papers (`uniprot:P15976`, `pubmed:27924024`, `ncbigene:2623`).
    pub const ALIASES: [(&'static str, Scope); 8] = [
        ("uniprot", Scope::Accession),
        ("uniprotkb", Scope::Accession),
        ("pubmed", Scope::Pmid),
        ("ncbigene", Scope::Gene),
        ("geneid", Scope::Gene),
        ("entrez", Scope::Gene),
        ("species", Scope::Organism),
        ("source", Scope::Database),
    ];

    /// The scope a field name or alias (any case) names.
    pub fn named(name: &str) -> Option<Scope> {
        let mut names = Scope::ALL.iter().chain(&Scope::ALIASES);
        names.find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, s)| *s)
    }

    /// The field name of the scope.
    pub fn name(self) -> &'static str {
        Scope::ALL.iter().find(|(_, s)| *s == self).map(|(n, _)| *n).expect("every scope is listed")
    }

    /// Why `value` cannot follow this scope, if it cannot: identifiers have a shape,
    /// the curation flag two values.
    pub fn refusal(self, value: &str) -> Option<String> {
        let number = || value.bytes().all(|b| b.is_ascii_digit());
        let reason = match self {
            Scope::Accession if !crate::page::row::is_accession(value) => "not a UniProt accession",
            Scope::Gene if !number() => "an NCBI gene id is a number",
            Scope::Pmid if !number() => "a PubMed id is a number",
            Scope::Curated if !["yes", "no"].iter().any(|v| v.eq_ignore_ascii_case(value)) => {
                "expected curated:yes or curated:no"
            }
            _ => return None,
        };
        Some(format!("{}:{value}: {reason}", self.name()))
    }

    /// Whether `scope:ABC*` can complete: prefixes complete symbols, accessions and
    /// gene ids, the values of these scopes.
    pub fn completes(self) -> bool {
        matches!(self, Scope::Tf | Scope::Target | Scope::Protein | Scope::Accession)
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A bare word.
    Word(String),
    /// A quoted phrase.
    Phrase(String),
    /// `field:value` (the value a word or a phrase).
    Scoped(Scope, String),
    /// `GATA*` or `field:GATA*`: identifiers starting with the stem (`GATA`).
    Prefix(Option<Scope>, String),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// A query that cannot be parsed: what is wrong and where (1-based character position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub position: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at position {}: {}", self.position, self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Minus,
    /// `NOT`, as PubMed and Lucene write `-`.
    Not,
    Or,
    And,
    Word(String),
    Phrase(String),
    Scoped(Scope, String),
    Prefix(Option<Scope>, String),
    /// `field:(`, opening a group the scope applies to.
    ScopeOpen(Scope),
}

fn error<T>(position: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { position: position + 1, message: message.into() })
}

/// Splits the query into tokens with their (0-based) character positions.
fn lex(text: &str) -> Result<Vec<(usize, Token)>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        if chars[i] == '"' {
            let (phrase, next) = phrase(&chars, i)?;
            tokens.push((i, Token::Phrase(phrase)));
            i = next;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        // `-"a phrase"`, `field:"a phrase"`, `(-field:"a phrase"`: the word ends at a quote.
        if i < chars.len() && chars[i] == '"' {
            let (mut head, position) = peel(&word, start, &mut tokens);
            if let Some(scope) = head.strip_suffix(":(").and_then(Scope::named) {
                tokens.push((position, Token::ScopeOpen(scope)));
                head = "";
            }
            let (phrase, next) = phrase(&chars, i)?;
            match head.strip_suffix(':').and_then(Scope::named) {
                Some(scope) => tokens.push((position, Token::Scoped(scope, phrase))),
                None if head.is_empty() => tokens.push((i, Token::Phrase(phrase))),
                None => return error(i, "a quote must start a phrase (put a space before it)"),
            }
            i = next;
            continue;
        }
        word_tokens(&word, start, &mut tokens)?;
    }
    Ok(tokens)
}

/// Peels the grouping parentheses and exclusions a word starts with (`(`, `-`,
/// `-(-`), pushing their tokens; returns the rest of the word and its position.
fn peel<'a>(word: &'a str, start: usize, tokens: &mut Vec<(usize, Token)>) -> (&'a str, usize) {
    let (mut head, mut position) = (word, start);
    loop {
        let token = match head.chars().next() {
            Some('(') => Token::Open,
            // `->`, `-->`: an arrow, a word (read by the loose reading), not an exclusion.
            Some('-') if head.trim_start_matches('-').starts_with('>') => return (head, position),
            Some('-') => Token::Minus,
            _ => return (head, position),
        };
        tokens.push((position, token));
        (head, position) = (&head[1..], position + 1);
    }
}

/// The phrase starting with the quote at `start`, and the position after its end.
fn phrase(chars: &[char], start: usize) -> Result<(String, usize), ParseError> {
    let Some(length) = chars[start + 1..].iter().position(|&c| c == '"') else {
        return error(start, "this quote is never closed");
    };
    let text: String = chars[start + 1..start + 1 + length].iter().collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return error(start, "empty phrase");
    }
    Ok((text, start + length + 2))
}

/// Tokens of one whitespace-delimited word: grouping parentheses peeled off its ends,
/// a leading `-`, an operator keyword, a scope (or a scope opening a group), or the
/// word itself.
fn word_tokens(word: &str, start: usize, tokens: &mut Vec<(usize, Token)>) -> Result<(), ParseError> {
    let (mut core, position) = peel(word, start, tokens);
    if core.is_empty() && matches!(tokens.last(), Some((_, Token::Minus))) {
        return error(position - 1, "nothing to exclude after -");
    }
    if let Some((name, rest)) = core.split_once(":(")
        && let Some(scope) = Scope::named(name)
    {
        tokens.push((position, Token::ScopeOpen(scope)));
        let inner = position + name.chars().count() + 2;
        return if rest.is_empty() { Ok(()) } else { word_tokens(rest, inner, tokens) };
    }
    // Closing parentheses are peeled only after the opening ones: `-(GATA1)` and
    // `(su(Hw))` must see the same balance as `GATA1)` and `su(Hw))`.
    let mut closes = 0;
    while core.ends_with(')') && core.matches(')').count() > core.matches('(').count() {
        core = &core[..core.len() - 1];
        closes += 1;
    }
    if !core.is_empty() {
        let (scope, value) = match core.split_once(':') {
            Some((name, value)) if !value.starts_with(':') && Scope::named(name).is_some() => {
                (Scope::named(name), value)
            }
            _ => (None, core),
        };
        let stem = value.trim_end_matches('*');
        let token = match (core, scope) {
            ("OR", _) => Token::Or,
            ("AND", _) => Token::And,
            ("NOT", _) => Token::Not,
            (_, Some(scope)) if value.is_empty() => return error(position, format!("{}: needs a value", scope.name())),
            _ if stem.is_empty() => return error(position, "* ends a prefix and needs its start before it (GATA*)"),
            _ if stem.len() < value.len() => Token::Prefix(scope, stem.to_string()),
            (_, Some(scope)) => Token::Scoped(scope, value.to_string()),
            (_, None) => Token::Word(core.to_string()),
        };
        tokens.push((position, token));
    }
    let end = start + word.chars().count();
    for k in 0..closes {
        tokens.push((end - closes + k, Token::Close));
    }
    Ok(())
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    next: usize,
    end: usize,
    /// The scope of the group being read (`tf:(` … `)`), which its words take.
    scope: Option<Scope>,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(_, t)| t)
    }

    fn position(&self) -> usize {
        self.tokens.get(self.next).map_or(self.end, |(p, _)| *p)
    }

    /// or := and ("OR" and)*
    fn or(&mut self) -> Result<Node, ParseError> {
        let mut alternatives = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.next += 1;
            alternatives.push(self.and()?);
        }
        Ok(if alternatives.len() == 1 { alternatives.remove(0) } else { Node::Or(distinct(alternatives)) })
    }

    /// and := unary ("AND"? unary)*
    fn and(&mut self) -> Result<Node, ParseError> {
        let mut all = Vec::new();
        loop {
            match self.peek() {
                None | Some(Token::Close) | Some(Token::Or) => break,
                Some(Token::And) => {
                    if all.is_empty() {
                        return error(self.position(), "AND needs a term before it");
                    }
                    self.next += 1;
                    if matches!(self.peek(), None | Some(Token::Close) | Some(Token::Or) | Some(Token::And)) {
                        return error(self.position(), "AND needs a term after it");
                    }
                }
                _ => all.push(self.unary()?),
            }
        }
        match all.len() {
            0 => match self.peek() {
                Some(Token::Or) => error(self.position(), "OR needs a term on each side"),
                Some(Token::Close) => error(self.position(), "nothing before this )"),
                _ if self.next > 0 && matches!(self.tokens[self.next - 1].1, Token::Or) => {
                    error(self.tokens[self.next - 1].0, "OR needs a term on each side")
                }
                _ => Ok(Node::And(vec![])),
            },
            1 => Ok(all.remove(0)),
            _ => match distinct(all) {
                mut one if one.len() == 1 => Ok(one.remove(0)),
                all => Ok(Node::And(all)),
            },
        }
    }

    /// unary := ("-" | "NOT") primary | primary
    fn unary(&mut self) -> Result<Node, ParseError> {
        if matches!(self.peek(), Some(Token::Minus | Token::Not)) {
            self.next += 1;
            return Ok(Node::Not(Box::new(self.primary()?)));
        }
        self.primary()
    }

    /// Refuses a value its scope (`scope`, or the group's) cannot take, at `position`.
    fn checked(&self, position: usize, scope: Option<Scope>, value: &str) -> Result<(), ParseError> {
        match scope.or(self.scope).and_then(|scope| scope.refusal(value)) {
            Some(refusal) => error(position, refusal),
            None => Ok(()),
        }
    }

    /// The rest of a group opened at `position`, up to its `)`.
    fn group(&mut self, position: usize) -> Result<Node, ParseError> {
        if self.peek() == Some(&Token::Close) {
            return error(position, "empty parentheses");
        }
        let inner = self.or()?;
        if self.peek() != Some(&Token::Close) {
            return error(position, "this ( is never closed");
        }
        self.next += 1;
        Ok(inner)
    }

    /// primary := "(" or ")" | scope "(" or ")" | word | phrase | scoped
    fn primary(&mut self) -> Result<Node, ParseError> {
        let position = self.position();
        let Some((_, token)) = self.tokens.get(self.next).cloned() else {
            return error(position, "the query ends where a term was expected");
        };
        self.next += 1;
        match token {
            Token::Word(w) => self.checked(position, None, &w).map(|()| Node::Word(w)),
            Token::Phrase(p) => self.checked(position, None, &p).map(|()| Node::Phrase(p)),
            Token::Scoped(s, v) => self.checked(position, Some(s), &v).map(|()| Node::Scoped(s, v)),
            Token::Prefix(s, stem) => match s.or(self.scope) {
                Some(scope) if !scope.completes() => error(
                    position,
                    format!(
                        "{}:{stem}*: a prefix (*) completes symbols, accessions and gene ids: \
                         use it alone or after tf:, target:, protein: or accession:",
                        scope.name()
                    ),
                ),
                _ => Ok(Node::Prefix(s, stem)),
            },
            Token::Open => self.group(position),
            Token::ScopeOpen(scope) => {
                let outer = self.scope.replace(scope);
                let inner = self.group(position);
                self.scope = outer;
                within(scope, inner?).or_else(|inner: Scope| {
                    error(position, format!("{}:( ) cannot hold another field ({}:)", scope.name(), inner.name()))
                })
            }
            Token::Close => error(position, "this ) closes nothing"),
            Token::Minus => error(position, "- must be followed by a term"),
            Token::Not => error(position, "NOT must be followed by a term"),
            Token::Or | Token::And => error(position, "OR and AND need a term on each side"),
        }
    }
}

/// `nodes` without repeats, in order: `a a` asks for what `a` does (and `a OR a`), and
/// a pasted text repeating a word hundreds of times must not cost hundreds of times.
fn distinct(mut nodes: Vec<Node>) -> Vec<Node> {
    let mut kept = 0;
    for i in 0..nodes.len() {
        if !nodes[..kept].contains(&nodes[i]) {
            nodes.swap(kept, i);
            kept += 1;
        }
    }
    nodes.truncate(kept);
    nodes
}

/// `node` with `scope` applied to each of its words and phrases, or the scope already
/// on one of its terms.
fn within(scope: Scope, node: Node) -> Result<Node, Scope> {
    let all = |nodes: Vec<Node>| nodes.into_iter().map(|n| within(scope, n)).collect::<Result<Vec<_>, _>>();
    Ok(match node {
        Node::Word(text) | Node::Phrase(text) => Node::Scoped(scope, text),
        Node::Prefix(None, stem) => Node::Prefix(Some(scope), stem),
        Node::Scoped(inner, _) | Node::Prefix(Some(inner), _) => return Err(inner),
        Node::And(nodes) => Node::And(all(nodes)?),
        Node::Or(nodes) => Node::Or(all(nodes)?),
        Node::Not(inner) => Node::Not(Box::new(within(scope, *inner)?)),
    })
}

/// Parses a query. An empty (or all-blank) query is `And([])`, matching everything.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    // `*` alone (Lucene's `*:*`) is how search boxes ask for everything: the empty query.
    let text = if matches!(text.trim(), "*" | "*:*") { "" } else { text };
    let tokens = lex(text)?;
    let end = text.chars().count();
    let mut parser = Parser { tokens, next: 0, end, scope: None };
    let node = parser.or()?;
    if let Some((position, _)) = parser.tokens.get(parser.next) {
        return error(*position, "this ) closes nothing");
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Node::*;

    fn w(s: &str) -> Node {
        Word(s.into())
    }

    #[test]
    fn symbols_with_punctuation_are_single_words() {
        for symbol in [
            "NKX2-5",
            "Nr1h3::Rxra",
            "Abd-B",
            "daf-16",
            "HLA-DRB1",
            "ADE5,7",
            r"Dmel\CG18081",
            "su(Hw)",
            "E(z)",
            "l(3)mbt",
            "Su(var)205",
            "si:ch211-196l7.4",
            "CUT&RUN",
            "CG8788-3'utr",
        ] {
            assert_eq!(parse(symbol), Ok(w(symbol)), "{symbol}");
        }
    }

    #[test]
    fn terms_phrases_and_scopes() {
        assert_eq!(parse("GATA1 ChIP"), Ok(And(vec![w("GATA1"), w("ChIP")])));
        assert_eq!(parse("  \"gel   shift\" "), Ok(Phrase("gel shift".into())));
        assert_eq!(
            parse("tf:GATA1 Target:ALAS2"),
            Ok(And(vec![Scoped(Scope::Tf, "GATA1".into()), Scoped(Scope::Target, "ALAS2".into())]))
        );
        assert_eq!(parse("organism:\"Mus musculus\""), Ok(Scoped(Scope::Organism, "Mus musculus".into())));
        assert_eq!(
            parse("curated:yes pmid:27924024"),
            Ok(And(vec![Scoped(Scope::Curated, "yes".into()), Scoped(Scope::Pmid, "27924024".into())]))
        );
        assert_eq!(parse(""), Ok(And(vec![])));
        // A lone star asks for everything, as in the engines search boxes know.
        for everything in ["*", " * ", "*:*"] {
            assert_eq!(parse(everything), Ok(And(vec![])), "{everything:?}");
        }
        assert_eq!(parse("   "), Ok(And(vec![])));
        // Compact identifiers as pasted, their prefixes read as the fields they name.
        assert_eq!(
            parse("UniProtKB:P15976 pubmed:27924024 NCBIGene:2623"),
            Ok(And(vec![
                Scoped(Scope::Accession, "P15976".into()),
                Scoped(Scope::Pmid, "27924024".into()),
                Scoped(Scope::Gene, "2623".into())
            ]))
        );
    }

    #[test]
    fn repeats_are_asked_once() {
        assert_eq!(parse("GATA1 ChIP GATA1"), Ok(And(vec![w("GATA1"), w("ChIP")])));
        assert_eq!(parse("a a a"), Ok(w("a")));
        assert_eq!(parse("a OR b OR a"), Ok(Or(vec![w("a"), w("b")])));
        // Only the same words: case and scope make others.
        assert_eq!(parse("a A tf:a"), Ok(And(vec![w("a"), w("A"), Scoped(Scope::Tf, "a".into())])));
    }

    #[test]
    fn or_not_and_groups() {
        assert_eq!(parse("GATA1 OR GATA2"), Ok(Or(vec![w("GATA1"), w("GATA2")])));
        assert_eq!(parse("a b OR c"), Ok(Or(vec![And(vec![w("a"), w("b")]), w("c")])));
        assert_eq!(parse("a AND b"), Ok(And(vec![w("a"), w("b")])));
        assert_eq!(parse("GATA1 -TRRUST"), Ok(And(vec![w("GATA1"), Not(Box::new(w("TRRUST")))])));
        assert_eq!(parse("-\"inferred by curator\""), Ok(Not(Box::new(Phrase("inferred by curator".into())))));
        assert_eq!(parse("(GATA1 OR TAL1) ChIP"), Ok(And(vec![Or(vec![w("GATA1"), w("TAL1")]), w("ChIP")])));
        assert_eq!(parse("-(a OR b)"), Ok(Not(Box::new(Or(vec![w("a"), w("b")])))));
        assert_eq!(
            parse("-organism:\"Mus musculus\""),
            Ok(Not(Box::new(Scoped(Scope::Organism, "Mus musculus".into()))))
        );
        assert_eq!(parse("(GATA1 OR su(Hw))"), Ok(Or(vec![w("GATA1"), w("su(Hw)")])));
        assert_eq!(parse("((E(z)))"), Ok(w("E(z)")));
        assert_eq!(parse("or and"), Ok(And(vec![w("or"), w("and")])), "keywords are upper case");
        assert_eq!(parse("-(GATA1)"), Ok(Not(Box::new(w("GATA1")))));
        assert_eq!(parse("GATA1 NOT TRRUST"), parse("GATA1 -TRRUST"));
        assert_eq!(parse("GATA1 AND NOT (TRRUST OR HTRI)"), parse("GATA1 -(TRRUST OR HTRI)"));
        assert_eq!(parse("not NOT1"), Ok(And(vec![w("not"), w("NOT1")])), "a keyword only in upper case, alone");
        assert_eq!(parse("-(su(Hw))"), Ok(Not(Box::new(w("su(Hw)")))));
        // An exclusion inside a group that opens with one: each `-` is an operator.
        let not = |n: Node| Not(Box::new(n));
        assert_eq!(parse("-(-GATA1)"), Ok(not(not(w("GATA1")))));
        assert_eq!(parse("-(-(-GATA1))"), Ok(not(not(not(w("GATA1"))))));
        assert_eq!(parse("-(-GATA1 TAL1)"), Ok(not(And(vec![not(w("GATA1")), w("TAL1")]))));
        assert_eq!(parse("-(-\"gel shift\")"), Ok(not(not(Phrase("gel shift".into())))));
        assert_eq!(parse("NKX2-5 -(-Abd-B)"), Ok(And(vec![w("NKX2-5"), not(not(w("Abd-B")))])));
        // An arrow is a word, not an exclusion.
        assert_eq!(parse("GATA1 -> ALAS2"), Ok(And(vec![w("GATA1"), w("->"), w("ALAS2")])));
        assert_eq!(parse("GATA1 --> ALAS2"), Ok(And(vec![w("GATA1"), w("-->"), w("ALAS2")])));
    }

    #[test]
    fn a_scope_covers_a_group() {
        let tf = |s: &str| Scoped(Scope::Tf, s.into());
        assert_eq!(parse("tf:(GATA1 OR TAL1)"), Ok(Or(vec![tf("GATA1"), tf("TAL1")])));
        assert_eq!(parse("tf:( GATA1 )"), Ok(tf("GATA1")));
        assert_eq!(parse("tf:(su(Hw))"), Ok(tf("su(Hw)")));
        assert_eq!(parse("tf:(GATA1 -\"TAL1\")"), Ok(And(vec![tf("GATA1"), Not(Box::new(tf("TAL1")))])));
        assert_eq!(parse("tf:(\"GATA1\" OR TAL1)"), Ok(Or(vec![tf("GATA1"), tf("TAL1")])));
        assert_eq!(
            parse("-organism:(human OR mouse) ChIP"),
            Ok(And(vec![
                Not(Box::new(Or(vec![
                    Scoped(Scope::Organism, "human".into()),
                    Scoped(Scope::Organism, "mouse".into())
                ]))),
                w("ChIP")
            ]))
        );
        assert_eq!(parse("(tf:(GATA1 OR TAL1))"), Ok(Or(vec![tf("GATA1"), tf("TAL1")])));
    }

    #[test]
    fn a_trailing_star_makes_a_prefix() {
        let prefix = |scope: Option<Scope>, stem: &str| Prefix(scope, stem.into());
        assert_eq!(parse("GATA*"), Ok(prefix(None, "GATA")));
        assert_eq!(parse("tf:HOX* ChIP"), Ok(And(vec![prefix(Some(Scope::Tf), "HOX"), w("ChIP")])));
        assert_eq!(parse("-(Gata*)"), Ok(Not(Box::new(prefix(None, "Gata")))));
        assert_eq!(
            parse("target:(ALA* OR HB*)"),
            Ok(Or(vec![prefix(Some(Scope::Target), "ALA"), prefix(Some(Scope::Target), "HB")]))
        );
        assert_eq!(parse("su(Hw)**"), Ok(prefix(None, "su(Hw)")));
        assert_eq!(parse("\"GATA*\""), Ok(Phrase("GATA*".into())), "quoted, a star is part of the word");
        assert_eq!(parse("GA*TA"), Ok(w("GA*TA")), "only a trailing star is an operator");
    }

    /// Random strings over the language's punctuation never panic the parser, and
    /// every error points inside the text (or just past its end).
    #[test]
    fn random_text_parses_or_points_inside_it() {
        use rand::{Rng, SeedableRng};
        let pieces =
            ["(", ")", "\"", "-", "*", ":", " ", "OR", "AND", "NOT", "tf:", "organism:(", "GATA1", "su(Hw)", "é", "a"];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for _ in 0..20_000 {
            let length = rng.random_range(0..12);
            let text: String = (0..length).map(|_| pieces[rng.random_range(0..pieces.len())]).collect();
            if let Err(e) = parse(&text) {
                assert!(e.position >= 1 && e.position <= text.chars().count() + 1, "{text:?}: {e}");
            }
        }
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn errors_point_at_the_position() {
        assert_eq!(err("GATA1 \"ChIP"), "at position 7: this quote is never closed");
        assert_eq!(err("(GATA1 OR GATA2"), "at position 1: this ( is never closed");
        assert_eq!(err("GATA1)"), "at position 6: this ) closes nothing");
        assert_eq!(err("OR GATA1"), "at position 1: OR needs a term on each side");
        assert_eq!(err("GATA1 OR"), "at position 7: OR needs a term on each side");
        assert_eq!(err("GATA1 OR OR GATA2"), "at position 10: OR needs a term on each side");
        assert_eq!(err("GATA1 - x"), "at position 7: nothing to exclude after -");
        assert_eq!(err("GATA1 -(-"), "at position 9: nothing to exclude after -");
        assert_eq!(err("GATA1 --x"), "at position 8: - must be followed by a term");
        assert_eq!(err("()"), "at position 1: empty parentheses");
        assert_eq!(err("tf: GATA1"), "at position 1: tf: needs a value");
        assert_eq!(err("\"\""), "at position 1: empty phrase");
        assert_eq!(err("GATA1\"x\""), "at position 6: a quote must start a phrase (put a space before it)");
        assert_eq!(err("AND GATA1"), "at position 1: AND needs a term before it");
        assert_eq!(err("GATA1 AND"), "at position 10: AND needs a term after it");
        assert_eq!(err("a (b OR )"), "at position 9: nothing before this )");
        assert_eq!(err("tf:(GATA1 OR TAL1"), "at position 1: this ( is never closed");
        assert_eq!(err("tf:()"), "at position 1: empty parentheses");
        assert_eq!(err("GATA1 NOT"), "at position 10: the query ends where a term was expected");
        assert_eq!(err("GATA1 NOT NOT x"), "at position 11: NOT must be followed by a term");
        assert_eq!(err("x tf:(GATA1 OR target:ALAS2)"), "at position 3: tf:( ) cannot hold another field (target:)");
        assert_eq!(err("GATA1 *"), "at position 7: * ends a prefix and needs its start before it (GATA*)");
        assert_eq!(err("* *"), "at position 1: * ends a prefix and needs its start before it (GATA*)");
        assert_eq!(err("tf:*"), "at position 1: * ends a prefix and needs its start before it (GATA*)");
        assert_eq!(err("tf:(GATA* OR target:HB*)"), "at position 1: tf:( ) cannot hold another field (target:)");
    }

    #[test]
    fn values_a_scope_cannot_take_point_at_the_term() {
        assert_eq!(err("GATA1 curated:maybe"), "at position 7: curated:maybe: expected curated:yes or curated:no");
        assert_eq!(
            err("x curated:(yes OR maybe)"),
            "at position 19: curated:maybe: expected curated:yes or curated:no"
        );
        assert_eq!(err("accession:GATA1"), "at position 1: accession:GATA1: not a UniProt accession");
        assert_eq!(err("x -gene:(2623 OR GATA1)"), "at position 18: gene:GATA1: an NCBI gene id is a number");
        assert_eq!(err("pmid:\"12 34\""), "at position 1: pmid:12 34: a PubMed id is a number");
        assert_eq!(
            err("GATA1 organism:(hum* OR mouse)"),
            "at position 17: organism:hum*: a prefix (*) completes symbols, accessions and gene ids: \
             use it alone or after tf:, target:, protein: or accession:"
        );
        // Values in any case, and prefixes where they complete identifiers.
        assert!(parse("curated:YES accession:p15976 gene:(2623 OR 212) tf:(GATA* OR TAL1) accession:P156*").is_ok());
    }
}
