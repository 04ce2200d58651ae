//! Any text a person or a script can send: random soups of symbols, operators, scopes,
//! quotes, typography and control characters, searched as interactions and proteins,
//! and completed by `/suggest`. Whatever the input, the answer is a response or an
//! error naming its position: never a panic, and a response's total agrees with its
//! own facets. (`server_app.rs` sends random query strings to the router.)

mod common;

use rand::{Rng, SeedableRng};
use tflink_search::response::{Kind, SearchResponse};
use tflink_search::search::{Engine, SearchError, SearchRequest, SuggestRequest};
use tflink_search::{corpus, index};

/// Pieces of queries: words that match, words the query language reads specially,
/// and characters that have broken parsers elsewhere.
const PIECES: &[&str] = &[
    "WLD1",
    "wld2",
    "Wld3",
    "WLD",
    "WLD1*",
    "P90004",
    "p9000*",
    "ALAS2",
    "GATA1",
    "P22557",
    "212",
    "100",
    "201",
    "ChIP",
    "chromatin",
    "EMSA",
    "gel shift",
    "GTRD",
    "ReMap",
    "DoRothEA",
    "human",
    "mouse",
    "yeast",
    "p53",
    "NF-κB",
    "ADE5,7",
    "HBA1;HBA2",
    "Dmel\\CG18081",
    "Nr1h3::Rxra",
    "OUTSIDE",
    "Q8OUT1",
    "tf:",
    "target:",
    "protein:",
    "accession:",
    "gene:",
    "organism:",
    "database:",
    "method:",
    "pmid:",
    "curated:",
    "ortholog:",
    "colour:",
    "yes",
    "no",
    "OR",
    "AND",
    "NOT",
    "or",
    "not",
    "||",
    "&&",
    "-",
    "--",
    "->",
    "<-",
    "(",
    ")",
    "\"",
    "'",
    "*",
    "?",
    "~",
    "^2",
    "\\",
    "/",
    ":",
    "::",
    ",",
    ";",
    ".",
    "…",
    "“",
    "”",
    "’",
    "–",
    "\u{0}",
    "\u{1f}",
    "\t",
    "\n",
    "\u{200b}",
    "\u{feff}",
    "İ",
    "ß",
    "ﬁ",
    "🧬",
    "αβ",
    "targets of",
    "regulators of",
    "regulated by",
    "regulates",
    "Alaz",
    "chromatn",
    "%",
    "%20",
    "&amp;",
    "<a href=x>",
    "99999999999999999999",
    "0",
    "-0",
    // Readings of this project's own: compact identifiers, roles, the curation flag,
    // isoforms, letters written apart, symbols in another organism.
    "uniprot:",
    "pubmed:",
    "species:",
    "transcription factors",
    "TFs",
    "small-scale",
    "curated",
    "P22557-2",
    "HIF1 alpha",
    "yeast ALAS2",
    // Names joined as papers join them, glued arrows, literature names of targets,
    // English roles, everything.
    "/",
    "->",
    "→",
    "<--",
    "GATA1/2",
    "ALAS2-GATA1",
    "α/β",
    "p21",
    "orthologs of",
    "upstream",
    "downstream",
    "*",
    "*:*",
];

/// Pieces that make a query unparsable on their own (an open quote or parenthesis, a
/// scope without its value): taken less often, so most queries are searched.
fn breaks_queries(piece: &str) -> bool {
    piece.ends_with(':') || piece.contains(['"', '(', ')']) || piece == "-" || piece == "--"
}

fn soup(random: &mut rand_chacha::ChaCha8Rng) -> String {
    let mut query = String::new();
    for _ in 0..random.random_range(1..8) {
        let piece = PIECES[random.random_range(0..PIECES.len())];
        if breaks_queries(piece) && random.random_bool(0.8) {
            continue;
        }
        query.push_str(piece);
        if random.random_bool(0.6) {
            query.push(' ');
        }
    }
    query
}

/// The seed page beside a small world of pages that list each other (mouse pages,
/// one-sided rows), indexed for real.
fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    common::write_world(&pages, 40, 3, true);
    std::fs::copy(common::seeds().join("P22557.md"), pages.join("P22557.md")).unwrap();
    let folder = dir.path().join("index");
    index::build(&folder, &corpus::load(&pages).unwrap()).unwrap();
    let engine = Engine::open(&folder).unwrap();
    (dir, engine)
}

/// Facets a response must agree with: every document has one organism and one
/// curation flag, so each of those facets sums to the total unless the query filters
/// it (a filter of its own facet does not apply to its counts).
fn check_consistent(query: &str, response: &SearchResponse) {
    assert!(response.hits.len() as u64 <= response.total, "{query:?}: more hits than the total");
    let lower = query.to_lowercase();
    let filters = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let unfiltered = [
        ("organism", &response.facets.organism, !filters(&["organism:", "species:", "human", "mouse", "yeast"])),
        ("curated", &response.facets.curated, !filters(&["curated", "small-scale"])),
    ];
    for (facet, counts, _) in unfiltered.into_iter().filter(|(_, _, unfiltered)| *unfiltered) {
        let sum: u64 = counts.values().sum();
        assert_eq!(sum, response.total, "{query:?}: the {facet} facet counts {sum} documents of {}", response.total);
    }
}

#[test]
fn any_query_text_is_answered_or_refused_with_its_position() {
    let (_dir, engine) = engine();
    let mut random = rand_chacha::ChaCha8Rng::seed_from_u64(17);
    let (mut answered, mut refused) = (0, 0);
    for _ in 0..1500 {
        let query = soup(&mut random);
        for kind in [Kind::Interaction, Kind::Protein] {
            let request = SearchRequest { query: query.clone(), kind, ..Default::default() };
            match engine.search(&request) {
                Ok(response) => {
                    check_consistent(&query, &response);
                    answered += 1;
                }
                Err(SearchError::Query(message)) => {
                    let position: usize = message
                        .strip_prefix("at position ")
                        .and_then(|rest| rest.split(':').next())
                        .and_then(|n| n.parse().ok())
                        .unwrap_or_else(|| panic!("{query:?}: the error names no position: {message}"));
                    assert!(
                        (1..=query.chars().count() + 1).contains(&position),
                        "{query:?}: position {position} is outside the query: {message}"
                    );
                    refused += 1;
                }
                Err(other) => panic!("{query:?} ({kind:?}): {other}"),
            }
        }
        let suggest = SuggestRequest { query: query.clone(), organism: Vec::new(), limit: 10 };
        let suggestions = engine.suggest(&suggest).unwrap_or_else(|e| panic!("/suggest {query:?}: {e}"));
        assert!(suggestions.suggestions.len() <= 10, "{query:?}");
    }
    // Both paths were taken often enough to mean something.
    assert!(answered > 1000 && refused > 300, "answered {answered}, refused {refused}");
}
