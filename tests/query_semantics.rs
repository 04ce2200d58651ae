//! The query language's boolean semantics against an independent evaluator. Random
//! queries are generated as trees of symbols, aliases, prefixes, scopes, databases,
//! organisms and curation, written out as a person might type them (any case,
//! `AND` or a space, `-` or `NOT`, parentheses where needed and sometimes where not),
//! and each exact total, of interactions and of proteins, is compared with the tree
//! evaluated over the interactions this test wrote into the pages: no parser or index
//! of ours on the expected side.

mod common;

use common::{page, row};
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;
use tflink_search::response::Kind;
use tflink_search::search::synonyms::Synonyms;
use tflink_search::search::{Engine, SearchRequest};
use tflink_search::{corpus, index};

/// Symbols with the punctuation real ones have: a hyphen, parentheses, a comma.
const SYMBOLS: [&str; 8] = ["ALPHA1", "BETA-2", "GAMMA", "su(Del)", "ADE3,4", "Eps", "ZETA9", "ETA-Q"];
const DATABASES: [&str; 4] = ["GTRD", "ReMap", "TRRUST", "JASPAR"];
/// The species of the symbols' proteins: the first five human, the rest mouse.
const SPECIES: [&str; 2] = ["Homo sapiens", "Mus musculus"];

fn species(symbol: usize) -> usize {
    usize::from(symbol >= 5)
}

type Random = rand_chacha::ChaCha8Rng;

/// One interaction as written into the pages: the union of both sides' evidence.
struct Interaction {
    tf: usize,
    target: usize,
    databases: BTreeSet<&'static str>,
    pubmed: BTreeSet<&'static str>,
    curated: bool,
}

/// PubMed ids rows cite (a few of them each, or none).
const PUBMED: [&str; 5] = ["1001", "1002", "1003", "1004", "1005"];

/// What a protein's own page lists: the databases and curation flags of its rows.
#[derive(Default, Clone)]
struct Page {
    databases: BTreeSet<&'static str>,
    curated: bool,
}

/// Proteins named in a query, and how: a symbol, an alias, a prefix, a group
/// (`tf:(A OR B)` scopes each).
struct Named {
    symbols: Vec<usize>,
    written: String,
}

/// Aliases the engine is given (`symbol` synonyms), with the symbols they stand for.
const ALIASES: [(&str, &[usize]); 3] = [("alf", &[0]), ("bg-family", &[1, 2]), ("murine3", &[5, 6, 7])];
/// Prefixes typed: `stem*` names the symbols starting so, in any case.
const STEMS: [&str; 4] = ["AL", "e", "BETA", "Ze"];

enum Query {
    Named(Named),
    Tf(Named),
    Target(Named),
    Database(usize),
    DatabaseScope(usize),
    Curated(bool),
    Organism(usize),
    And(Vec<Query>),
    Or(Vec<Query>),
    Not(Box<Query>),
}

fn accession(i: usize) -> String {
    format!("P1{:04}", i + 1)
}

/// Interactions between the symbols' proteins, each side listing its own subset of
/// databases (the target's side sometimes none: a one-sided interaction).
fn interactions(rng: &mut Random) -> Vec<Interaction> {
    let mut pairs = BTreeSet::new();
    while pairs.len() < 24 {
        let (tf, target) = (rng.random_range(0..SYMBOLS.len()), rng.random_range(0..SYMBOLS.len()));
        // An interaction is within one species.
        if tf != target && species(tf) == species(target) {
            pairs.insert((tf, target));
        }
    }
    pairs
        .into_iter()
        .map(|(tf, target)| Interaction {
            tf,
            target,
            databases: BTreeSet::new(),
            pubmed: BTreeSet::new(),
            curated: false,
        })
        .collect()
}

