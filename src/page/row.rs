//! Rows of the `tfs`, `targets` and `binding_sites` tables.
//!
//! Rows are comma-separated, but the first column (a protein name) may itself contain
//! commas (`ADE5,7`), so every row is taken apart from the right, where the columns
//! never contain one.

use crate::model::{BindingSite, Evidence, Party, Row};
use memchr::{memchr2, memchr3, memmem, memrchr};
use std::sync::LazyLock;
use thiserror::Error;

/// Why a row was skipped.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum RowError {
    #[error("expected {expected} comma-separated columns, found {found}")]
    Columns { expected: usize, found: usize },
    #[error("curation flag must be Yes or No, found {0:?}")]
    Flag(String),
    #[error("{0:?} is not a UniProt accession")]
    Accession(String),
    #[error("gene id {0:?} is not a number, several numbers joined by ';', or '-'")]
    GeneId(String),
    #[error("PubMed column {0:?} holds no ?term= link")]
    PubMed(String),
    #[error("PubMed id {0:?} is not a number")]
    PubMedId(String),
}

/// Splits `text` into `N` columns: the last `N - 1` from the right, the rest as the first.
fn split_right<const N: usize>(text: &str) -> Result<[&str; N], RowError> {
    let mut columns = [""; N];
    let mut rest = text;
    for found in 1..N {
        // SIMD search: the PubMed anchor alone is a hundred bytes without a comma.
        let Some(comma) = memrchr(b',', rest.as_bytes()) else {
            // Every comma used up: report how many columns there were.
            return Err(RowError::Columns { expected: N, found });
        };
        columns[N - found] = &rest[comma + 1..];
        rest = &rest[..comma];
    }
    columns[0] = rest;
    Ok(columns)
}

/// Parses a TF or target row:
/// `NAME,ACCESSION,GENE_ID,DB1; DB2,METHOD1; METHOD2,<PubMed anchor>,Yes|No`.
pub fn parse_row(line: &str) -> Result<Row, RowError> {
    let [name, accession, gene_id, databases, methods, pubmed, flag] = split_right(line)?;
    Ok(Row {
        partner: Party {
            name: parse_name(name),
            accession: parse_accession(accession)?,
            gene_ids: parse_gene_ids(gene_id)?,
        },
        evidence: Evidence {
            databases: split_list(databases),
            methods: split_list(methods),
            pubmed: parse_pubmed(pubmed)?,
            curated: parse_flag(flag)?,
        },
    })
}

/// Parses a binding-site row (15 columns, layout in the corpus README). The TF name is
/// the only column that may hold a comma: two columns are taken from the left, twelve
/// from the right, and the name is what remains.
pub fn parse_binding_site(line: &str) -> Result<BindingSite, RowError> {
    const COLUMNS: usize = 15;
    let found = line.matches(',').count() + 1;
    let columns_error = || RowError::Columns { expected: COLUMNS, found };
    let (id, rest) = line.split_once(',').ok_or_else(columns_error)?;
    let (accession, rest) = rest.split_once(',').ok_or_else(columns_error)?;
    let [name, organism, assembly, chromosome, start, end, strand, _ucsc, methods, pubmed, databases, flag, overlaps] =
        split_right::<{ COLUMNS - 2 }>(rest).map_err(|_| columns_error())?;
    Ok(BindingSite {
        id: id.trim().to_string(),
        tf_accession: parse_accession(accession)?,
        tf_name: parse_name(name),
        organism: organism.trim().to_string(),
        assembly: assembly.trim().to_string(),
        chromosome: chromosome.trim().to_string(),
        start: start.trim().to_string(),
        end: end.trim().to_string(),
        strand: strand.trim().to_string(),
        evidence: Evidence {
            databases: split_list(databases),
            methods: split_list(methods),
            pubmed: parse_pubmed(pubmed)?,
            curated: parse_flag(flag)?,
        },
        overlaps: overlaps.trim().to_string(),
    })
}

