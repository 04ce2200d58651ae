//! The bitsets path and the postings path give the same answers: same totals, facet
//! counts, hits, order and scores, on a generated corpus, before and after an
//! incremental update leaves deleted documents in the segments.

use super::*;
use crate::index::update::{self, Mode};
use crate::synth::{self, Options, TABLE_LIMIT, Vocabulary};
use collect::SegmentFilters;
use fixedbitset::FixedBitSet;
use std::path::PathBuf;
use tantivy::DocId;

fn engines(root: &Path) -> (Engine, Engine) {
    let bitsets = Engine::open(root).unwrap().with_strategy(Strategy::Bitsets);
    let postings = Engine::open(root).unwrap().with_strategy(Strategy::Postings);
    (bitsets, postings)
}

/// The postings path as a server runs it: segments warmed with their rank order, so
/// that many matches are ordered by walking it.
fn warm_postings(root: &Path) -> Engine {
    Engine::open_following(root).unwrap().with_strategy(Strategy::Postings)
}

/// A search counting every facet, the method facet too.
fn request(query: &str, kind: Kind, filters: &Filters, offset: usize, limit: usize) -> SearchRequest {
    let facets = vec![FacetName::Method];
    SearchRequest { query: query.into(), kind, filters: filters.clone(), facets, offset, limit, explain: false }
}

fn answer(engine: &Engine, request: &SearchRequest) -> serde_json::Value {
    let mut json = serde_json::to_value(engine.search(request).unwrap()).unwrap();
    json.as_object_mut().unwrap().remove("took_ms");
    json
}

/// Symbols of the proteins with the most interactions: the TFs with the largest sets.
fn big_symbols(engine: &Engine) -> Vec<String> {
    let proteins = engine.search(&request("", Kind::Protein, &Filters::default(), 0, 3)).unwrap();
    let json = serde_json::to_value(&proteins.hits).unwrap();
    json.as_array().unwrap().iter().filter_map(|h| h["name"].as_str().map(String::from)).collect()
}

/// Compares both paths on many queries; returns how many (query, kind, filters) the
/// bitsets path answered, and of how many.
fn compare(root: &Path) -> (usize, usize) {
    let symbols = big_symbols(&engines(root).1);
    assert_eq!(symbols.len(), 3, "the generated corpus names its biggest proteins");
    // Aliases: `bigtfs` stands for all three symbols, `bigtf0` for the first.
    let mut synonyms = Synonyms::builtin();
    let lines: Vec<String> = symbols.iter().map(|symbol| format!("symbol\tbigtfs\t{symbol}")).collect();
    synonyms.add(&format!("{}\nsymbol\tbigtf0\t{}", lines.join("\n"), symbols[0]), "aliases").unwrap();
    let (bitsets, postings) = engines(root);
    let (bitsets, postings) = (bitsets.with_synonyms(synonyms.clone()), postings.with_synonyms(synonyms.clone()));
    let warm = warm_postings(root).with_synonyms(synonyms);
    let mut queries: Vec<String> = [
        "",
        "GTRD",
        "ChIP",
        "gtrd chip",
        "GTRD -ReMap",
        "GTRD OR JASPAR",
        "ReMap OR (TRRUST curated:yes)",
        "-GTRD",
        "database:GTRD method:EMSA",
        "human",
        "mouse ChIP",
        "curated:no GTRD",
        "selex OR EMSA OR ChIP",
        "\"inferred by curator\"",
        "organism:yeast OR organism:fly",
        // Words of method names (scored by their names' idf): one name, several, a phrase.
        "chromatin",
        "assay",
        "assay curator GTRD",
        "\"mobility shift\" OR selex",
        // Aliases, of one symbol and of several.
        "bigtf0",
        "bigtfs ChIP",
        "tf:bigtfs GTRD",
        "target:bigtf0 OR tf:bigtfs",
        "bigtfs OR GTRD",
        "(bigtf0 OR ReMap) -curated:yes",
    ]
    .map(String::from)
    .to_vec();
    for symbol in &symbols {
        queries.push(symbol.clone());
        queries.push(format!("{symbol} ChIP"));
        queries.push(format!("tf:{symbol} GTRD"));
        // In a protein search, the proteins found through the interactions.
        queries.push(format!("target:{symbol} OR tf:{symbol}"));
        queries.push(format!("{symbol} OR GTRD"));
        queries.push(format!("({symbol} OR ReMap) -curated:yes"));
        // Prefixes: every term of a range, as one bitset or as Tantivy's range query.
        let stem: String = symbol.chars().take(3).collect();
        queries.push(format!("{stem}*"));
        queries.push(format!("tf:{stem}* GTRD"));
        queries.push(format!("{stem}* OR ChIP"));
        queries.push(format!("{symbol}* -curated:yes"));
        queries.push(format!("ortholog:{symbol}"));
        queries.push(format!("ortholog:{symbol} OR GTRD"));
    }
    let filters = [
        Filters::default(),
        Filters { organism: vec!["Homo sapiens".into()], ..Filters::default() },
        Filters { database: vec!["GTRD".into(), "ReMap".into()], curated: Some(true), ..Filters::default() },
        Filters {
            organism: vec!["Mus musculus".into(), "Danio rerio".into()],
            curated: Some(false),
            ..Filters::default()
        },
        Filters { method: vec!["EMSA".into(), "selex".into()], ..Filters::default() },
    ];
    let (mut from_bitsets, mut tried) = (0, 0);
    let searcher = bitsets.reader.searcher();
    for query in &queries {
        for kind in [Kind::Interaction, Kind::Protein] {
            for filters in &filters {
                // One hit: a level of a few hundred documents is then walked in rank order.
                for (offset, limit) in [(0, 10), (0, 1000), (37, 50), (0, 1)] {
                    let request = request(query, kind, filters, offset, limit);
                    let (expected, got) = (answer(&postings, &request), answer(&bitsets, &request));
                    assert_eq!(got, expected, "{request:?}");
                    assert_eq!(answer(&warm, &request), expected, "warm: {request:?}");
                }
                let names = super::names::IndexNames::read(
                    &searcher,
                    &bitsets.open.fields,
                    &mut bitsets.words.clone(),
                    &bitsets.synonyms,
                )
                .unwrap();
                let mut compiler = Compiler {
                    fields: &bitsets.open.fields,
                    kind,
                    synonyms: &bitsets.synonyms,
                    words: bitsets.words.clone(),
                    searcher: &searcher,
                    names: &names,
                    facets: &bitsets.facets,
                    found: &bitsets.found,
                };
                let compiled = compiler.compile(parse::parse(query).unwrap(), filters).unwrap();
                let filters = filters.clone().or_lifted(compiled.lifted);
                let counted = Counted { base: true, function: kind == Kind::Protein, method: true };
                let ran =
                    bitsets::search(&searcher, &compiled.plan, &filters, counted, 10, &bitsets.facets, &bitsets.terms)
                        .unwrap();
                from_bitsets += usize::from(ran.is_some());
                tried += 1;
            }
        }
    }
    (from_bitsets, tried)
}

