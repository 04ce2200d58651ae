use super::*;

const ROW_GATA1: &str = "GATA1,P15976,2623,GTRD; HTRI,chromatin immunoprecipitation assay,&ensp;<a href=\"https://www.ncbi.nlm.nih.gov/pubmed/?term=29126285%5Buid%5D\" target=\"_blank\"><i uk-icon=\"icon: link\"></i>Pubmed</a>,Yes";
const ROW_STAT1: &str = "STAT1,P42224,6772,GTRD,chromatin immunoprecipitation assay,&ensp;<a href=\"https://www.ncbi.nlm.nih.gov/pubmed/?term=27924024%5Buid%5D\" target=\"_blank\"><i uk-icon=\"icon: link\"></i>Pubmed</a>,No";

/// A page in the corpus format; `tfs` rows are written as a single-quoted YAML scalar
/// with blank lines between rows, as the real pages are.
fn page(extra: &str, tfs: &[&str]) -> String {
    let tfs = tfs.iter().map(|r| r.replace('\'', "''")).collect::<Vec<_>>().join("\n\n  ");
    format!(
        "---\ntype: protein\nlayout: protein\ntitle: P22557\nprotein_name: ALAS2\nuniprot_accession: P22557\n\
         ncbi_gene_id: '212'\norganism: Homo sapiens\nfunction: target gene\nnumber_of_interactions: '53'\n\
         {extra}tfs: '{tfs}'\ntargets: ''\nbinding_sites: ''\n---\n"
    )
}

fn error(text: &str) -> String {
    parse_page(text.as_bytes()).unwrap_err().to_string()
}

#[test]
fn seed_shaped_page() {
    let parsed = parse_page(page("", &[ROW_GATA1, ROW_STAT1]).as_bytes()).unwrap();
    let p = parsed.protein;
    assert_eq!(p.party.name.as_deref(), Some("ALAS2"));
    assert_eq!(p.party.accession, "P22557");
    assert_eq!(p.party.gene_ids, ["212"]);
    assert_eq!(p.organism, "Homo sapiens");
    assert_eq!(p.function.as_deref(), Some("target gene"));
    assert_eq!(p.interactions, 53);
    assert_eq!(p.tfs.len(), 2);
    assert_eq!(p.tfs[1].partner.name.as_deref(), Some("STAT1"));
    assert!(p.targets.is_empty());
    assert!(parsed.skipped_rows.is_empty() && parsed.warnings.is_empty());
}

#[test]
fn real_seed_page_parses_completely() {
    let bytes = include_bytes!("../../seeds/P22557.md");
    let parsed = parse_page(bytes).unwrap();
    assert_eq!(parsed.protein.tfs.len(), 53);
    assert!(parsed.skipped_rows.is_empty(), "{:?}", parsed.skipped_rows);
    let gata1 = parsed.protein.tfs.iter().find(|r| r.partner.accession == "P15976").unwrap();
    assert_eq!(gata1.evidence.databases, ["GTRD", "HTRI", "ReMap", "TRRD_via_DoRothEA", "TRRUST"]);
    assert_eq!(gata1.evidence.pubmed.len(), 7);
    assert_eq!(parsed.protein.orthologs.len(), 4);
}

#[test]
fn bom_and_crlf() {
    let text = format!("\u{feff}{}", page("", &[ROW_GATA1]).replace('\n', "\r\n"));
    let parsed = parse_page(text.as_bytes()).unwrap();
    assert_eq!(parsed.protein.tfs.len(), 1);
    assert_eq!(parsed.protein.tfs[0].partner.name.as_deref(), Some("GATA1"));
}

#[test]
fn body_after_front_matter_is_ignored() {
    let text = format!("{}# heading\n\n---\nmore: text\n", page("", &[ROW_GATA1]));
    assert_eq!(parse_page(text.as_bytes()).unwrap().protein.tfs.len(), 1);
}