fn parse_name(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty() && name != "-").then(|| name.to_string())
}

/// Whether `text`, in any case, has the shape of a UniProt accession (what queries and
/// URLs accept in place of one).
pub fn is_accession(text: &str) -> bool {
    parse_accession(&text.to_uppercase()).is_ok()
}

/// The accession of the protein a UniProt isoform (`P15976-2`, any case) is of; pages
/// name proteins by their canonical accession only.
pub fn isoform_of(text: &str) -> Option<&str> {
    let (accession, isoform) = text.rsplit_once('-')?;
    let numbered = !isoform.is_empty() && isoform.bytes().all(|b| b.is_ascii_digit());
    (numbered && is_accession(accession)).then_some(accession)
}

/// UniProt accessions are 6 or 10 upper-case letters and digits; anything else means
/// the row's columns were not where we expected them.
pub fn parse_accession(text: &str) -> Result<String, RowError> {
    let text = text.trim();
    let shaped = matches!(text.len(), 6 | 10) && text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if shaped { Ok(text.to_string()) } else { Err(RowError::Accession(text.to_string())) }
}

/// `212`, `3039;3040` or `-`.
pub fn parse_gene_ids(text: &str) -> Result<Vec<String>, RowError> {
    let text = text.trim();
    if text == "-" || text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(';')
        .map(|id| {
            let id = id.trim();
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                Ok(id.to_string())
            } else {
                Err(RowError::GeneId(text.to_string()))
            }
        })
        .collect()
}

/// `DB1; DB2` → `[DB1, DB2]`; `-` and empty parts are dropped, spelling is kept.
fn split_list(text: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for value in text.split(';').map(str::trim) {
        if !value.is_empty() && value != "-" && !values.iter().any(|v| v == value) {
            values.push(value.to_string());
        }
    }
    values
}

fn parse_flag(text: &str) -> Result<bool, RowError> {
    match text.trim() {
        "Yes" => Ok(true),
        "No" => Ok(false),
        other => Err(RowError::Flag(other.to_string())),
    }
}

/// Built once: `str::split` and the `trim_*_matches` functions set up a substring
/// searcher on every call with a `&str` pattern, which was a tenth of reading a page.
static TERM: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("term="));
static OR: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("+OR+"));

/// `text` without every leading repetition of `prefix`.
fn trim_prefix<'a>(mut text: &'a str, prefix: &str) -> &'a str {
    while let Some(rest) = text.strip_prefix(prefix) {
        text = rest;
    }
    text
}

/// The parts of `text` between occurrences of `separator`.
fn split_on<'a>(text: &'a str, separator: &'static memmem::Finder<'static>) -> impl Iterator<Item = &'a str> {
    let mut start = 0;
    separator.find_iter(text.as_bytes()).chain(std::iter::once(text.len())).map(move |end| {
        let part = &text[start..end];
        start = end + separator.needle().len();
        part
    })
}

/// `text` without every trailing repetition of `suffix`.
fn trim_suffix<'a>(mut text: &'a str, suffix: &str) -> &'a str {
    while let Some(rest) = text.strip_suffix(suffix) {
        text = rest;
    }
    text
}