/// Writes one page per symbol; returns the interactions with their merged evidence,
/// and what each page lists.
fn write_pages(dir: &std::path::Path, rng: &mut Random) -> (Vec<Interaction>, Vec<Page>) {
    let mut all = interactions(rng);
    let mut listed = vec![Page::default(); SYMBOLS.len()];
    let (mut tfs, mut targets) = (vec![Vec::new(); SYMBOLS.len()], vec![Vec::new(); SYMBOLS.len()]);
    let chip = "chromatin immunoprecipitation assay";
    for interaction in &mut all {
        let side = |rng: &mut Random, at_least_one: bool| {
            let mut databases: Vec<&'static str> = DATABASES.iter().copied().filter(|_| rng.random_bool(0.4)).collect();
            if databases.is_empty() && at_least_one {
                databases.push(DATABASES[rng.random_range(0..DATABASES.len())]);
            }
            let pubmed: Vec<&'static str> = PUBMED.iter().copied().filter(|_| rng.random_bool(0.3)).collect();
            (databases, pubmed, rng.random_bool(0.2))
        };
        let (tf_side, tf_pubmed, tf_curated) = side(rng, true);
        let (target_side, target_pubmed, target_curated) = side(rng, false);
        let (tf, target) = (interaction.tf, interaction.target);
        let tf_row = row(SYMBOLS[target], &accession(target), &tf_side.join("; "), chip, &tf_pubmed, tf_curated);
        targets[tf].push(tf_row);
        interaction.databases.extend(&tf_side);
        interaction.pubmed.extend(&tf_pubmed);
        interaction.curated = tf_curated;
        listed[tf].databases.extend(&tf_side);
        listed[tf].curated |= tf_curated;
        if !target_side.is_empty() {
            let databases = target_side.join("; ");
            tfs[target].push(row(SYMBOLS[tf], &accession(tf), &databases, chip, &target_pubmed, target_curated));
            interaction.databases.extend(&target_side);
            interaction.pubmed.extend(&target_pubmed);
            interaction.curated |= target_curated;
            listed[target].databases.extend(&target_side);
            listed[target].curated |= target_curated;
        }
    }
    for (i, symbol) in SYMBOLS.iter().enumerate() {
        let text = page(&accession(i), symbol, SPECIES[species(i)], &tfs[i], &targets[i]);
        std::fs::write(dir.join(format!("{}.md", accession(i))), text).unwrap();
    }
    (all, listed)
}

fn random_query(rng: &mut Random, depth: u32) -> Query {
    let composite = depth < 3 && rng.random_bool(0.5);
    if !composite {
        return match rng.random_range(0..10) {
            0..=3 => Query::Named(named(rng)),
            4 => Query::Tf(named(rng)),
            5 => Query::Target(named(rng)),
            6 | 7 => Query::Database(rng.random_range(0..DATABASES.len())),
            8 => Query::DatabaseScope(rng.random_range(0..DATABASES.len())),
            9 if rng.random_bool(0.5) => Query::Organism(rng.random_range(0..SPECIES.len())),
            _ => Query::Curated(rng.random_bool(0.5)),
        };
    }
    let parts = |rng: &mut Random| (0..rng.random_range(2..=3)).map(|_| random_query(rng, depth + 1)).collect();
    match rng.random_range(0..5) {
        0 | 1 => Query::And(parts(rng)),
        2 | 3 => Query::Or(parts(rng)),
        _ => Query::Not(Box::new(random_query(rng, depth + 1))),
    }
}

/// A symbol (most often), an alias, a prefix, or a group of two, as typed.
fn named(rng: &mut Random) -> Named {
    match rng.random_range(0..7) {
        6 => {
            let (a, b) = (named(rng), named(rng));
            let symbols = a.symbols.iter().chain(&b.symbols).copied().collect();
            Named { symbols, written: format!("({} OR {})", a.written, b.written) }
        }
        0 => {
            let (alias, symbols) = ALIASES[rng.random_range(0..ALIASES.len())];
            Named { symbols: symbols.to_vec(), written: alias.to_string() }
        }
        1 => {
            let stem = STEMS[rng.random_range(0..STEMS.len())];
            let lower = stem.to_lowercase();
            let symbols = (0..SYMBOLS.len()).filter(|&s| SYMBOLS[s].to_lowercase().starts_with(&lower)).collect();
            Named { symbols, written: format!("{stem}*") }
        }
        _ => {
            let symbol = rng.random_range(0..SYMBOLS.len());
            let written = match rng.random_range(0..3) {
                0 => SYMBOLS[symbol].to_lowercase(),
                1 => SYMBOLS[symbol].to_uppercase(),
                _ => SYMBOLS[symbol].to_string(),
            };
            Named { symbols: vec![symbol], written }
        }
    }
}

