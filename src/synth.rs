//! A deterministic generator of TFLink-like pages, for benchmarks and for tests that
//! need a large corpus.
//!
//! Seven organisms share the interactions (human 55%, mouse 25%, fly 7%, yeast 5%,
//! rat 3%, worm 3%, zebrafish 2%), always within one organism. TF out-degrees are
//! heavy-tailed (Zipf), so a few TFs have thousands of targets. Symbols and accessions
//! take each organism's shapes, punctuation included. Databases and methods come from
//! the real vocabulary with its frequencies; about 4% of rows are curated and rows
//! carry 1 to 8 PubMed ids. As on TFLink's own pages (in the 45 of `../shared`, 785
//! distinct ids make 5,763 citations, and 8 large-scale studies 65% of them), ids are
//! shared: GTRD's 27924024 on 30% of citations, the rest drawn by a Zipf law from a
//! pool of one study per 20 interactions. Pages show at most 100 rows per table, as the website does,
//! with the download URL of the full table. A truth file lists every interaction and
//! which pages show it.

use rand::prelude::*;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;
use rand_distr::Zipf;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Rows a page shows per table, as the website does.
pub const TABLE_LIMIT: usize = 100;

/// Named corpus sizes: (proteins, interactions).
pub fn named_size(name: &str) -> Option<(usize, usize)> {
    match name {
        "small" => Some((5_000, 200_000)),
        "medium" => Some((20_000, 2_000_000)),
        "full" => Some((60_000, 12_000_000)),
        _ => None,
    }
}

/// (species, share of interactions, assembly for binding sites).
const ORGANISMS: [(&str, f64, &str); 7] = [
    ("Homo sapiens", 0.55, "hg38"),
    ("Mus musculus", 0.25, "mm10"),
    ("Drosophila melanogaster", 0.07, "dm6"),
    ("Saccharomyces cerevisiae", 0.05, "sacCer3"),
    ("Rattus norvegicus", 0.03, "rn6"),
    ("Caenorhabditis elegans", 0.03, "ce10"),
    ("Danio rerio", 0.02, "danRer11"),
];

/// Source databases and detection methods with their frequencies.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub databases: Vec<(String, u64)>,
    pub methods: Vec<(String, u64)>,
}

impl Vocabulary {
    /// Reads `vocabulary.tsv` (`kind<TAB>value<TAB>rows`, kinds `source` and `method`).
    pub fn from_tsv(text: &str) -> Result<Vocabulary, String> {
        let mut vocabulary = Vocabulary { databases: Vec::new(), methods: Vec::new() };
        for (number, line) in text.lines().enumerate().skip(1) {
            let columns: Vec<&str> = line.split('\t').collect();
            let [kind, value, rows] = columns[..] else {
                return Err(format!("vocabulary line {}: expected kind, value, rows", number + 1));
            };
            let rows =
                rows.trim().parse().map_err(|_| format!("vocabulary line {}: rows is not a number", number + 1))?;
            match kind {
                "source" => vocabulary.databases.push((value.to_string(), rows)),
                "method" => vocabulary.methods.push((value.to_string(), rows)),
                _ => {}
            }
        }
        if vocabulary.databases.is_empty() || vocabulary.methods.is_empty() {
            return Err("the vocabulary names no source or no method".into());
        }
        Ok(vocabulary)
    }

