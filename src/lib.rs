//! tflink-search: search over TFLink transcription-factor → target-gene pages.
//!
//! Data flows one way: [`page`] parses files into [`model`] types, [`corpus`] reads a
//! folder of them and merges interactions, [`index`] writes them into Tantivy,
//! [`search`] answers queries with a [`response::SearchResponse`], [`output`]
//! renders that for a terminal, and [`export`] writes every hit of a query.

pub mod corpus;
pub mod export;
pub mod index;
pub mod model;
pub mod output;
pub mod page;
pub mod response;
pub mod search;
pub mod server;
pub mod synth;

/// Says that a unit test skipped what needs `../shared`, on stderr itself: the test
/// harness captures `eprintln!` of passing tests, and a skip must be seen.
#[cfg(test)]
fn say_skipped(what: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("SKIPPED: {what}\n").as_bytes());
}
