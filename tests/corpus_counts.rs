//! Totals and facet counts on real pages, checked against an independent, simple
//! reading of the pages: serde_yaml for the front matter and one regular expression
//! per row, not the project's parser, merger or query code.

mod common;

use regex::Regex;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use tflink_search::response::{FacetCounts, FacetName, Hit, Kind, SearchResponse};
use tflink_search::search::{Engine, Filters, SearchRequest};
use tflink_search::{corpus, index};

/// What the oracle knows of one interaction.
#[derive(Default, Debug)]
struct Expected {
    organism: String,
    /// Lower-cased symbols (whole and `;`-split), accessions and gene ids of both sides.
    ids: BTreeSet<String>,
    /// The same, of the TF only and of the target only.
    tf_ids: BTreeSet<String>,
    target_ids: BTreeSet<String>,
    databases: BTreeSet<String>,
    methods: BTreeSet<String>,
    pubmed: BTreeSet<String>,
    curated: bool,
}

/// Interactions by (organism, TF accession, target accession).
type Oracle = HashMap<(String, String, String), Expected>;

struct ExpectedProtein {
    accession: String,
    organism: String,
    function: String,
    /// The website filled a table's download link: it shows only the first 100 rows.
    truncated: bool,
}

fn add_ids(ids: &mut BTreeSet<String>, name: &str, accession: &str, gene: &str) {
    let name = name.trim();
    if name != "-" {
        ids.insert(name.to_lowercase());
        ids.extend(name.split(';').map(|s| s.trim().to_lowercase()));
    }
    ids.insert(accession.to_lowercase());
    ids.extend(gene.split(';').filter(|g| *g != "-").map(str::to_string));
}

fn read_oracle(dir: &Path) -> (Oracle, Vec<ExpectedProtein>) {
    let row = Regex::new(r"^(.*),([A-Z0-9]{6,10}),([0-9;]+|-),([^,]*),([^,]*),([^,]*),(Yes|No)$").unwrap();
    let pmid = Regex::new(r"(\d+)%5Buid%5D").unwrap();
    let mut interactions = Oracle::new();
    let mut proteins = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml = text.split("\n---\n").next().unwrap().trim_start_matches("---\n");
        let page: HashMap<String, serde_yaml::Value> = serde_yaml::from_str(yaml).unwrap();
        let field = |k: &str| page.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let (accession, organism) = (field("uniprot_accession"), field("organism"));
        let (name, gene) = (field("protein_name"), field("ncbi_gene_id"));
        let function = field("function");
        let truncated = !field("tfs_download").is_empty() || !field("targets_download").is_empty();
        proteins.push(ExpectedProtein {
            accession: accession.clone(),
            organism: organism.clone(),
            function,
            truncated,
        });
        for (table, page_is_tf) in [("targets", true), ("tfs", false)] {
            for line in field(table).lines().filter(|l| !l.trim().is_empty()) {
                let c = row.captures(line.trim()).unwrap_or_else(|| panic!("{}: row {line}", path.display()));
                let (tf, target) = if page_is_tf { (accession.as_str(), &c[2]) } else { (&c[2], accession.as_str()) };
                let entry = interactions.entry((organism.clone(), tf.to_string(), target.to_string())).or_default();
                entry.organism = organism.clone();
                add_ids(&mut entry.ids, &c[1], &c[2], &c[3]);
                add_ids(&mut entry.ids, &name, &accession, &gene);
                let (page_side, row_side) = if page_is_tf {
                    (&mut entry.tf_ids, &mut entry.target_ids)
                } else {
                    (&mut entry.target_ids, &mut entry.tf_ids)
                };
                add_ids(page_side, &name, &accession, &gene);
                add_ids(row_side, &c[1], &c[2], &c[3]);
                let list = |s: &str| {
                    s.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty() && *s != "-")
                        .map(String::from)
                        .collect::<Vec<_>>()
                };
                entry.databases.extend(list(&c[4]));
                entry.methods.extend(list(&c[5]));
                entry.pubmed.extend(pmid.captures_iter(&c[6]).map(|m| m[1].to_string()));
                entry.curated |= &c[7] == "Yes";
            }
        }
    }
    (interactions, proteins)
}