/// The interactions (by index) `query` matches.
fn interactions_matching(query: &Query, all: &[Interaction]) -> BTreeSet<usize> {
    let matching = |test: &dyn Fn(&Interaction) -> bool| (0..all.len()).filter(|&i| test(&all[i])).collect();
    let every = (0..all.len()).collect();
    match query {
        Query::Named(n) => matching(&|i| n.symbols.contains(&i.tf) || n.symbols.contains(&i.target)),
        Query::Tf(n) => matching(&|i| n.symbols.contains(&i.tf)),
        Query::Target(n) => matching(&|i| n.symbols.contains(&i.target)),
        Query::Database(d) | Query::DatabaseScope(d) => matching(&|i| i.databases.contains(DATABASES[*d])),
        Query::Curated(yes) => matching(&|i| i.curated == *yes),
        Query::Organism(o) => matching(&|i| species(i.tf) == *o),
        composite => combine(composite, every, &|part| interactions_matching(part, all)),
    }
}

/// The proteins (by index) a protein search for `query` matches: a symbol names the
/// protein and those it regulates or is regulated by (`tf:` the proteins the TF
/// regulates, `target:` those regulating it); evidence is what its own page lists.
fn proteins_matching(query: &Query, all: &[Interaction], pages: &[Page]) -> BTreeSet<usize> {
    let matching = |test: &dyn Fn(usize) -> bool| (0..pages.len()).filter(|&p| test(p)).collect();
    let targets_of = |n: &Named| all.iter().filter(|i| n.symbols.contains(&i.tf)).map(|i| i.target).collect::<Vec<_>>();
    let tfs_of = |n: &Named| all.iter().filter(|i| n.symbols.contains(&i.target)).map(|i| i.tf).collect::<Vec<_>>();
    let every = (0..pages.len()).collect();
    match query {
        Query::Named(n) => n.symbols.iter().copied().chain(targets_of(n)).chain(tfs_of(n)).collect(),
        Query::Tf(n) => targets_of(n).into_iter().collect(),
        Query::Target(n) => tfs_of(n).into_iter().collect(),
        Query::Database(d) | Query::DatabaseScope(d) => matching(&|p| pages[p].databases.contains(DATABASES[*d])),
        Query::Curated(yes) => matching(&|p| pages[p].curated == *yes),
        Query::Organism(o) => matching(&|p| species(p) == *o),
        composite => combine(composite, every, &|part| proteins_matching(part, all, pages)),
    }
}

/// `query` at the top level of a search: a document has one organism, so the species
/// its top-level parts name (`human mouse`, `organism:(human OR mouse)`) filter
/// together, as the organism parameter repeated, rather than AND into nothing; the
/// rest is the plain set algebra of `matching`.
fn top_level(query: &Query, matching: &dyn Fn(&Query) -> BTreeSet<usize>) -> BTreeSet<usize> {
    let parts: Vec<&Query> = match query {
        Query::And(parts) => parts.iter().collect(),
        other => vec![other],
    };
    let named = |part: &Query| match part {
        Query::Organism(o) => Some(vec![*o]),
        Query::Or(alternatives) => alternatives
            .iter()
            .map(|a| if let Query::Organism(o) = a { Some(*o) } else { None })
            .collect::<Option<Vec<_>>>(),
        _ => None,
    };
    let (organisms, rest): (Vec<&Query>, Vec<&Query>) = parts.into_iter().partition(|p| named(p).is_some());
    if organisms.is_empty() {
        return matching(query);
    }
    let species: Vec<Query> = organisms.iter().flat_map(|p| named(p).unwrap()).map(Query::Organism).collect();
    let mut found = matching(&Query::Or(species));
    for part in rest {
        found = found.intersection(&matching(part)).copied().collect();
    }
    found
}

