//! # The query language
//!
//! One language for `search-cli query` and `GET /search?q=`: words AND together,
//! symbols match whole and in any case, `GATA*` is a prefix, method abbreviations
//! expand through synonyms, the names of the literature (`PU.1`, `NF-κB`) find the
//! symbols they stand for, a misspelt word is corrected (and the response says so),
//! scopes name a field (`ortholog:` reaches other species), and a query that cannot be
//! parsed says where.
//!
//! ```sh
//! cargo run --example query_language
//! ```
//!
//! It indexes the embedded seed page (`seeds/`: ALAS2 and the TFs regulating it) into
//! a temporary folder and checks each rule on it.

use tflink_search::index::{self, Mode};
use tflink_search::search::{Engine, SearchError, SearchRequest};

fn main() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    index::run(&seeds, folder.path(), Mode::Full, false)?;
    let engine = Engine::open(folder.path())?;
    let total = |query: &str| -> Result<u64, SearchError> {
        Ok(engine.search(&SearchRequest { query: query.into(), ..Default::default() })?.total)
    };

    // A symbol matches whole and in any case: GATA1 is one regulator of ALAS2, and
    // never GATA2, another.
    assert_eq!(total("GATA1")?, 1);
    assert_eq!(total("gata1")?, 1);
    // Only when nothing matches exactly is a word completed, and the response says so.
    assert_eq!(total("GATA")?, total("GATA1 OR GATA2")?);
    // A trailing `*` asks for the prefix outright, matching every completion, and
    // applies within a scope: both GATA factors regulate ALAS2, which no TF starts.
    assert_eq!(total("GATA*")?, 2);
    assert_eq!(total("tf:GATA*")?, 2);
    assert_eq!(total("target:GATA*")?, 0);

    // `ChIP` stands for the method names it abbreviates, so it finds exactly what the
    // full name finds.
    let chip = total("ChIP")?;
    assert_eq!(chip, total("\"chromatin immunoprecipitation assay\"")?);
    println!("{chip} of ALAS2's regulators were seen by ChIP");

    // A word of a method name finds the names holding it, below any exact match; and
    // a misspelt one is corrected (never a word with a digit: GATA9 stays GATA9).
    assert_eq!(total("chromatin")?, chip);
    let typo = engine.search(&SearchRequest { query: "GATA1 chromatn".into(), ..Default::default() })?;
    assert_eq!(typo.corrected.as_deref(), Some("GATA1 chromatin"));
    assert_eq!(typo.total, total("GATA1 ChIP")?);
    assert_eq!(total("GATA9")?, 0);

    // A protein's alias finds its official symbol, here in a scope: PU.1 is SPI1, and
    // NF-κB (Greek letters read as their names) any of its five subunits, of which RELA
    // regulates ALAS2. The symbol typed itself ranks above what an alias finds.
    assert_eq!(total("tf:PU.1")?, total("tf:SPI1")?);
    assert_eq!(total("NF-κB")?, total("NF-kappaB")?);
    assert_eq!(total("NF-κB")?, total("NFKB1 OR NFKB2 OR RELA OR RELB OR REL")?);
    assert_eq!(total("NF-κB")?, 1);

    // OR, exclusion and a scope over a group.
    let either = total("tf:(GATA1 OR GATA2)")?;
    assert_eq!(either, 2);
    assert_eq!(either, total("tf:GATA1 OR tf:GATA2")?);
    assert_eq!(total("ChIP -GATA1")?, chip - 1, "GATA1's row was seen by ChIP");
    assert_eq!(total("-(-GATA1)")?, total("GATA1")?, "each - excludes, also inside a group");

    // `ortholog:` reaches across species through the orthologs the pages list: ALAS2's
    // page lists mouse A2AFM1, which has no page and no row of its own, so the
    // accession alone finds nothing and the response offers the ortholog reading.
    assert_eq!(total("ortholog:A2AFM1")?, total("ALAS2")?);
    let alone = engine.search(&SearchRequest { query: "A2AFM1".into(), ..Default::default() })?;
    assert_eq!((alone.total, alone.did_you_mean), (0, vec!["ortholog:A2AFM1".to_string()]));

    // A query that cannot be parsed is an error pointing at the position, never
    // a silent reinterpretation.
    let error = total("GATA1 (ChIP").unwrap_err();
    println!("{error}");
    assert!(error.to_string().contains("at position 7: this ( is never closed"));
    Ok(())
}