/// The spec's matching, stated directly: whole ids, database names, PubMed ids and
/// method words, case-insensitively; `chip` also means chromatin immunoprecipitation;
/// `stem*` any id starting with the stem.
fn term_matches(e: &Expected, term: &str) -> bool {
    let t = term.to_lowercase();
    if let Some(stem) = t.strip_suffix('*') {
        return e.ids.iter().any(|id| id.starts_with(stem));
    }
    e.ids.contains(&t)
        || e.pubmed.contains(&t)
        || e.databases.iter().any(|d| d.to_lowercase() == t)
        || e.methods.iter().any(|m| {
            let m = m.to_lowercase();
            m.split(|c: char| !c.is_alphanumeric()).any(|w| w == t)
                || (t == "chip" && m.starts_with("chromatin immunoprecipitation"))
        })
}

/// Whether a method filter's value names the method `name`: itself in any case, or
/// `ChIP` for chromatin immunoprecipitation.
fn names_method(value: &str, name: &str) -> bool {
    let (value, name) = (value.to_lowercase(), name.to_lowercase());
    value == name || (value == "chip" && name.starts_with("chromatin immunoprecipitation"))
}

/// Expected total and disjunctive facet counts (organism, database, curated, method)
/// for a query over interactions.
fn expect(oracle: &Oracle, text: &str, filters: &Filters) -> (u64, [HashMap<String, u64>; 4]) {
    let org_ok = |e: &Expected| filters.organism.is_empty() || filters.organism.contains(&e.organism);
    let db_ok = |e: &Expected| filters.database.is_empty() || e.databases.iter().any(|d| filters.database.contains(d));
    let cur_ok = |e: &Expected| filters.curated.is_none_or(|c| c == e.curated);
    let method_ok = |e: &Expected| {
        filters.method.is_empty() || e.methods.iter().any(|m| filters.method.iter().any(|v| names_method(v, m)))
    };
    let mut total = 0;
    let mut facets: [HashMap<String, u64>; 4] = Default::default();
    for e in oracle.values().filter(|e| text.split_whitespace().all(|t| term_matches(e, t))) {
        if org_ok(e) && db_ok(e) && cur_ok(e) && method_ok(e) {
            total += 1;
        }
        if db_ok(e) && cur_ok(e) && method_ok(e) {
            *facets[0].entry(e.organism.clone()).or_default() += 1;
        }
        if org_ok(e) && cur_ok(e) && method_ok(e) {
            for d in &e.databases {
                *facets[1].entry(d.clone()).or_default() += 1;
            }
        }
        if org_ok(e) && db_ok(e) && method_ok(e) {
            *facets[2].entry(if e.curated { "yes" } else { "no" }.to_string()).or_default() += 1;
        }
        if org_ok(e) && db_ok(e) && cur_ok(e) {
            for m in &e.methods {
                *facets[3].entry(m.clone()).or_default() += 1;
            }
        }
    }
    (total, facets)
}