    /// A few common names, for when the real vocabulary is not at hand.
    pub fn minimal() -> Vocabulary {
        let pairs = |items: &[(&str, u64)]| items.iter().map(|(v, n)| (v.to_string(), *n)).collect();
        Vocabulary {
            databases: pairs(&[
                ("GTRD", 60),
                ("ReMap", 10),
                ("TRRUST", 9),
                ("Yeastract", 6),
                ("JASPAR", 5),
                ("REDfly", 2),
                ("HTRI", 2),
                ("TFactS_via_DoRothea", 1),
            ]),
            methods: pairs(&[
                ("chromatin immunoprecipitation assay", 80),
                ("inferred by curator", 20),
                ("electrophoretic mobility shift assay", 2),
                ("selex", 1),
            ]),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub proteins: usize,
    pub interactions: usize,
    pub seed: u64,
    pub vocabulary: Vocabulary,
    /// Rows each `tfs` and `targets` table shows: the website's [`TABLE_LIMIT`], or
    /// more to make every interaction indexable.
    pub rows_shown: usize,
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub pages: usize,
    pub interactions: usize,
    /// Interactions shown on at least one page (what an index can hold).
    pub listed: usize,
    pub curated_listed: usize,
}

struct Protein {
    organism: usize,
    symbol: Option<String>,
    accession: String,
    gene_ids: Vec<u64>,
}

struct Interaction {
    tf: u32,
    target: u32,
    databases: Vec<u16>,
    methods: Vec<u16>,
    pubmed: Vec<u32>,
    curated: bool,
}

/// The UniProt-shaped accession number `i`: `[OPQ][0-9][A-Z0-9]{3}[0-9]`, or for every
/// seventh protein a 10-character `A0A...` one.
fn accession(i: usize) -> String {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let pick = |n: usize| ALNUM[n % 36] as char;
    if i % 7 == 6 {
        return format!(
            "A0A{}{}{}{}{}{}{}",
            pick(i / 7 + 10),
            pick(i / 252),
            pick(i / 9072),
            pick(i / 326592),
            pick(i / 11757312),
            pick(i),
            (b'0' + (i % 10) as u8) as char
        );
    }
    let j = i - i / 7;
    let first = ['O', 'P', 'Q'][j % 3];
    format!("{first}{}{}{}{}{}", (j / 3) % 10, pick(j / 30), pick(j / 1080), pick(j / 38880), (j / 1_399_680) % 10)
}

/// A symbol in the organism's style; sometimes one with the punctuation real pages have.
fn symbol(rng: &mut ChaCha8Rng, organism: usize, i: usize) -> Option<String> {
    if rng.random_bool(0.03) {
        return None;
    }
    const HUMAN: [&str; 16] = [
        "ZNF", "SLC", "KLF", "SOX", "FOX", "GATA", "TBX", "NKX", "HOX", "PAX", "IRF", "ATF", "E2F", "RUNX", "HNF",
        "CEBP",
    ];
    let n = i / 7 + 1;
    let family = HUMAN[i % HUMAN.len()];
    let capitalised = |s: &str| s[..1].to_string() + &s[1..].to_lowercase();
    Some(match ORGANISMS[organism].0 {
        "Homo sapiens" => match i % 40 {
            0 => format!("{family}{n}-{}", n % 9 + 1),
            1 => format!("HLA-{family}{n}"),
            2 => format!("{family}{n};{family}{}", n + 1),
            _ => format!("{family}{n}"),
        },
        "Mus musculus" | "Rattus norvegicus" => match i % 50 {
            0 => format!("{}{n}::Rxra", capitalised(family)),
            1 => format!("{}{n}-{}", capitalised(family), n % 9 + 1),
            _ => format!("{}{n}", capitalised(family)),
        },
        "Danio rerio" => match i % 10 {
            0 => format!("si:ch211-{n}l7.{}", n % 9),
            1 => format!("zgc:{}", 100_000 + n),
            2 => format!("calm{n}a; calm{n}b"),
            _ => format!("{}{n}a", family.to_lowercase()),
        },
        "Drosophila melanogaster" => match i % 12 {
            0 => format!("Dmel\\CG{}", 1000 + n),
            1 => format!("l({})mbt{n}", n % 4 + 1),
            2 => format!("su(Hw){n}"),
            3 => format!("Abd-{n}"),
            4 => format!("CG{}-3'utr", 1000 + n),
            _ => format!("CG{}", 1000 + n),
        },
        "Caenorhabditis elegans" => format!("{}-{}", ["daf", "ceh", "unc", "hlh", "mls", "snpc"][i % 6], n),
        _ => match i % 30 {
            0 => format!("ADE{n},{}", n % 9 + 1),
            _ => format!("Y{}L{:03}W", ['A', 'B', 'C', 'D'][i % 4], n % 1000),
        },
    })
}

/// Draws `k` distinct weighted indices (k is small).
fn weighted(rng: &mut ChaCha8Rng, weights: &[(String, u64)], k: usize, allowed: impl Fn(&str) -> bool) -> Vec<u16> {
    let mut chosen = Vec::new();
    for _ in 0..k * 4 {
        if chosen.len() == k {
            break;
        }
        let index = weights
            .choose_weighted(rng, |(name, n)| if allowed(name) { *n as f64 } else { 0.0 })
            .map_or(0, |item| weights.iter().position(|w| std::ptr::eq(w, item)).unwrap_or(0))
            as u16;
        if !chosen.contains(&index) {
            chosen.push(index);
        }
    }
    chosen.sort_unstable();
    chosen
}

/// Generates the corpus into `dir` (created if needed): one page per protein and
/// `truth.tsv`.
pub fn write(dir: &Path, options: &Options) -> std::io::Result<Written> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    std::fs::create_dir_all(dir)?;
    let vocabulary = &options.vocabulary;

    // Proteins, per organism in proportion to its interactions.
    let mut proteins: Vec<Protein> = Vec::with_capacity(options.proteins);
    let mut ranges = Vec::new();
    for (o, (_, share, _)) in ORGANISMS.iter().enumerate() {
        let start = proteins.len();
        let count = if o + 1 == ORGANISMS.len() {
            options.proteins.saturating_sub(start)
        } else {
            ((options.proteins as f64) * share).round() as usize
        }
        .max(2);
        for _ in 0..count {
            let i = proteins.len();
            let gene_ids = match rng.random_range(0..100) {
                0..5 => vec![],
                5..7 => vec![100_000 + i as u64, 900_000 + i as u64],
                _ => vec![100_000 + i as u64],
            };
            proteins.push(Protein { organism: o, symbol: symbol(&mut rng, o, i), accession: accession(i), gene_ids });
        }
        ranges.push(start..proteins.len());
    }

    // Interactions: in each organism, a sixth of the proteins are TFs whose out-degrees
    // follow a Zipf law (capped at the organism's size).
    let mut interactions: Vec<Interaction> = Vec::with_capacity(options.interactions);
    let studies = (options.interactions / 20).max(1_000);
    let study = Zipf::new(studies as f64, 1.0).expect("valid Zipf parameters");
    for (o, (name, share, _)) in ORGANISMS.iter().enumerate() {
        let range = ranges[o].clone();
        let size = range.len();
        let wanted = ((options.interactions as f64) * share).round() as usize;
        let tfs = (size / 6).max(1);
        let zipf = Zipf::new(tfs as f64, 1.0).expect("valid Zipf parameters");
        let mut degrees = vec![0usize; tfs];
        let mut placed = 0;
        let capacity = tfs * (size - 1);
        while placed < wanted.min(capacity) {
            let rank = (zipf.sample(&mut rng) as usize).clamp(1, tfs) - 1;
            if degrees[rank] < size - 1 {
                degrees[rank] += 1;
                placed += 1;
            }
        }
        let tf_ids: Vec<usize> = sample(&mut rng, size, tfs).into_iter().map(|k| range.start + k).collect();
        for (tf, degree) in tf_ids.iter().zip(degrees) {
            let others = sample(&mut rng, size - 1, degree);
            for k in others {
                let target = range.start + if range.start + k >= *tf { k + 1 } else { k };
                let allowed = |db: &str| match db {
                    "Yeastract" => *name == "Saccharomyces cerevisiae",
                    "REDfly" => *name == "Drosophila melanogaster",
                    _ => true,
                };
                let (db_count, method_count) = (rng.random_range(1..=3), rng.random_range(1..=2));
                let databases = weighted(&mut rng, &vocabulary.databases, db_count, allowed);
                let methods = weighted(&mut rng, &vocabulary.methods, method_count, |_| true);
                let pmids = [1, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8][rng.random_range(0..12)];
                let mut pubmed: Vec<u32> = (0..pmids)
                    .map(|_| if rng.random_bool(0.3) { 27_924_024 } else { pubmed_id(study.sample(&mut rng) as u64) })
                    .collect();
                pubmed.sort_unstable();
                pubmed.dedup();
                interactions.push(Interaction {
                    tf: *tf as u32,
                    target: target as u32,
                    databases,
                    methods,
                    pubmed,
                    curated: rng.random_bool(0.04),
                });
            }
        }
    }

    // Rows per page, best evidence first, then the first `rows_shown` shown.
    let mut as_tf: Vec<Vec<u32>> = vec![Vec::new(); proteins.len()];
    let mut as_target: Vec<Vec<u32>> = vec![Vec::new(); proteins.len()];
    for (i, interaction) in interactions.iter().enumerate() {
        as_tf[interaction.tf as usize].push(i as u32);
        as_target[interaction.target as usize].push(i as u32);
    }
    let order = |rows: &mut Vec<u32>| {
        rows.sort_by_key(|&i| {
            let x = &interactions[i as usize];
            (std::cmp::Reverse((x.curated, x.databases.len(), x.pubmed.len())), i)
        })
    };
    let mut shown_on = vec![0u8; interactions.len()];
    for rows in as_tf.iter_mut() {
        order(rows);
        rows.iter().take(options.rows_shown).for_each(|&i| shown_on[i as usize] |= 1);
    }
    for rows in as_target.iter_mut() {
        order(rows);
        rows.iter().take(options.rows_shown).for_each(|&i| shown_on[i as usize] |= 2);
    }

    for (p, protein) in proteins.iter().enumerate() {
        let page = render_page(&mut rng, p, &proteins, &interactions, &as_tf[p], &as_target[p], options);
        std::fs::write(dir.join(format!("{}.md", protein.accession)), page)?;
    }

    let mut truth = std::io::BufWriter::new(std::fs::File::create(dir.join("truth.tsv"))?);
    writeln!(truth, "organism\ttf\ttf_name\ttarget\ttarget_name\tdatabases\tmethods\tpubmed\tcurated\tshown_on")?;
    let join = |ids: &[u16], names: &[(String, u64)]| {
        ids.iter().map(|&i| names[i as usize].0.as_str()).collect::<Vec<_>>().join(";")
    };
    for (x, shown) in interactions.iter().zip(&shown_on) {
        let shown = ["none", "tf", "target", "both"][*shown as usize];
        let (tf, target) = (&proteins[x.tf as usize], &proteins[x.target as usize]);
        writeln!(
            truth,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{shown}",
            ORGANISMS[tf.organism].0,
            tf.accession,
            tf.symbol.as_deref().unwrap_or("-"),
            target.accession,
            target.symbol.as_deref().unwrap_or("-"),
            join(&x.databases, &vocabulary.databases),
            join(&x.methods, &vocabulary.methods),
            x.pubmed.iter().map(u32::to_string).collect::<Vec<_>>().join(";"),
            if x.curated { "Yes" } else { "No" },
        )?;
    }
    truth.flush()?;
    let listed: Vec<&Interaction> =
        interactions.iter().zip(&shown_on).filter(|(_, s)| **s > 0).map(|(x, _)| x).collect();
    Ok(Written {
        pages: proteins.len(),
        interactions: interactions.len(),
        listed: listed.len(),
        curated_listed: listed.iter().filter(|x| x.curated).count(),
    })
}

/// The PubMed id of the study of Zipf rank `rank`: distinct ranks get distinct ids,
/// spread over 10,000,000..35,000,000 (7,919 is prime to 25,000,000).
fn pubmed_id(rank: u64) -> u32 {
    (10_000_000 + rank * 7_919 % 25_000_000) as u32
}

fn pubmed_anchor(ids: &[u32]) -> String {
    let term = ids.iter().map(|id| format!("{id}%5Buid%5D")).collect::<Vec<_>>().join("+OR+");
    format!(
        "&ensp;<a href=\"https://www.ncbi.nlm.nih.gov/pubmed/?term={term}\" target=\"_blank\"><i uk-icon=\"icon: link\"></i>Pubmed</a>"
    )
}

fn gene_id(protein: &Protein) -> String {
    if protein.gene_ids.is_empty() {
        "-".into()
    } else {
        protein.gene_ids.iter().map(u64::to_string).collect::<Vec<_>>().join(";")
    }
}

/// A TF or target row naming `partner`.
fn row(partner: &Protein, x: &Interaction, vocabulary: &Vocabulary) -> String {
    let names = |ids: &[u16], all: &[(String, u64)]| {
        ids.iter().map(|&i| all[i as usize].0.as_str()).collect::<Vec<_>>().join("; ")
    };
    format!(
        "{},{},{},{},{},{},{}",
        partner.symbol.as_deref().unwrap_or("-"),
        partner.accession,
        gene_id(partner),
        names(&x.databases, &vocabulary.databases),
        names(&x.methods, &vocabulary.methods),
        pubmed_anchor(&x.pubmed),
        if x.curated { "Yes" } else { "No" }
    )
}

/// A YAML scalar as PyYAML writes it: plain when safe, else single-quoted.
fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || " ._-()".contains(c))
        && !matches!(value.to_lowercase().as_str(), "yes" | "no" | "true" | "false" | "null" | "on" | "off");
    if plain { value.to_string() } else { format!("'{}'", value.replace('\'', "''")) }
}