/// Generates `proteins` pages with `interactions` under `dir` and indexes them;
/// returns the pages' and the index's folders.
fn generated_index(dir: &Path, proteins: usize, interactions: usize, seed: u64) -> (PathBuf, PathBuf) {
    let (pages, root) = (dir.join("pages"), dir.join("index"));
    let options = Options { proteins, interactions, seed, vocabulary: Vocabulary::minimal(), rows_shown: TABLE_LIMIT };
    synth::write(&pages, &options).unwrap();
    update::run(&pages, &root, Mode::Full, false).unwrap();
    (pages, root)
}

#[test]
fn bitsets_and_postings_give_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (pages, root) = generated_index(dir.path(), 400, 12_000, 5);
    // Every part of a query scores a constant, words of method names too, and none of
    // these has more levels than the bitsets path takes: it answers them all.
    let (answered, tried) = compare(&root);
    assert_eq!(answered, tried, "the bitsets path answered only {answered} of {tried} queries");

    // An incremental run: some pages gone, others with other evidence.
    let mut paths: Vec<_> = std::fs::read_dir(&pages).unwrap().flatten().map(|e| e.path()).collect();
    paths.sort();
    for (i, path) in paths.iter().enumerate() {
        if i % 10 == 0 {
            std::fs::remove_file(path).unwrap();
        } else if i % 10 == 5 {
            let text = std::fs::read_to_string(path).unwrap().replace("GTRD", "ReMap").replace(",No", ",Yes");
            std::fs::write(path, text).unwrap();
        }
    }
    let outcome = update::run(&pages, &root, Mode::Auto, false).unwrap();
    assert!(!outcome.full, "the update should be incremental, leaving deleted documents");
    compare(&root);
}

