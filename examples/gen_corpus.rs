//! Generates a deterministic TFLink-like corpus for benchmarks:
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --size medium --out /tmp/medium
//! cargo run --release --example gen_corpus -- --proteins 20000 --interactions 2000000 --seed 1 --out DIR
//! ```
//!
//! Writes one page per protein and `truth.tsv` (one line per interaction, with the
//! pages that show it). Database and method names come from
//! `../shared/corpus/vocabulary.tsv` when it is there.

use clap::Parser;
use std::path::PathBuf;
use tflink_search::synth::{self, Options, Vocabulary};

#[derive(Parser)]
struct Args {
    /// small (5,000 / 200,000), medium (20,000 / 2,000,000) or full (60,000 / 12,000,000)
    #[arg(long, conflicts_with_all = ["proteins", "interactions"])]
    size: Option<String>,
    #[arg(long, default_value_t = 5_000)]
    proteins: usize,
    #[arg(long, default_value_t = 200_000)]
    interactions: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long)]
    out: PathBuf,
    /// Rows each page's tfs and targets tables show (the website shows 100; more makes
    /// every interaction indexable)
    #[arg(long, default_value_t = synth::TABLE_LIMIT)]
    rows_shown: usize,
    /// Source and method names with their frequencies
    #[arg(long, default_value = "../shared/corpus/vocabulary.tsv")]
    vocabulary: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let (proteins, interactions) = match &args.size {
        Some(name) => {
            synth::named_size(name).ok_or_else(|| anyhow::anyhow!("--size {name}: expected small, medium or full"))?
        }
        None => (args.proteins, args.interactions),
    };
    let vocabulary = match std::fs::read_to_string(&args.vocabulary) {
        Ok(text) => Vocabulary::from_tsv(&text).map_err(anyhow::Error::msg)?,
        Err(e) => {
            eprintln!("warning: {}: {e}; using a minimal vocabulary", args.vocabulary.display());
            Vocabulary::minimal()
        }
    };
    let started = std::time::Instant::now();
    let written = synth::write(
        &args.out,
        &Options { proteins, interactions, seed: args.seed, vocabulary, rows_shown: args.rows_shown },
    )?;
    println!(
        "{} pages, {} interactions ({} shown on a page, {} of them curated) in {} ({:.1} s)",
        written.pages,
        written.interactions,
        written.listed,
        written.curated_listed,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