/// The set algebra of AND, OR and NOT over the documents of `every`.
fn combine(query: &Query, every: BTreeSet<usize>, part: &dyn Fn(&Query) -> BTreeSet<usize>) -> BTreeSet<usize> {
    match query {
        Query::And(parts) => parts.iter().map(part).reduce(|a, b| a.intersection(&b).copied().collect()).unwrap(),
        Query::Or(parts) => parts.iter().flat_map(part).collect(),
        Query::Not(inner) => every.difference(&part(inner)).copied().collect(),
        _ => unreachable!("an atom is matched by its kind's evaluator"),
    }
}

/// `query` as typed, in any case, with the operators' spellings and optional
/// parentheses chosen at random.
fn write(query: &Query, rng: &mut Random) -> String {
    let cased = |text: &str, rng: &mut Random| match rng.random_range(0..3) {
        0 => text.to_lowercase(),
        1 => text.to_uppercase(),
        _ => text.to_string(),
    };
    let grouped = |text: String, needed: bool, rng: &mut Random| {
        if needed || rng.random_bool(0.2) { format!("({text})") } else { text }
    };
    match query {
        Query::Named(n) => n.written.clone(),
        Query::Tf(n) => format!("tf:{}", n.written),
        Query::Target(n) => format!("target:{}", n.written),
        Query::Database(d) => cased(DATABASES[*d], rng),
        Query::DatabaseScope(d) => format!("database:{}", cased(DATABASES[*d], rng)),
        Query::Curated(yes) => format!("curated:{}", if *yes { "yes" } else { "no" }),
        Query::Organism(o) => {
            let spellings: [&[&str]; 2] = [
                &["human", "organism:human", "\"Homo sapiens\"", "hsa", "organism:\"Homo sapiens\""],
                &["mouse", "organism:mouse", "\"Mus musculus\"", "mmu", "organism:mmu"],
            ];
            let choices = spellings[*o];
            cased(choices[rng.random_range(0..choices.len())], rng)
        }
        Query::And(parts) => {
            // A group inside an AND stays one: its organisms are not the top level's.
            let joint = if rng.random_bool(0.5) { " " } else { " AND " };
            let written: Vec<String> = parts
                .iter()
                .map(|p| {
                    let text = write(p, rng);
                    grouped(text, matches!(p, Query::Or(_) | Query::And(_)), rng)
                })
                .collect();
            written.join(joint)
        }
        Query::Or(parts) => {
            let written: Vec<String> = parts
                .iter()
                .map(|p| {
                    let text = write(p, rng);
                    grouped(text, false, rng)
                })
                .collect();
            written.join(" OR ")
        }
        Query::Not(inner) => {
            let text = write(inner, rng);
            let composite = matches!(**inner, Query::And(_) | Query::Or(_) | Query::Not(_));
            let operand = grouped(text, composite, rng);
            if rng.random_bool(0.5) { format!("-{operand}") } else { format!("NOT {operand}") }
        }
    }
}

/// Pages written from `rng`, indexed, and an engine over them that knows the test's
/// [`ALIASES`]; with the interactions and pages written (and the index folder, kept
/// while the engine reads it).
fn indexed(rng: &mut Random) -> (tempfile::TempDir, Vec<Interaction>, Vec<Page>, Engine) {
    let pages = tempfile::tempdir().unwrap();
    let (all, listed) = write_pages(pages.path(), rng);
    let folder = tempfile::tempdir().unwrap();
    index::build(folder.path(), &corpus::load(pages.path()).unwrap()).unwrap();
    let mut synonyms = Synonyms::builtin();
    let aliases = ALIASES
        .iter()
        .flat_map(|(alias, symbols)| symbols.iter().map(move |&s| format!("symbol\t{alias}\t{}", SYMBOLS[s])));
    synonyms.add(&aliases.collect::<Vec<_>>().join("\n"), "the test's aliases").unwrap();
    let engine = Engine::open(folder.path()).unwrap().with_synonyms(synonyms);
    (folder, all, listed, engine)
}