/// Extracts the ids from the anchor's `term=ID%5Buid%5D+OR+ID%5Buid%5D`.
/// An empty column or `-` means no PubMed reference.
pub fn parse_pubmed(text: &str) -> Result<Vec<String>, RowError> {
    let trimmed = trim_prefix(text.trim(), "&ensp;").trim();
    if trimmed.is_empty() || trimmed == "-" {
        return Ok(Vec::new());
    }
    let Some(start) = TERM.find(trimmed.as_bytes()) else {
        return Err(RowError::PubMed(text.trim().to_string()));
    };
    let after = &trimmed[start + TERM.needle().len()..];
    // Two SIMD scans rather than a byte loop over the ids, most of a row's length.
    let (bytes, len) = (after.as_bytes(), after.len());
    let end = memchr3(b'"', b'\'', b'&', bytes).unwrap_or(len).min(memchr2(b' ', b'>', bytes).unwrap_or(len));
    let term = &after[..end];
    let mut ids: Vec<String> = Vec::new();
    for part in split_on(term, &OR).filter(|p| !p.is_empty()) {
        let id = ["%5Buid%5D", "%5buid%5d", "[uid]"].iter().fold(part, |id, suffix| trim_suffix(id, suffix));
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RowError::PubMedId(part.to_string()));
        }
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANCHOR: &str = r#"&ensp;<a href="https://www.ncbi.nlm.nih.gov/pubmed/?term=29126285%5Buid%5D+OR+11752324%5Buid%5D" target="_blank"><i uk-icon="icon: link"></i>Pubmed</a>"#;

    fn row(name: &str, acc: &str, gene: &str, flag: &str) -> String {
        format!(
            "{name},{acc},{gene},GTRD; ReMap,chromatin immunoprecipitation assay; inferred by curator,{ANCHOR},{flag}"
        )
    }

    #[test]
    fn plain_row() {
        let r = parse_row(&row("GATA1", "P15976", "2623", "Yes")).unwrap();
        assert_eq!(r.partner.name.as_deref(), Some("GATA1"));
        assert_eq!(r.partner.accession, "P15976");
        assert_eq!(r.partner.gene_ids, ["2623"]);
        assert_eq!(r.evidence.databases, ["GTRD", "ReMap"]);
        assert_eq!(r.evidence.methods, ["chromatin immunoprecipitation assay", "inferred by curator"]);
        assert_eq!(r.evidence.pubmed, ["29126285", "11752324"]);
        assert!(r.evidence.curated);
    }

    #[test]
    fn name_with_comma_is_kept_whole() {
        let r = parse_row(&row("ADE5,7", "P07244", "853280", "No")).unwrap();
        assert_eq!(r.partner.name.as_deref(), Some("ADE5,7"));
        assert_eq!(r.partner.accession, "P07244");
        assert!(!r.evidence.curated);
        let r = parse_row(&row("DUR1,2", "P32528", "-", "No")).unwrap();
        assert_eq!(r.partner.name.as_deref(), Some("DUR1,2"));
        assert!(r.partner.gene_ids.is_empty());
    }

    #[test]
    fn names_with_punctuation() {
        for name in [
            "HBA1;HBA2",
            "CG8788-3'utr",
            r"Dmel\CG18081",
            "su(Hw)",
            "si:ch211-196l7.4",
            "calm1a; calm1b; calm2a",
            "Nr1h3::Rxra",
        ] {
            let r = parse_row(&row(name, "Q9VUU7", "39725", "No")).unwrap();
            assert_eq!(r.partner.name.as_deref(), Some(name));
        }
    }

    #[test]
    fn dash_name_and_dash_gene_id() {
        let r = parse_row(&row("-", "A0A023PXL1", "-", "No")).unwrap();
        assert_eq!(r.partner.name, None);
        assert!(r.partner.gene_ids.is_empty());
        assert_eq!(r.partner.accession, "A0A023PXL1");
    }

    #[test]
    fn several_gene_ids() {
        let r = parse_row(&row("his-48;his-58", "Q27876", "178049;186251", "No")).unwrap();
        assert_eq!(r.partner.gene_ids, ["178049", "186251"]);
    }

    #[test]
    fn too_few_columns() {
        assert_eq!(parse_row("GATA1,P15976,2623,GTRD,Yes"), Err(RowError::Columns { expected: 7, found: 5 }));
        assert!(matches!(parse_row(""), Err(RowError::Columns { .. })));
    }

    #[test]
    fn bad_flag() {
        assert_eq!(parse_row(&row("GATA1", "P15976", "2623", "Maybe")), Err(RowError::Flag("Maybe".into())));
        assert!(parse_row(&row("GATA1", "P15976", "2623", "yes")).is_err());
    }

    #[test]
    fn misplaced_columns_are_caught_by_shape_checks() {
        assert_eq!(parse_row(&row("GATA1", "not an acc", "2623", "No")), Err(RowError::Accession("not an acc".into())));
        assert!(matches!(parse_row(&row("GATA1", "P15976", "26x3", "No")), Err(RowError::GeneId(_))));
    }

    #[test]
    fn pubmed_column_shapes() {
        assert_eq!(parse_pubmed("-").unwrap(), Vec::<String>::new());
        assert_eq!(parse_pubmed("").unwrap(), Vec::<String>::new());
        assert_eq!(
            parse_pubmed(r#"&ensp;<a href="https://x/?term=27924024%5Buid%5D" target="_blank">"#).unwrap(),
            ["27924024"]
        );
        assert_eq!(parse_pubmed("?term=1[uid]+OR+2[uid]+OR+1[uid]").unwrap(), ["1", "2"]);
        assert!(matches!(parse_pubmed("Pubmed"), Err(RowError::PubMed(_))));
        assert!(matches!(parse_pubmed("?term=abc%5Buid%5D"), Err(RowError::PubMedId(_))));
        // Separators and suffixes at the edges, doubled, or missing.
        assert_eq!(parse_pubmed("&ensp;&ensp; ?term=+OR+3[uid]%5buid%5d%5buid%5d+OR++OR+4+OR+").unwrap(), ["3", "4"]);
        assert!(matches!(parse_pubmed("?term=5+6"), Err(RowError::PubMedId(p)) if p == "5+6"));
        // The ids end at the first quote, ampersand, space or `>`, whichever it is.
        for (anchor, id) in [("?term=7'x\"", "7"), ("?term=8&x'", "8"), ("?term=9 x&", "9"), ("?term=10>x\"", "10")] {
            assert_eq!(parse_pubmed(anchor).unwrap(), [id], "{anchor}");
        }
    }

    #[test]
    fn lists_are_trimmed_deduplicated_and_keep_spelling() {
        assert_eq!(
            split_list(" TFactS_via_DoRothea ;KEGG_via_DoRothEA; ; TFactS_via_DoRothea"),
            ["TFactS_via_DoRothea", "KEGG_via_DoRothEA"]
        );
        assert!(split_list("-").is_empty());
    }

    #[test]
    fn binding_site_row() {
        let line = format!(
            "TFLinkLS09898187,P04637,TP53,Homo sapiens,hg38,chr14,36820997,36821333,+,hg38&position=chr14:36820997-36821333,chromatin immunoprecipitation assay; inferred by curator,{ANCHOR},ORegAnno,No,0"
        );
        let site = parse_binding_site(&line).unwrap();
        assert_eq!(site.id, "TFLinkLS09898187");
        assert_eq!(site.tf_accession, "P04637");
        assert_eq!(site.tf_name.as_deref(), Some("TP53"));
        assert_eq!(site.chromosome, "chr14");
        assert_eq!(site.start, "36820997");
        assert_eq!(site.strand, "+");
        assert_eq!(site.evidence.databases, ["ORegAnno"]);
        assert_eq!(site.evidence.pubmed, ["29126285", "11752324"]);
        assert_eq!(site.overlaps, "0");
    }

    #[test]
    fn binding_site_name_with_comma_and_dash_coordinates() {
        let line = format!("TFLinkLS1,P07244,ADE5,7,Saccharomyces cerevisiae,-,-,-,-,-,-,selex,{ANCHOR},JASPAR,No,-");
        let site = parse_binding_site(&line).unwrap();
        assert_eq!(site.tf_name.as_deref(), Some("ADE5,7"));
        assert_eq!(site.start, "-");
        assert!(matches!(parse_binding_site("a,b,c"), Err(RowError::Columns { expected: 15, found: 3 })));
    }
}