fn nonzero(counts: &FacetCounts) -> HashMap<String, u64> {
    counts.iter().filter(|(_, c)| **c > 0).map(|(k, c)| (k.clone(), *c)).collect()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

fn build(dir: &Path) -> (tempfile::TempDir, Engine) {
    let corpus = corpus::load(dir).unwrap();
    assert!(corpus.report.is_clean(), "{:?}", corpus.report);
    let out = tempfile::tempdir().unwrap();
    index::build(out.path(), &corpus).unwrap();
    let engine = Engine::open(out.path()).unwrap();
    (out, engine)
}

/// Searches, counting the method facet too.
fn search(engine: &Engine, text: &str, filters: &Filters, limit: usize) -> SearchResponse {
    let (query, filters, facets) = (text.into(), filters.clone(), vec![FacetName::Method]);
    engine.search(&SearchRequest { query, filters, facets, limit, ..SearchRequest::default() }).unwrap()
}

fn check_interactions(dir: &Path, queries: &[(&str, Filters)]) {
    let (oracle, _) = read_oracle(dir);
    let (_index, engine) = build(dir);
    for (text, filters) in queries {
        let response = search(&engine, text, filters, 1000);
        let (total, [organism, database, curated, method]) = expect(&oracle, text, filters);
        let context = format!("query {text:?} with {filters:?}");
        assert_eq!(response.total, total, "total for {context}");
        assert_eq!(nonzero(&response.facets.organism), organism, "organism facet for {context}");
        assert_eq!(nonzero(&response.facets.database), database, "database facet for {context}");
        assert_eq!(nonzero(&response.facets.curated), curated, "curated facet for {context}");
        assert_eq!(nonzero(response.facets.method.as_ref().unwrap()), method, "method facet for {context}");
        assert_eq!(response.hits.len() as u64, total.min(1000), "hits for {context}");
        // Totals do not depend on the page of hits asked for; the method facet is
        // counted only when asked for.
        let later = engine
            .search(&SearchRequest {
                query: text.to_string(),
                filters: filters.clone(),
                offset: 3,
                limit: 2,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(later.total, total, "total with offset for {context}");
        assert_eq!(later.facets.method, None, "{context}");
    }
}

#[test]
fn seed_totals_and_facets_match_an_independent_reading() {
    let human = Filters { organism: strings(&["Homo sapiens"]), ..Filters::default() };
    let two_databases = Filters { database: strings(&["GTRD", "ReMap"]), ..Filters::default() };
    let curated = Filters { curated: Some(true), ..Filters::default() };
    check_interactions(
        &common::seeds(),
        &[("", Filters::default()), ("ChIP", two_databases), ("GATA1", human), ("curator", curated)],
    );
}

#[test]
fn real_corpus_totals_and_facets_match_an_independent_reading() {
    let Some(dir) = common::shared_corpus() else {
        return;
    };
    let f = |organism: &[&str], database: &[&str], curated: Option<bool>| Filters {
        organism: strings(organism),
        database: strings(database),
        curated,
        ..Filters::default()
    };
    let methods = |names: &[&str], filters: Filters| Filters { method: strings(names), ..filters };
    check_interactions(
        &dir,
        &[
            ("", methods(&["ChIP"], f(&[], &[], None))),
            ("GATA1", methods(&["electrophoretic mobility shift assay", "DNase I footprinting"], f(&[], &[], None))),
            ("", methods(&["inferred by curator"], f(&["Mus musculus"], &["TRRUST"], Some(true)))),
            ("", f(&[], &[], None)),
            ("", f(&["Homo sapiens", "Mus musculus"], &["GTRD", "TRRUST"], Some(true))),
            ("", f(&["Saccharomyces cerevisiae"], &[], Some(false))),
            ("GATA1", f(&[], &[], None)),
            ("gata1 ChIP", f(&["Homo sapiens"], &[], None)),
            ("GTRD", f(&[], &["ReMap"], Some(false))),
            ("27924024", f(&["Drosophila melanogaster", "Danio rerio"], &[], None)),
            ("ChIP", f(&[], &["JASPAR", "Yeastract"], None)),
            ("HBA1", f(&[], &[], None)),
            ("ADE5,7", f(&[], &[], None)),
            ("footprinting", f(&[], &[], Some(true))),
            ("P04637", f(&[], &["TRRUST"], None)),
            ("GATA*", f(&[], &[], None)),
            ("hb* ChIP", f(&["Homo sapiens"], &[], Some(true))),
            ("Q0* GTRD", f(&[], &["ReMap"], None)),
        ],
    );
}

#[test]
fn real_corpus_protein_facets_and_exact_name_first() {
    let Some(dir) = common::shared_corpus() else {
        return;
    };
    let (_, pages) = read_oracle(&dir);
    let (_index, engine) = build(&dir);
    let request = SearchRequest { kind: Kind::Protein, limit: 100, ..SearchRequest::default() };
    let all = engine.search(&request).unwrap();
    assert_eq!(all.total as usize, pages.len());
    let mut by_function: HashMap<String, u64> = HashMap::new();
    let mut by_organism: HashMap<String, u64> = HashMap::new();
    for p in &pages {
        *by_function.entry(p.function.clone()).or_default() += 1;
        *by_organism.entry(p.organism.clone()).or_default() += 1;
    }
    assert_eq!(nonzero(all.facets.function.as_ref().unwrap()), by_function);
    assert_eq!(nonzero(&all.facets.organism), by_organism);
    // The pages whose tables the website cut at 100 rows are said to be.
    let truncated: BTreeSet<&str> = pages.iter().filter(|p| p.truncated).map(|p| p.accession.as_str()).collect();
    let said: BTreeSet<&str> = (all.hits.iter())
        .filter_map(|hit| match hit {
            Hit::Protein { record, .. } if record.truncated => Some(record.accession.as_str()),
            _ => None,
        })
        .collect();
    assert!(!truncated.is_empty());
    assert_eq!(said, truncated);

    // Disjunctive: filtering by one function leaves the function counts unchanged.
    let filtered = engine
        .search(&SearchRequest {
            filters: Filters { function: strings(&["target gene"]), ..Filters::default() },
            ..request.clone()
        })
        .unwrap();
    assert_eq!(filtered.total, by_function["target gene"]);
    assert_eq!(nonzero(filtered.facets.function.as_ref().unwrap()), by_function);

    // Roles as researchers say them filter by function, as organisms filter by species:
    // a transcription factor's page says so, alone or with "and target gene".
    let human_tfs = engine.search(&SearchRequest { query: "human transcription factors".into(), ..request.clone() });
    let human_tfs = human_tfs.unwrap();
    let human = pages.iter().filter(|p| p.organism == "Homo sapiens");
    let tf = |p: &&ExpectedProtein| p.function.starts_with("transcription factor");
    assert_eq!(human_tfs.total, human.clone().filter(tf).count() as u64);
    let mut human_by_function: HashMap<String, u64> = HashMap::new();
    human.for_each(|p| *human_by_function.entry(p.function.clone()).or_default() += 1);
    assert_eq!(nonzero(human_tfs.facets.function.as_ref().unwrap()), human_by_function);

    // The protein named GATA1 comes before proteins that merely list GATA1 as a partner.
    let gata1 = engine.search(&SearchRequest { query: "gata1".into(), ..request }).unwrap();
    assert!(gata1.total > 1);
    let Hit::Protein { record, .. } = &gata1.hits[0] else { panic!("protein hits expected") };
    assert_eq!(record.accession, "P15976");
}

/// A protein search for `tf:`, `target:` or `pmid:` finds the proteins (those with a
/// page) that are the other party of, or a party to, the interactions so named: what
/// either page of each interaction says, wherever a page's own table stops.
#[test]
fn real_corpus_proteins_are_found_through_their_interactions() {
    let Some(dir) = common::shared_corpus() else {
        return;
    };
    let (oracle, pages) = read_oracle(&dir);
    let with_page: BTreeSet<&str> = pages.iter().map(|p| p.accession.as_str()).collect();
    let (_index, engine) = build(&dir);
    // The two values of (TF, target, PubMed ids) naming the most interactions.
    let most = |of: &dyn Fn(&str, &str, &Expected) -> Vec<String>| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for ((_, tf, target), e) in &oracle {
            of(tf, target, e).into_iter().for_each(|v| *counts.entry(v).or_default() += 1);
        }
        let mut ranked: Vec<(usize, String)> = counts.into_iter().map(|(v, n)| (n, v)).collect();
        ranked.sort_by(|a, b| b.cmp(a));
        ranked.into_iter().take(2).map(|(_, v)| v).collect::<Vec<_>>()
    };
    let mut queries: Vec<String> = vec!["tf:GATA1".into(), "target:alas2".into()];
    queries.extend(most(&|tf, _, _| vec![tf.into()]).iter().map(|a| format!("tf:{a}")));
    queries.extend(most(&|_, target, _| vec![target.into()]).iter().map(|a| format!("target:{a}")));
    queries.extend(most(&|_, _, e| e.pubmed.iter().cloned().collect()).iter().map(|p| format!("pmid:{p}")));
    for query in &queries {
        let (scope, value) = query.split_once(':').unwrap();
        let value = value.to_lowercase();
        let mut expected: BTreeSet<&str> = BTreeSet::new();
        for ((_, tf, target), e) in &oracle {
            let parties: Vec<&str> = match scope {
                "tf" if e.tf_ids.contains(&value) => vec![target],
                "target" if e.target_ids.contains(&value) => vec![tf],
                "pmid" if e.pubmed.contains(&value) => vec![tf, target],
                _ => vec![],
            };
            expected.extend(parties.into_iter().filter(|a| with_page.contains(a)));
        }
        assert!(!expected.is_empty(), "{query}: the oracle finds proteins");
        let (found, total) = proteins_found(&engine, query);
        assert_eq!(found, expected.iter().map(|a| a.to_string()).collect(), "{query}");
        assert_eq!(total as usize, expected.len(), "{query}");
    }
}

#[test]
fn real_corpus_ties_rank_more_evidence_first() {
    let Some(dir) = common::shared_corpus() else {
        return;
    };
    let (_index, engine) = build(&dir);
    let response = search(&engine, "GTRD", &Filters::default(), 1000);
    let key = |h: &Hit| match h {
        Hit::Interaction { record, .. } => (record.curated, record.databases.len(), record.pubmed.len()),
        Hit::Protein { .. } => panic!("interaction hits expected"),
    };
    for pair in response.hits.windows(2) {
        assert!(pair[0].score() >= pair[1].score());
        if pair[0].score() == pair[1].score() {
            assert!(key(&pair[0]) >= key(&pair[1]), "{:?} before {:?}", key(&pair[0]), key(&pair[1]));
        }
    }
}

/// Large enough that segments hold more matches than the sparse counting path takes,
/// checked against the generator's truth file rather than against pages.
#[test]
fn generated_corpus_counts_match_the_truth_file() {
    use tflink_search::synth::{self, Options, Vocabulary};
    let pages = tempfile::tempdir().unwrap();
    let options = Options {
        proteins: 1500,
        interactions: 40_000,
        seed: 3,
        vocabulary: Vocabulary::minimal(),
        rows_shown: synth::TABLE_LIMIT,
    };
    synth::write(pages.path(), &options).unwrap();
    let truth = std::fs::read_to_string(pages.path().join("truth.tsv")).unwrap();
    // (organism, databases, curated) of every interaction a page shows.
    let listed: Vec<(String, Vec<String>, bool)> = truth
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c[9] != "none")
        .map(|c| (c[0].to_string(), c[5].split(';').map(String::from).collect(), c[8] == "Yes"))
        .collect();
    assert!(listed.len() > 30_000);
    let (_index, engine) = build(pages.path());
    let cases = [
        ("", Filters::default()),
        (
            "",
            Filters {
                organism: strings(&["Mus musculus", "Danio rerio"]),
                database: strings(&["ReMap"]),
                curated: Some(false),
                ..Filters::default()
            },
        ),
        ("GTRD", Filters { database: strings(&["GTRD", "JASPAR"]), curated: Some(true), ..Filters::default() }),
    ];
    for (text, filters) in cases {
        let response = search(&engine, text, &filters, 10);
        let has_term = |dbs: &Vec<String>| text.is_empty() || dbs.iter().any(|d| d == text);
        let org_ok = |o: &String| filters.organism.is_empty() || filters.organism.contains(o);
        let db_ok = |dbs: &Vec<String>| filters.database.is_empty() || dbs.iter().any(|d| filters.database.contains(d));
        let cur_ok = |c: &bool| filters.curated.is_none_or(|want| want == *c);
        let (mut total, mut organism, mut database, mut curated) =
            (0, HashMap::<String, u64>::new(), HashMap::<String, u64>::new(), HashMap::<String, u64>::new());
        for (o, dbs, c) in listed.iter().filter(|(_, dbs, _)| has_term(dbs)) {
            total += u64::from(org_ok(o) && db_ok(dbs) && cur_ok(c));
            if db_ok(dbs) && cur_ok(c) {
                *organism.entry(o.clone()).or_default() += 1;
            }
            if org_ok(o) && cur_ok(c) {
                dbs.iter().for_each(|d| *database.entry(d.clone()).or_default() += 1);
            }
            if org_ok(o) && db_ok(dbs) {
                *curated.entry(if *c { "yes" } else { "no" }.to_string()).or_default() += 1;
            }
        }
        let context = format!("{text:?} with {filters:?}");
        assert_eq!(response.total, total, "{context}");
        assert_eq!(nonzero(&response.facets.organism), organism, "{context}");
        assert_eq!(nonzero(&response.facets.database), database, "{context}");
        assert_eq!(nonzero(&response.facets.curated), curated, "{context}");
    }
}

/// The accessions of the first 1,000 protein hits of `query`, and its total.
fn proteins_found(engine: &Engine, query: &str) -> (BTreeSet<String>, u64) {
    let request = SearchRequest { query: query.into(), kind: Kind::Protein, limit: 1000, ..Default::default() };
    let response = engine.search(&request).unwrap();
    let accessions = response.hits.iter().map(|h| match h {
        Hit::Protein { record, .. } => record.accession.clone(),
        Hit::Interaction { .. } => panic!("protein hits expected"),
    });
    (accessions.collect(), response.total)
}

/// Per page with orthologs, the accessions its `orthologs` JSON lists (plain or as the
/// text of a link), read with serde_json and a regular expression.
fn read_orthologs(dir: &Path) -> HashMap<String, BTreeSet<String>> {
    let accession = Regex::new(r"^(?:<a [^>]*>)?([A-Z0-9]{6,10})(?:</a>)?$").unwrap();
    let mut listed = HashMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let yaml = text.split("\n---\n").next().unwrap().trim_start_matches("---\n");
        let page: HashMap<String, serde_yaml::Value> = serde_yaml::from_str(yaml).unwrap();
        let field = |k: &str| page.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let json = field("orthologs");
        if json.is_empty() {
            continue;
        }
        let species: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        let ids = species.iter().flat_map(|s| s["id"].as_array().unwrap().iter().map(|id| id.as_str().unwrap()));
        let ids = ids.map(|id| accession.captures(id).unwrap_or_else(|| panic!("ortholog id {id}"))[1].to_string());
        listed.insert(field("uniprot_accession"), ids.collect());
    }
    listed
}

