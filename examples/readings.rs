//! # A query that finds nothing, read as meant
//!
//! A search box receives what people type: lists pasted with commas, English, the
//! names of the literature, unfinished words, typos. When the query as typed finds
//! nothing, it is read otherwise, in a fixed order, and the response always says how
//! (`fallback`), what ran (`corrected`) and what else was meant (`did_you_mean`);
//! what still finds nothing names the terms that match nothing alone (`unmatched`).
//! Aliases are no fallback: `PU.1` is SPI1 from the start.
//!
//! ```sh
//! cargo run --example readings
//! ```
//!
//! It indexes the embedded seed page (`seeds/`: ALAS2 and the 53 TFs regulating it)
//! into a temporary folder and checks each reading on it.

use tflink_search::index::{self, Mode};
use tflink_search::response::{Fallback, SearchResponse};
use tflink_search::search::{Engine, SearchRequest};

fn main() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    index::run(&seeds, folder.path(), Mode::Full, false)?;
    let engine = Engine::open(folder.path())?;
    let search = |query: &str| -> anyhow::Result<SearchResponse> {
        Ok(engine.search(&SearchRequest { query: query.into(), ..Default::default() })?)
    };
    let read = |query: &str| -> anyhow::Result<(Option<Fallback>, Option<String>, u64)> {
        let response = search(query)?;
        println!("{query:?} → {:?} {:?}: {}", response.fallback, response.corrected, response.total);
        Ok((response.fallback, response.corrected, response.total))
    };
    let all = search("")?.total;

    // An alias matches as the symbol it stands for, with no fallback: PU.1 is SPI1,
    // one of ALAS2's regulators.
    assert_eq!(read("PU.1")?, (None, None, 1));

    // 1. Syntax: separators, other spellings of operators, English around symbols.
    assert_eq!(read("GATA1, ALAS2")?, (Some(Fallback::Syntax), Some("GATA1 ALAS2".into()), 1));
    assert_eq!(read("gata1 or gata2")?, (Some(Fallback::Syntax), Some("gata1 OR gata2".into()), 2));
    assert_eq!(read("regulators of ALAS2")?, (Some(Fallback::Syntax), Some("target:ALAS2".into()), all));
    // ... and names joined as papers join them: a pair, or a name and its sibling.
    assert_eq!(read("GATA1->ALAS2")?, (Some(Fallback::Syntax), Some("tf:GATA1 target:ALAS2".into()), 1));
    assert_eq!(read("GATA1/2")?, (Some(Fallback::Syntax), Some("(GATA1 OR GATA2)".into()), 2));

    // 2. and 3. A word that matches nothing is completed, or else corrected; never a
    // word with a digit (GATA9 stays GATA9, and finds nothing).
    let (fallback, _, total) = read("GATA")?;
    assert_eq!((fallback, total), (Some(Fallback::Prefix), 2));
    assert_eq!(read("GATA1 chromatn")?.0, Some(Fallback::Typo));
    assert_eq!(read("GATA9")?, (None, None, 0));

    // 4. Three symbols that each match cannot all be parties of one interaction: the
    // list is read as the interactions among them. The seed lists only ALAS2's TFs, so
    // among GATA1, HIF1A and ALAS2 there are two, both into ALAS2.
    let (fallback, corrected, total) = read("GATA1 HIF1A ALAS2")?;
    assert_eq!((fallback, total), (Some(Fallback::List), 2));
    assert_eq!(corrected.as_deref(), Some("tf:(GATA1 OR HIF1A OR ALAS2) target:(GATA1 OR HIF1A OR ALAS2)"));

    // 5. Last, a word that matches nothing anywhere is left out, when others remain.
    assert_eq!(read("GATA1 promoter")?, (Some(Fallback::Relaxed), Some("GATA1".into()), 1));

    // Two symbols that each match, only not together (GATA1 and GATA2 each regulate
    // ALAS2, not each other), are an answer of nothing. A word that matches nothing
    // even alone is named, for the search box to say which to change: the seed has
    // no yeast, and no GATA9.
    assert_eq!(read("GATA1 GATA2")?, (None, None, 0));
    assert!(search("GATA1 GATA2")?.unmatched.is_empty());
    assert_eq!(read("GATA1 yeast")?, (None, None, 0));
    assert_eq!(search("GATA1 yeast")?.unmatched, ["yeast"]);
    assert_eq!(search("GATA1 GATA9")?.unmatched, ["GATA9"]);
    Ok(())
}