/// A single-quoted block of lines (rows), folded at about 80 columns as PyYAML does:
/// a line break inside a row reads as a space, a blank line separates rows.
fn folded(key: &str, lines: &[String]) -> String {
    if lines.is_empty() {
        return format!("{key}: ''\n");
    }
    let mut out = format!("{key}: '");
    let mut column = out.len();
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            out.push_str("\n\n  ");
            column = 2;
        }
        let escaped = line.replace('\'', "''");
        for (w, word) in escaped.split(' ').enumerate() {
            if w > 0 {
                if column + 1 + word.len() > 80 && column > 2 {
                    out.push_str("\n  ");
                    column = 2;
                } else {
                    out.push(' ');
                    column += 1;
                }
            }
            out.push_str(word);
            column += word.len();
        }
    }
    out.push_str("'\n");
    out
}

#[allow(clippy::too_many_arguments)]
fn render_page(
    rng: &mut ChaCha8Rng,
    p: usize,
    proteins: &[Protein],
    interactions: &[Interaction],
    as_tf: &[u32],
    as_target: &[u32],
    options: &Options,
) -> String {
    let (vocabulary, shown) = (&options.vocabulary, options.rows_shown);
    let protein = &proteins[p];
    let (species, _, assembly) = ORGANISMS[protein.organism];
    let function = match (as_tf.is_empty(), as_target.is_empty()) {
        (false, false) => "transcription factor and target gene",
        (false, true) => "transcription factor",
        _ => "target gene",
    };
    let tfs: Vec<String> = as_target
        .iter()
        .take(shown)
        .map(|&i| row(&proteins[interactions[i as usize].tf as usize], &interactions[i as usize], vocabulary))
        .collect();
    let targets: Vec<String> = as_tf
        .iter()
        .take(shown)
        .map(|&i| row(&proteins[interactions[i as usize].target as usize], &interactions[i as usize], vocabulary))
        .collect();
    let download = |kind: &str, shown: usize, all: usize| {
        if all > shown {
            format!("https://cdn.netbiol.org/tflink/proteinDownload_{kind}/TFLink_{kind}_of_{}.tsv", protein.accession)
        } else {
            String::new()
        }
    };

    let orthologs = if rng.random_bool(0.3) {
        let mut entries = Vec::new();
        for (o, (other_species, _, _)) in ORGANISMS.iter().enumerate() {
            if o == protein.organism || !rng.random_bool(0.4) {
                continue;
            }
            let other = rng.random_range(0..proteins.len());
            let id = &proteins[other].accession;
            let id = if rng.random_bool(0.5) {
                format!("<a href=\\\"/protein/{}\\\">{id}</a>", id.to_lowercase())
            } else {
                id.clone()
            };
            entries.push(format!("{{\"species\": \"{other_species}\", \"id\": [\"{id}\"]}}"));
        }
        format!("[{}]", entries.join(", "))
    } else {
        String::new()
    };

    let mut sites = Vec::new();
    if !as_tf.is_empty() && rng.random_bool(0.2) {
        let count = rng.random_range(1..=150);
        for s in 0..count.min(TABLE_LIMIT) {
            let start = rng.random_range(10_000..50_000_000);
            let end = start + rng.random_range(10..400);
            let chromosome = format!("chr{}", rng.random_range(1..20));
            let strand = if rng.random_bool(0.5) { "+" } else { "-" };
            let methods = weighted(rng, &vocabulary.methods, 1, |_| true);
            let database = weighted(rng, &vocabulary.databases, 1, |_| true);
            let _ = s;
            sites.push(format!(
                "TFLinkLS{:08},{},{},{species},{assembly},{chromosome},{start},{end},{strand},{assembly}&position={chromosome}:{start}-{end},{},{},{},{},{}",
                rng.random_range(0..99_999_999),
                protein.accession,
                protein.symbol.as_deref().unwrap_or("-"),
                vocabulary.methods[methods[0] as usize].0,
                pubmed_anchor(&[rng.random_range(10_000_000..35_000_000)]),
                vocabulary.databases[database[0] as usize].0,
                if rng.random_bool(0.04) { "Yes" } else { "No" },
                rng.random_range(0..3)
            ));
        }
        sites.truncate(TABLE_LIMIT);
    }
    let sites_download = if sites.len() == TABLE_LIMIT {
        format!(
            "https://cdn.netbiol.org/tflink/proteinDownload_bindingSites/TFLink_{}_TFBS_annot.tsv",
            protein.accession
        )
    } else {
        String::new()
    };

    let mut page = String::from("---\ntype: protein\nlayout: protein\n");
    let _ = writeln!(page, "title: {}", protein.accession);
    let _ = writeln!(page, "protein_name: {}", scalar(protein.symbol.as_deref().unwrap_or("-")));
    let _ = writeln!(page, "uniprot_accession: {}", protein.accession);
    let _ = writeln!(page, "ncbi_gene_id: '{}'", gene_id(protein));
    let _ = writeln!(page, "organism: {species}");
    let _ = writeln!(page, "function: {function}");
    let _ = writeln!(page, "number_of_interactions: '{}'", as_tf.len() + as_target.len());
    page.push_str(&folded("orthologs", &if orthologs.is_empty() { vec![] } else { vec![orthologs] }));
    page.push_str(&folded("tfs", &tfs));
    page.push_str(&folded("targets", &targets));
    page.push_str(&folded("binding_sites", &sites));
    for (key, value) in [
        ("tfs_download", download("tfs", tfs.len(), as_target.len())),
        ("targets_download", download("targets", targets.len(), as_tf.len())),
        ("bindingSites_download", sites_download),
        ("binding_sites_ls", String::new()),
    ] {
        let _ = writeln!(page, "{key}: {}", if value.is_empty() { "''".to_string() } else { value });
    }
    page.push_str("---\n");
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessions_are_unique_and_uniprot_shaped() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000 {
            let a = accession(i);
            assert!(crate::page::row::parse_accession(&a).is_ok(), "{a}");
            assert!(seen.insert(a.clone()), "{a} twice");
        }
    }

    #[test]
    fn generated_pages_parse_and_agree_with_the_truth_file() {
        let dir = tempfile::tempdir().unwrap();
        let options = Options {
            proteins: 300,
            interactions: 6_000,
            seed: 7,
            vocabulary: Vocabulary::minimal(),
            rows_shown: TABLE_LIMIT,
        };
        let written = write(dir.path(), &options).unwrap();
        assert_eq!(written.pages, 300);
        assert!(written.interactions > 4_000 && written.listed <= written.interactions, "{written:?}");
        let corpus = crate::corpus::load(dir.path()).unwrap();
        assert!(corpus.report.is_clean(), "{:?}", corpus.report.rejected.first());
        let merged = corpus.interactions.iter().cloned().filter_map(crate::model::InteractionSides::merge).count();
        assert_eq!(merged, written.listed, "every listed interaction is read back once");
        // Same seed, same corpus.
        let again = tempfile::tempdir().unwrap();
        write(again.path(), &options).unwrap();
        for name in ["truth.tsv", &format!("{}.md", accession(17))] {
            assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), std::fs::read(again.path().join(name)).unwrap());
        }
    }
}