#[test]
fn front_matter_ends_at_the_first_marker_line() {
    let tfs = |text: &str| parse_page(text.as_bytes()).map(|p| p.protein.tfs.len()).ok();
    let closed = page("", &[ROW_GATA1]);
    let open = closed.strip_suffix("---\n").unwrap();
    assert_eq!(tfs(&format!("{open}...\nbody\n")), Some(1));
    assert_eq!(tfs(&format!("{open}---  \nbody")), Some(1));
    assert_eq!(tfs(&format!("{open}---")), Some(1));
    // Neither `----` nor `--- x` is a marker; the page then has none.
    for unclosed in [format!("{open}----\n"), format!("{open}--- x\n")] {
        assert!(error(&unclosed).contains("not closed"), "{unclosed}");
    }
}

#[test]
fn unnamed_protein_and_several_gene_ids() {
    let text = page("", &[]).replace("protein_name: ALAS2", "protein_name: '-'").replace("'212'", "'3039;3040'");
    let p = parse_page(text.as_bytes()).unwrap().protein;
    assert_eq!(p.party.name, None);
    assert_eq!(p.party.gene_ids, ["3039", "3040"]);
}

#[test]
fn malformed_rows_are_skipped_and_numbered() {
    let bad_flag = ROW_STAT1.replace(",No", ",Perhaps");
    let parsed = parse_page(page("", &[ROW_GATA1, "only,three,columns", &bad_flag, ROW_STAT1]).as_bytes()).unwrap();
    assert_eq!(parsed.protein.tfs.len(), 2);
    let skipped: Vec<String> = parsed.skipped_rows.iter().map(Issue::to_string).collect();
    assert_eq!(skipped.len(), 2);
    assert!(skipped[0].starts_with("tfs row 2: expected 7"), "{}", skipped[0]);
    assert!(skipped[1].starts_with("tfs row 3: curation flag"), "{}", skipped[1]);
}

#[test]
fn malformed_orthologs_are_dropped_with_a_warning() {
    let parsed = parse_page(page("orthologs: '[{\"species\": '\n", &[ROW_GATA1]).as_bytes()).unwrap();
    assert!(parsed.protein.orthologs.is_empty());
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].location, "orthologs");
    assert_eq!(parsed.protein.tfs.len(), 1);
}

#[test]
fn rejected_pages() {
    assert_eq!(error(""), "is empty");
    assert_eq!(error(" \n\n"), "is empty");
    assert_eq!(error("protein_name: ALAS2\n"), "has no front matter (the first line must be ---)");
    assert!(error("---\nuniprot_accession: P22557\norganism: Homo sapiens\n").contains("not closed"));
    assert!(error("---\nkey: [unclosed\n---\n").starts_with("front matter is not valid YAML"));
    assert_eq!(error("---\n- a\n- b\n---\n"), "front matter is not a YAML mapping");
    assert_eq!(error("---\n'just text'\n---\n"), "front matter is not a YAML mapping");
    assert_eq!(error("---\n---\n"), "front matter is not a YAML mapping");
    assert_eq!(
        error(&page("", &[]).replace("uniprot_accession: P22557\n", "")),
        "missing required field uniprot_accession"
    );
    assert_eq!(error(&page("", &[]).replace("organism: Homo sapiens\n", "")), "missing required field organism");
    assert_eq!(
        error(&page("", &[]).replace("organism: Homo sapiens", "organism: ''")),
        "missing required field organism"
    );
    assert!(error(&page("", &[]).replace("'53'", "'17,585'")).contains("number_of_interactions: \"17,585\" is not"));
    assert!(error(&page("", &[]).replace("'53'", "'-3'")).contains("number_of_interactions"));
    assert!(
        error(&page("", &[]).replace("uniprot_accession: P22557", "uniprot_accession: [P22557]"))
            .contains("uniprot_accession")
    );
    assert!(
        error(&page("", &[]).replace("uniprot_accession: P22557", "uniprot_accession: not-one"))
            .contains("not a UniProt accession")
    );
}