#[test]
fn random_queries_find_exactly_what_their_trees_say() {
    let mut rng = Random::seed_from_u64(29);
    let (_index, all, listed, engine) = indexed(&mut rng);
    let search =
        |text: &str, kind| engine.search(&SearchRequest { query: text.into(), kind, ..Default::default() }).unwrap();
    assert_eq!(search("", Kind::Interaction).total, all.len() as u64, "every interaction written is indexed once");
    assert_eq!(search("", Kind::Protein).total, SYMBOLS.len() as u64);

    let (mut compared, mut empty) = (0, 0);
    for _ in 0..1000 {
        let query = random_query(&mut rng, 0);
        let text = write(&query, &mut rng);
        for kind in [Kind::Interaction, Kind::Protein] {
            let expected = match kind {
                Kind::Interaction => top_level(&query, &|q| interactions_matching(q, &all)).len(),
                Kind::Protein => top_level(&query, &|q| proteins_matching(q, &all, &listed)).len(),
            } as u64;
            let response = search(&text, kind);
            if expected == 0 {
                // Nothing matches: the engine may offer a reading of the query instead,
                // but must say so.
                let (total, fallback) = (response.total, response.fallback);
                assert!(total == 0 || fallback.is_some(), "{text:?} ({kind:?}): {total} hits, no fallback");
                empty += 1;
            } else {
                assert_eq!((response.total, response.fallback), (expected, None), "{text:?} ({kind:?})");
            }
            compared += 1;
        }
    }
    assert!(empty < compared / 2, "too many queries matched nothing to test much: {empty} of {compared}");
}

/// Hits of equal score come in the order of their evidence: curated first, then more
/// databases, then more PubMed ids; and every hit's evidence is the union this test
/// wrote on both pages.
#[test]
fn equal_scores_are_ordered_by_evidence_and_evidence_is_merged() {
    use tflink_search::response::Hit;
    let (_index, all, _, engine) = indexed(&mut Random::seed_from_u64(31));
    let mut ordered = 0;
    for query in SYMBOLS.iter().chain(&DATABASES).chain(&["", "curated:no", "human"]) {
        let request = SearchRequest { query: query.to_string(), limit: 1000, ..Default::default() };
        let hits = engine.search(&request).unwrap().hits;
        let mut previous: Option<(f32, bool, usize, usize)> = None;
        for hit in &hits {
            let Hit::Interaction { score, record, .. } = hit else { panic!("an interaction search") };
            let written = all
                .iter()
                .find(|i| accession(i.tf) == record.tf.accession && accession(i.target) == record.target.accession)
                .unwrap_or_else(|| panic!("{query:?}: {record:?} was never written"));
            let databases: BTreeSet<&str> = record.databases.iter().map(String::as_str).collect();
            let pubmed: BTreeSet<&str> = record.pubmed.iter().map(String::as_str).collect();
            let evidence = (&databases, &pubmed, record.curated);
            assert_eq!(evidence, (&written.databases, &written.pubmed, written.curated), "{query:?}");
            let key = (*score, record.curated, record.databases.len(), record.pubmed.len());
            if let Some(before) = previous
                && before.0 == key.0
            {
                let (earlier, later) = ((before.1, before.2, before.3), (key.1, key.2, key.3));
                assert!(earlier >= later, "{query:?}: {before:?} before {key:?}");
                ordered += 1;
            }
            previous = Some(key);
        }
    }
    assert!(ordered > 50, "too few ties compared: {ordered}");
}
