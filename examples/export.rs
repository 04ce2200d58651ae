//! # Exporting every hit
//!
//! A search answers one page of hits; a researcher taking a TF's targets into R or a
//! spreadsheet needs all of them, in the order the pages would have shown them. An
//! export selects every match of the query once, then writes them one by one, so a
//! million hits never sit in memory as response objects.
//!
//! ```sh
//! cargo run --example export
//! ```
//!
//! It indexes the embedded seed page (`seeds/`, ALAS2 and its regulators) into a
//! temporary folder, exports a query as TSV and as JSON lines, and checks both against
//! the search's own pages.

use tflink_search::export::{self, Format};
use tflink_search::index::{self, Mode};
use tflink_search::search::{Engine, SearchRequest};

fn main() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    index::run(&seeds, folder.path(), Mode::Full, false)?;
    let engine = Engine::open(folder.path())?;

    // The regulators of ALAS2 seen by ChIP: the same request a search would make,
    // its page size aside.
    let request = SearchRequest { query: "ChIP".into(), ..Default::default() };
    let selected = engine.export(&request)?;
    let mut tsv = Vec::new();
    export::write(&selected, Format::Tsv, &mut tsv)?;
    let tsv = String::from_utf8(tsv)?;
    let lines: Vec<&str> = tsv.lines().collect();
    println!("{} rows, the first: {}", lines.len() - 1, lines[1]);

    // A header, then one row per match: as many as the search counts.
    let searched = engine.search(&SearchRequest { limit: 1000, ..request.clone() })?;
    assert!(lines[0].starts_with("tf\ttf_accession\ttf_gene_id\ttarget"));
    assert_eq!(lines.len() as u64 - 1, searched.total);
    assert_eq!(selected.total(), searched.total);

    // JSON lines are the search's hit objects, in the search's order.
    let mut jsonl = Vec::new();
    export::write(&selected, Format::Jsonl, &mut jsonl)?;
    let exported: Vec<serde_json::Value> =
        String::from_utf8(jsonl)?.lines().map(serde_json::from_str).collect::<Result<_, _>>()?;
    assert_eq!(exported, serde_json::to_value(&searched.hits)?.as_array().cloned().unwrap_or_default());

    // Only the exact query is exported: a word that matches nothing is not completed
    // or corrected, as a search would.
    let guessed = SearchRequest { query: "GATA".into(), ..Default::default() };
    assert!(engine.search(&guessed)?.total > 0, "a search completes GATA to GATA1, GATA2");
    assert_eq!(engine.export(&guessed)?.total(), 0);
    Ok(())
}
