//! # Disjunctive facet counts
//!
//! A search box shows, beside the hits, how many documents each facet value would
//! give. When the user ticks one database, the other databases must keep their counts,
//! or they could never tick a second one. So each facet counts the documents that pass
//! the query and every filter *except its own*; the other facets count within it.
//!
//! ```sh
//! cargo run --example disjunctive_facets
//! ```
//!
//! It indexes the embedded seed page (`seeds/`, ALAS2 and its regulators) into a
//! temporary folder and checks these rules on it.

use tflink_search::index::{self, Mode};
use tflink_search::response::{FacetName, Kind};
use tflink_search::search::{Engine, Filters, SearchRequest};

fn main() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    index::run(&seeds, folder.path(), Mode::Full, false)?;
    let engine = Engine::open(folder.path())?;
    let search = |filters: Filters| {
        let request = SearchRequest { query: String::new(), kind: Kind::Interaction, filters, ..Default::default() };
        engine.search(&request)
    };

    // The empty query matches every interaction; each database counts those it lists.
    let everything = search(Filters::default())?;
    println!("{} interactions; by database: {:?}", everything.total, everything.facets.database);

    // Tick GTRD: the hits are GTRD's, but the database facet still counts every
    // database, as if GTRD were not ticked, so that another can be added.
    let gtrd = search(Filters { database: vec!["GTRD".into()], ..Default::default() })?;
    assert_eq!(gtrd.total, everything.facets.database["GTRD"]);
    assert_eq!(gtrd.facets.database, everything.facets.database);
    // The other facets count within the ticked database: their counts add up to it.
    assert_eq!(gtrd.facets.curated.values().sum::<u64>(), gtrd.total);
    assert_eq!(gtrd.facets.organism.values().sum::<u64>(), gtrd.total);

    // Tick a second database: values of one facet OR together, so the total grows to
    // the union, still no larger than the two counts together.
    let second = everything.facets.database.keys().find(|d| *d != "GTRD").expect("the seed lists several databases");
    let both = search(Filters { database: vec!["GTRD".into(), second.clone()], ..Default::default() })?;
    let (one, other) = (everything.facets.database["GTRD"], everything.facets.database[second]);
    assert!(both.total >= one.max(other) && both.total <= one + other);
    println!("GTRD {one}, {second} {other}, either {}", both.total);

    // Different facets AND together: curated GTRD rows are among GTRD's, and the curated
    // facet of the GTRD search already said how many there would be.
    let curated = search(Filters { database: vec!["GTRD".into()], curated: Some(true), ..Default::default() })?;
    assert_eq!(curated.total, gtrd.facets.curated.get("yes").copied().unwrap_or(0));
    assert!(curated.total <= gtrd.total);

    // Detection methods are a facet too, counted only when asked for (each value costs
    // a broad query a pass). A method filter takes abbreviations (`ChIP`), as `method:`
    // does, and leaves the method counts as they were.
    let by_method = |filters: Filters| {
        let facets = vec![FacetName::Method];
        engine.search(&SearchRequest { filters, facets, ..Default::default() })
    };
    let methods = by_method(Filters::default())?.facets.method.expect("asked for");
    assert_eq!(everything.facets.method, None, "not asked for");
    let chip = by_method(Filters { method: vec!["ChIP".into()], ..Default::default() })?;
    println!("by method: {methods:?}; ChIP: {}", chip.total);
    // (The seed's only ChIP method; `ChIP` also names "chromatin immunoprecipitation array".)
    assert_eq!(chip.total, methods["chromatin immunoprecipitation assay"]);
    assert_eq!(chip.facets.method, Some(methods));
    Ok(())
}