/// Counting match by match (few matches) and by intersecting bitsets (many) agree on
/// every kind of match set and filter.
#[test]
fn sparse_and_dense_counts_agree() {
    let dir = tempfile::tempdir().unwrap();
    // Segments of several blocks of documents, some without one organism or another.
    let (_, root) = generated_index(dir.path(), 400, 30_000, 9);
    let engine = Engine::open(&root).unwrap();
    let searcher = engine.reader.searcher();
    let skipped = searcher.segment_readers().iter().any(|segment| {
        let facets = engine.facets.get(segment).unwrap();
        facets.organism.iter().any(|(_, documents)| documents.blocks.count_ones(..) < documents.blocks.len())
    });
    assert!(skipped, "no organism is missing from any block: counting within blocks is not tested");
    let filters = [
        Filters::default(),
        Filters { organism: vec!["Homo sapiens".into()], ..Filters::default() },
        Filters { database: vec!["GTRD".into(), "ReMap".into()], curated: Some(true), ..Filters::default() },
        Filters { function: vec!["TF".into()], organism: vec!["Mus musculus".into()], ..Filters::default() },
        Filters { method: vec!["selex".into(), "inferred by curator".into()], ..Filters::default() },
        Filters {
            curated: Some(false),
            organism: vec!["Danio rerio".into(), "Rattus norvegicus".into()],
            ..Filters::default()
        },
    ];
    let mut compared = 0;
    for segment in searcher.segment_readers() {
        let docs = segment.max_doc() as usize;
        let facets = engine.facets.get(segment).unwrap();
        for filters in &filters {
            let filtered = SegmentFilters::new(
                filters,
                Counted { base: true, function: true, method: true },
                facets.clone(),
                docs,
            );
            for step in [1, 2, 7, 31] {
                let matches: Vec<DocId> = (0..docs as u32).step_by(step).collect();
                let mut set = FixedBitSet::with_capacity(docs);
                matches.iter().for_each(|&d| set.insert(d as usize));
                let (sparse, dense) = (filtered.count_sparse(&matches), filtered.count_dense(&set));
                assert_eq!(sparse.total, dense.total, "{filters:?} every {step}th");
                assert_eq!(sparse.organism, dense.organism, "{filters:?} every {step}th");
                assert_eq!(sparse.database, dense.database, "{filters:?} every {step}th");
                assert_eq!(sparse.curated, dense.curated, "{filters:?} every {step}th");
                assert_eq!(sparse.function, dense.function, "{filters:?} every {step}th");
                assert_eq!(sparse.method, dense.method, "{filters:?} every {step}th");
                compared += usize::from(!dense.database.is_empty() && !dense.function.is_empty());
            }
        }
    }
    assert!(compared > 0, "no match set had both database and function counts");
}

/// Facet fields keep the pages' spelling (`TFactS_via_DoRothea`), and queries find
/// their values whatever the case typed.
#[test]
fn facet_values_match_in_any_case_and_keep_their_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let (_, root) = generated_index(dir.path(), 200, 4_000, 3);
    let engine = Engine::open(&root).unwrap();
    let total = |query: &str| {
        let request = request(query, Kind::Interaction, &Filters::default(), 0, 1);
        engine.search(&request).unwrap().total
    };
    let pairs = [
        ("GTRD", "gtrd"),
        ("database:TFactS_via_DoRothea", "database:tfacts_VIA_dorothea"),
        ("organism:\"Homo sapiens\"", "organism:\"HOMO SAPIENS\""),
        ("\"Mus musculus\" ChIP", "\"mus Musculus\" ChIP"),
    ];
    for (spelled, typed) in pairs {
        assert!(total(spelled) > 0, "{spelled} matched nothing");
        assert_eq!(total(spelled), total(typed), "{typed} and {spelled}");
    }
    let all = engine.search(&request("", Kind::Interaction, &Filters::default(), 0, 1)).unwrap();
    for (facet, value) in [(&all.facets.database, "TFactS_via_DoRothea"), (&all.facets.organism, "Homo sapiens")] {
        assert!(facet.contains_key(value), "no {value:?} in {facet:?}");
    }
}

/// A scope over a group means the scope on each term; over a facet it is that facet's
/// parameter repeated: same hits, same disjunctive counts.
#[test]
fn a_scoped_group_is_the_scope_on_each_term() {
    let dir = tempfile::tempdir().unwrap();
    let (_, root) = generated_index(dir.path(), 200, 4_000, 5);
    let engine = Engine::open(&root).unwrap();
    let symbols = big_symbols(&engine);
    let (a, b) = (&symbols[0], &symbols[1]);
    let none = Filters::default();
    let both = Filters { organism: vec!["Homo sapiens".into(), "Mus musculus".into()], ..Filters::default() };
    let pairs = [
        (format!("tf:({a} OR {b})"), format!("tf:{a} OR tf:{b}"), &none),
        (format!("target:(-{a}) ChIP"), format!("-target:{a} ChIP"), &none),
        ("organism:(human OR mouse) ChIP".to_string(), "ChIP".to_string(), &both),
        ("(human OR \"Mus musculus\")".to_string(), String::new(), &both),
    ];
    for (grouped, spelled_out, filters) in pairs {
        let expected = answer(&engine, &request(&spelled_out, Kind::Interaction, filters, 0, 20));
        let mut got = answer(&engine, &request(&grouped, Kind::Interaction, &none, 0, 20));
        assert!(expected["total"].as_u64().unwrap() > 0, "{spelled_out} matched nothing");
        got["query"] = expected["query"].clone();
        assert_eq!(got, expected, "{grouped} and {spelled_out} with {filters:?}");
    }
}