#[test]
fn binary_and_non_utf8_are_rejected() {
    let mut bytes = page("", &[]).into_bytes();
    bytes.insert(40, 0);
    assert!(parse_page(&bytes).unwrap_err().to_string().starts_with("is binary"));
    let mut latin1 = page("", &[]).into_bytes();
    latin1[20] = 0xE9;
    assert_eq!(parse_page(&latin1).unwrap_err().to_string(), "is not UTF-8 (invalid byte at offset 20)");
}

#[test]
fn alias_bomb_is_rejected() {
    let mut yaml = String::from(
        "---\nuniprot_accession: P22557\norganism: Homo sapiens\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        yaml.push_str(&format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 10].join(", ")));
    }
    yaml.push_str("---\n");
    let err = parse_page(yaml.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("repetition limit"), "{err}");
}

#[test]
fn absurd_nesting_is_rejected() {
    let depth = 100_000;
    let yaml = format!("---\nuniprot_accession: P22557\nx: {}{}\n---\n", "[".repeat(depth), "]".repeat(depth));
    let err = parse_page(yaml.as_bytes()).unwrap_err().to_string();
    assert_eq!(err, format!("front matter nests [ or {{ deeper than {MAX_NESTING} levels (line 3)"));
}

#[test]
fn brackets_in_quotes_comments_and_plain_words_do_not_count_as_nesting() {
    let deep = "[".repeat(MAX_NESTING + 1);
    let extra = format!(
        "note: '{deep} it''s quoted'\nother: \"{deep} \\\" still quoted\"\nname: CG8788-3'utr\n# {deep}\nflow: [[a], {{b: [c]}}]\n"
    );
    let parsed = parse_page(page(&extra, &[ROW_GATA1]).as_bytes()).unwrap();
    assert_eq!(parsed.protein.tfs.len(), 1);
}

#[test]
fn block_nesting_beyond_the_yaml_limit_is_rejected() {
    let mut yaml = String::from("---\nuniprot_accession: P22557\norganism: Homo sapiens\nx:\n");
    for level in 1..300 {
        yaml.push_str(&format!("{}- \n", " ".repeat(level)));
    }
    yaml.push_str("---\n");
    let err = parse_page(yaml.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("recursion limit"), "{err}");
}

/// The seed page mangled at random (bytes replaced, inserted, deleted, the page cut
/// short) parses or is rejected, never panics, and never yields rows it did not have.
#[test]
fn mangled_pages_parse_or_are_rejected() {
    use rand::{Rng, SeedableRng};
    let seed = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/P22557.md")).unwrap();
    let alphabet = b"-:,;'\"\\\n\r\t {}[]()<>&%#|*!?0123456789AZaz\xFF\xC3";
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(29);
    let (mut parsed, mut rejected) = (0, 0);
    for _ in 0..400 {
        let mut bytes = seed.clone();
        for _ in 0..rng.random_range(1..6) {
            let at = rng.random_range(0..bytes.len());
            let byte = alphabet[rng.random_range(0..alphabet.len())];
            match rng.random_range(0..4) {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 => drop(bytes.remove(at)),
                _ => bytes.truncate(at.max(1)),
            }
        }
        match parse_page(&bytes) {
            Ok(page) => {
                parsed += 1;
                // The seed's 53 rows, and at most one more per change (a line broken in two).
                let rows = page.protein.tfs.len() + page.protein.targets.len() + page.skipped_rows.len();
                assert!(rows <= 53 + 5, "more rows than the page had: {rows}");
            }
            Err(_) => rejected += 1,
        }
    }
    assert!(parsed > 50 && rejected > 50, "parsed {parsed}, rejected {rejected}");
}

#[test]
fn an_isoform_is_of_its_canonical_accession() {
    use super::row::isoform_of;
    assert_eq!(isoform_of("P15976-2"), Some("P15976"));
    assert_eq!(isoform_of("a0a023pxa5-10"), Some("a0a023pxa5"));
    // Symbols with a hyphen, and hyphens that number nothing, are not isoforms.
    for text in ["NKX2-5", "Abd-B", "P15976-", "P15976-2a", "P1597-2", "-2"] {
        assert_eq!(isoform_of(text), None, "{text}");
    }
}