/// `ortholog:ACCESSION` for every accession an orthologs list names and every page with
/// a list: in a protein search, the pages listing it and those its own page lists; in
/// an interaction search, every interaction of those proteins.
#[test]
fn real_corpus_orthologs_match_an_independent_reading() {
    let Some(dir) = common::shared_corpus() else {
        return;
    };
    let listed = read_orthologs(&dir);
    let (oracle, pages) = read_oracle(&dir);
    let with_page: BTreeSet<&str> = pages.iter().map(|p| p.accession.as_str()).collect();
    let (_index, engine) = build(&dir);
    let named: BTreeSet<&String> = listed.keys().chain(listed.values().flatten()).collect();
    let (mut proteins_expected, mut interactions_expected) = (0, 0);
    for accession in named {
        let mut orthologs: BTreeSet<&str> = listed.get(accession).into_iter().flatten().map(String::as_str).collect();
        orthologs.extend(listed.iter().filter(|(_, list)| list.contains(accession)).map(|(page, _)| page.as_str()));
        let query = format!("ortholog:{accession}");
        let (found, _) = proteins_found(&engine, &query);
        let expected: BTreeSet<String> =
            orthologs.iter().filter(|a| with_page.contains(*a)).map(|a| a.to_string()).collect();
        assert_eq!(found, expected, "{query} (proteins)");
        let interactions = oracle
            .keys()
            .filter(|(_, tf, target)| orthologs.contains(tf.as_str()) || orthologs.contains(target.as_str()));
        let expected_total = interactions.count() as u64;
        let total = engine.search(&SearchRequest { query: query.clone(), ..Default::default() }).unwrap().total;
        assert_eq!(total, expected_total, "{query} (interactions)");
        proteins_expected += expected.len();
        interactions_expected += expected_total;
    }
    assert!(proteins_expected > 0 && interactions_expected > 0, "the pages list orthologs that have pages and rows");
}