/// A filter value the index holds means itself (the count a facet showed); any other
/// is read as a synonym or alias, in `/search` and `/suggest` alike.
#[test]
fn filter_values_the_index_lacks_are_read_as_synonyms() {
    let dir = tempfile::tempdir().unwrap();
    let (_, root) = generated_index(dir.path(), 200, 4_000, 7);
    let engine = Engine::open(&root).unwrap();
    let organism =
        |values: &[&str]| Filters { organism: values.iter().map(|v| v.to_string()).collect(), ..Filters::default() };
    let pairs = [
        (organism(&["human"]), organism(&["Homo sapiens"])),
        (organism(&["mmu", "fruit fly"]), organism(&["Mus musculus", "Drosophila melanogaster"])),
        (
            Filters { database: vec!["gtrd".into()], ..Filters::default() },
            Filters { database: vec!["GTRD".into()], ..Filters::default() },
        ),
    ];
    for (typed, spelled) in &pairs {
        let got = answer(&engine, &request("ChIP", Kind::Interaction, typed, 0, 10));
        let expected = answer(&engine, &request("ChIP", Kind::Interaction, spelled, 0, 10));
        assert!(expected["total"].as_u64().unwrap() > 0, "{spelled:?} matched nothing");
        assert_eq!(got, expected, "{typed:?} and {spelled:?}");
    }
    let suggest = |organism: &str| {
        let request = SuggestRequest { query: "a".into(), organism: vec![organism.into()], limit: 10 };
        serde_json::to_value(engine.suggest(&request).unwrap().suggestions).unwrap()
    };
    assert!(!suggest("Mus musculus").as_array().unwrap().is_empty());
    assert_eq!(suggest("mouse"), suggest("Mus musculus"));
    let unknown = answer(&engine, &request("", Kind::Interaction, &organism(&["Homo sapien"]), 0, 10));
    assert_eq!(unknown["total"], 0, "a value neither held nor a synonym matches nothing");
    assert_eq!(unknown["facets"]["organism"]["Homo sapien"], 0, "and is listed as selected");
}

/// What `/suggest` answered before its table: Tantivy's range query over the terms
/// starting with the word, exact terms scoring higher, collected like any search; and
/// for aliases, the symbols they stand for, scoring between the two.
fn suggested_by_range_query(
    engine: &Engine,
    word: &str,
    [aliased, completed]: [&[String]; 2],
    filters: &Filters,
    limit: usize,
) -> Vec<(f32, DocAddress)> {
    use std::ops::Bound;
    use tantivy::query::{ConstScoreQuery, DisjunctionMaxQuery, Query, RangeQuery, TermQuery};
    let (f, lower) = (&engine.open.fields, word.to_lowercase());
    let term = |text: &str| tantivy::Term::from_field_text(f.suggest, text);
    let exact = |text: &str, score| -> Box<dyn Query> {
        let query = TermQuery::new(term(text), tantivy::schema::IndexRecordOption::Basic);
        Box::new(ConstScoreQuery::new(Box::new(query), score))
    };
    let range = RangeQuery::new(Bound::Included(term(&lower)), Bound::Included(term(&format!("{lower}\u{10FFFF}"))));
    let mut ways = vec![exact(&lower, 2.0), Box::new(ConstScoreQuery::new(Box::new(range), 1.0))];
    ways.extend(aliased.iter().map(|symbol| exact(&symbol.to_lowercase(), 1.5)));
    ways.extend(completed.iter().map(|symbol| exact(&symbol.to_lowercase(), 1.0)));
    let query: Box<dyn Query> = Box::new(DisjunctionMaxQuery::new(ways));
    let collector =
        FacetedTop { filters, counted: Counted::default(), top: limit, facets: &engine.facets, count: false };
    let collected = engine.reader.searcher().search(&*query, &collector).unwrap();
    collected.top.iter().map(|s| (s.score, s.address)).collect()
}

/// The completion table answers every prefix exactly as the range query did: same
/// proteins, scores and order, with organism filters, and with deleted documents.
#[test]
fn completions_answer_as_the_range_query() {
    let dir = tempfile::tempdir().unwrap();
    let (pages, root) = generated_index(dir.path(), 300, 6_000, 11);
    let check = |root: &Path| {
        let engine = Engine::open(root).unwrap();
        let searcher = engine.reader.searcher();
        let mut compared = 0;
        // Aliases: the symbols of a few proteins with many interactions.
        let browse = SearchRequest { kind: Kind::Protein, limit: 3, ..Default::default() };
        let names: Vec<String> = engine
            .search(&browse)
            .unwrap()
            .hits
            .iter()
            .filter_map(|hit| match hit {
                Hit::Protein { record, .. } => record.name.clone(),
                Hit::Interaction { .. } => None,
            })
            .collect();
        assert_eq!(names.len(), 3, "the most connected proteins have names");
        let none = Vec::new();
        // The names as aliases of the word, and as symbols of aliases it completes.
        for (word, aliases) in ["a", "G", "gat", "Sox", "p", "q9", "HBA", "zzz", "", "1"]
            .into_iter()
            .flat_map(|word| [(word, [&none, &none]), (word, [&names, &none]), (word, [&none, &names])])
        {
            let aliases = aliases.map(Vec::as_slice);
            for organism in
                [vec![], vec!["Homo sapiens".to_string()], vec!["Mus musculus".into(), "Danio rerio".into()]]
            {
                let filters = Filters { organism, ..Filters::default() };
                for limit in [1, 10, 1000] {
                    let expected = suggested_by_range_query(&engine, word, aliases, &filters, limit);
                    let got: Vec<(f32, DocAddress)> =
                        suggest::complete(&searcher, &engine.facets, &filters, word, aliases, limit)
                            .unwrap()
                            .iter()
                            .map(|s| (s.score, s.address))
                            .collect();
                    assert_eq!(got, expected, "{word:?} {aliases:?} {filters:?} limit {limit}");
                    compared += usize::from(expected.len() > 1);
                }
            }
        }
        assert!(compared > 20, "too few prefixes completed to more than one protein: {compared}");
    };
    check(&root);

    // An incremental run leaves deleted protein documents in the segments.
    let mut paths: Vec<_> = std::fs::read_dir(&pages).unwrap().flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths.iter().step_by(7) {
        std::fs::remove_file(path).unwrap();
    }
    assert!(!update::run(&pages, &root, Mode::Auto, false).unwrap().full);
    check(&root);
}

/// Random queries over the language's operators, scopes and symbols are answered or
/// rejected as the request's fault, never with a panic or an index error; and both
/// paths agree on those answered.
#[test]
fn random_queries_are_answered_or_rejected_as_the_requests_fault() {
    use rand::{Rng, SeedableRng};
    let dir = tempfile::tempdir().unwrap();
    let (_, root) = generated_index(dir.path(), 200, 3_000, 13);
    let (bitsets, postings) = engines(&root);
    let symbol = big_symbols(&postings).remove(0);
    let pieces = [
        "(",
        ")",
        "\"",
        "-",
        "*",
        " ",
        " OR ",
        " AND ",
        "NOT ",
        "tf:",
        "target:",
        "gene:",
        "pmid:",
        "curated:",
        "organism:(",
        "database:",
        "method:",
        "accession:",
        "ortholog:",
        "GTRD",
        "ChIP",
        "human",
        "yes",
        "12",
        "P1",
        &symbol,
        // Loose readings: separators, operators in other spellings, English, aliases.
        ",",
        "|",
        " or ",
        " targets ",
        " of ",
        " regulates ",
        "p53",
        "promoter",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
    let (mut answered, mut rejected) = (0, 0);
    for _ in 0..300 {
        let length = rng.random_range(1..8);
        let query: String = (0..length).map(|_| pieces[rng.random_range(0..pieces.len())]).collect();
        let kind = if rng.random_bool(0.5) { Kind::Interaction } else { Kind::Protein };
        let request = request(&query, kind, &Filters::default(), 0, 10);
        match (bitsets.search(&request), postings.search(&request)) {
            (Ok(_), Ok(_)) => {
                assert_eq!(answer(&bitsets, &request), answer(&postings, &request), "{query:?}");
                answered += 1;
            }
            (Err(SearchError::Query(_)), Err(SearchError::Query(_))) => rejected += 1,
            (a, b) => panic!("{query:?}: {a:?} / {b:?}"),
        }
    }
    assert!(answered > 50 && rejected > 50, "answered {answered}, rejected {rejected}");
}
