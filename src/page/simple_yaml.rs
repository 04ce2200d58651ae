//! The subset of YAML that TFLink writes its front matter in, read without a general
//! parser.
//!
//! Every page seen so far is a flat mapping of `key: value` lines whose values are
//! single-quoted scalars (the row tables, folded over many lines) or one-line plain
//! text. libyaml took 3.5 s of CPU for the 640 MB of front matter of the medium
//! benchmark corpus; this reader takes a fraction of that. It answers only when it is
//! sure to give what serde_yaml gives: on anything else (other scalar styles,
//! comments, nesting, tabs, duplicate keys, plain text that YAML would read as a number,
//! a boolean or null, characters YAML does not allow) it returns `None`, and the page
//! goes through serde_yaml, which also produces the error messages. Tests compare the
//! two on every page of `../shared`, of `seeds/` and of a generated corpus.

use memchr::{memchr, memchr2};
use serde_yaml::{Mapping, Value};

/// The front matter as a mapping of strings, or `None` when it is not in the subset.
pub fn read(yaml: &str) -> Option<Mapping> {
    if !printable(yaml) {
        return None;
    }
    let mut map = Mapping::new();
    let mut rest = yaml;
    while !rest.is_empty() {
        let line_end = memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let line = &rest[..line_end];
        if line.trim_end_matches([' ', '\n']).is_empty() {
            rest = &rest[line_end..];
            continue;
        }
        let (key, after) = line.split_once(':')?;
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        let value_start = after.trim_start_matches(' ');
        if !after.starts_with(' ') || value_start.trim_end_matches('\n').is_empty() {
            return None;
        }
        let offset = line_end - value_start.len();
        let (value, next) = if value_start.starts_with('\'') {
            single_quoted(&rest[offset + 1..])?
        } else {
            (plain(line[offset..].trim_end_matches('\n'))?.to_string(), &rest[line_end..])
        };
        if map.insert(Value::String(key.to_string()), Value::String(value)).is_some() {
            return None;
        }
        rest = next;
    }
    (!map.is_empty()).then_some(map)
}

/// Characters YAML accepts in a stream (tab excluded: it changes how lines fold).
fn printable(yaml: &str) -> bool {
    // In blocks without an early exit, which the compiler turns into vector code.
    let plain_ascii = |block: &[u8]| block.iter().fold(true, |ok, &b| ok & (b == b'\n' || (0x20..0x7F).contains(&b)));
    if yaml.as_bytes().chunks(64).all(plain_ascii) {
        return true;
    }
    yaml.chars().all(|c| {
        matches!(c, '\n' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    })
}

/// A one-line plain scalar that YAML reads as this very string.
fn plain(value: &str) -> Option<&str> {
    let value = value.trim_end_matches(' ');
    let first = value.chars().next()?;
    let resolves_to_other = ["null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan"]
        .iter()
        .any(|word| value.eq_ignore_ascii_case(word));
    let ambiguous = value.contains(": ") || value.contains(" #") || value.ends_with(':');
    // Gene ids joined by `;` (`3039;3040`) are text in every YAML schema.
    let id_list = value.contains(';') && value.bytes().all(|b| b.is_ascii_digit() || b == b';');
    ((first.is_alphabetic() && !resolves_to_other && !ambiguous) || id_list).then_some(value)
}

/// The single-quoted scalar whose text starts at `text` (after the opening quote), with
/// YAML's folding applied, and what follows its line. `None` if it is not closed or
/// anything but spaces follows the closing quote, or a continuation line is not
/// indented.
fn single_quoted(mut text: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    loop {
        let i = memchr2(b'\'', b'\n', text.as_bytes())?;
        if text.as_bytes()[i] == b'\'' {
            value.push_str(&text[..i]);
            if text[i + 1..].starts_with('\'') {
                value.push('\'');
                text = &text[i + 2..];
                continue;
            }
            let after = &text[i + 1..];
            let line_end = memchr(b'\n', after.as_bytes()).map_or(after.len(), |i| i + 1);
            return after[..line_end]
                .trim_end_matches('\n')
                .bytes()
                .all(|b| b == b' ')
                .then(|| (value, &after[line_end..]));
        }
        // A line break: trailing spaces go, blank lines become line feeds, and a single
        // break between two lines of text becomes a space.
        value.push_str(text[..i].trim_end_matches(' '));
        text = &text[i + 1..];
        let mut blank_lines = 0;
        while let Some(end) = memchr(b'\n', text.as_bytes()) {
            if !text[..end].bytes().all(|b| b == b' ') {
                break;
            }
            blank_lines += 1;
            text = &text[end + 1..];
        }
        if !text.starts_with(' ') {
            return None;
        }
        text = text.trim_start_matches(' ');
        match blank_lines {
            0 => value.push(' '),
            n => value.extend(std::iter::repeat_n('\n', n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_yaml makes of `yaml`, as a mapping.
    fn reference(yaml: &str) -> Option<Mapping> {
        match serde_yaml::from_str::<Value>(yaml) {
            Ok(Value::Mapping(map)) => Some(map),
            _ => None,
        }
    }

    /// Every shape below either is read exactly as serde_yaml reads it or is left to it.
    #[test]
    fn agrees_with_serde_yaml_or_declines() {
        let cases = [
            "a: b\n",
            "type: protein\ntitle: P1\n",
            "k: 'one'\n",
            "k: 'it''s'\n",
            "k: ''\n",
            "k: ''''\n",
            "k: 'a\n  b'\n",
            "k: 'a  \n   b  '\n",
            "k: 'a\n\n  b\n\n\n  c'\nz: y\n",
            "k: 'a\n  \n  b'\n",
            "k: 'a\n  '\n",
            "k: ' lead and trail '\n",
            "k: 'x'   \n",
            "k: 'x' # comment\n",
            "k: 'x'y\n",
            "k: 'a\nb'\n",
            "k: 'unclosed\n",
            "k: plain text, with (parens) and 'quotes'\n",
            "k: ADE5,7\n",
            "k: Dmel\\CG18081\n",
            "k: CG8788-3'utr\n",
            "k: https://cdn.netbiol.org/x.tsv\n",
            "k: 212\n",
            "k: 3039;3040\n",
            "k: 3039;\n",
            "k: -\n",
            "k: true\n",
            "k: No\n",
            "k: null\n",
            "k: ~\n",
            "k: nan\n",
            "k: a: b\n",
            "k: a #b\n",
            "k:\n",
            "k:\n  nested: 1\n",
            "k: a\n  continued\n",
            "k: a\nk: b\n",
            "# comment\nk: a\n",
            "k: \"double\"\n",
            "k: [1, 2]\n",
            "k: 'tab\there'\n",
            "k: 'bell\u{7}'\n",
            "k: 'Ünïcødé ✓'\n",
            "k: a\n\n\nl: 'b'\n",
            "'quoted key': a\n",
            "k:a\n",
            "",
            "\n\n",
            "- a\n",
        ];
        let mut read_by_us = 0;
        for yaml in cases {
            if let Some(ours) = read(yaml) {
                assert_eq!(Some(&ours), reference(yaml).as_ref(), "{yaml:?}");
                read_by_us += 1;
            }
        }
        // The subset must be worth having: the common shapes are read here.
        assert!(read_by_us >= 18, "only {read_by_us} cases read by the simple reader");
    }

    #[test]
    fn declines_what_yaml_reads_otherwise() {
        for yaml in ["k: 212\n", "k: true\n", "k: ~\n", "k:\n", "k: a\n  b\n", "k: a\nk: b\n", "k: 'x' # c\n"] {
            assert_eq!(read(yaml), None, "{yaml:?}");
        }
    }

    #[test]
    fn folds_table_rows_like_the_website_writes_them() {
        let yaml = "tfs: 'A,P1,1,GTRD,chromatin immunoprecipitation\n  assay,x,No\n\n  B,P2,-,ReMap,y,z,Yes'\n";
        let map = read(yaml).unwrap();
        assert_eq!(map.get("tfs"), reference(yaml).unwrap().get("tfs"));
        assert_eq!(map.get("tfs").and_then(Value::as_str).map(|t| t.lines().count()), Some(2));
    }

    /// The front matter of every page in `dir`, with its path.
    fn front_matters(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
        let mut pages = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = super::super::decode(&std::fs::read(&path).unwrap()).unwrap().into_owned();
                let yaml = super::super::front_matter(&text).unwrap().to_string();
                pages.push((path, yaml));
            }
        }
        pages
    }

    /// Real pages (when `../shared` is present), the seed and generated pages: each is
    /// read exactly as serde_yaml reads it, and the subset covers nearly all of them.
    #[test]
    fn agrees_with_serde_yaml_on_whole_corpora() {
        let generated = tempfile::tempdir().unwrap();
        let options = crate::synth::Options {
            proteins: 400,
            interactions: 8_000,
            seed: 3,
            vocabulary: crate::synth::Vocabulary::minimal(),
            rows_shown: crate::synth::TABLE_LIMIT,
        };
        crate::synth::write(generated.path(), &options).unwrap();
        let shared = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/tflink"));
        let mut dirs = vec![std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")), generated.path()];
        if shared.is_dir() {
            dirs.push(shared);
        } else {
            crate::say_skipped("../shared/corpus/tflink is absent; real pages not compared");
        }
        for dir in dirs {
            let pages = front_matters(dir);
            let mut read_by_us = 0;
            for (path, yaml) in &pages {
                if let Some(ours) = read(yaml) {
                    assert_eq!(Some(ours), reference(yaml), "{}", path.display());
                    read_by_us += 1;
                }
            }
            eprintln!("{}: {read_by_us} of {} pages in the subset", dir.display(), pages.len());
            assert!(!pages.is_empty(), "no pages in {}", dir.display());
            assert!(read_by_us * 10 >= pages.len() * 9, "{}: {read_by_us} of {} pages", dir.display(), pages.len());
        }
    }

    /// The seed's front matter with random edits of the characters that matter to YAML:
    /// whatever the reader accepts, serde_yaml reads the same way.
    #[test]
    fn agrees_with_serde_yaml_on_mutated_pages() {
        use rand::{Rng, SeedableRng};
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/P22557.md")).unwrap();
        // The header and the first rows of `tfs`, closed again.
        let yaml = super::super::front_matter(&text).unwrap();
        let cut = 2500 + yaml[2500..].find("\n\n").unwrap();
        let seed = format!("{}'\ntargets: ''\n", &yaml[..cut]);
        assert!(read(&seed).is_some());
        let alphabet =
            [" ", "\n", "\n  ", "\n\n", "'", "''", "#", " #", ":", ": ", "-", "\t", "\"", "a", "1", ";", "~"];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let (mut read_by_us, mut declined) = (0, 0);
        for _ in 0..3000 {
            let mut yaml = seed.clone();
            for _ in 0..rng.random_range(1..4) {
                let mut at = rng.random_range(0..yaml.len());
                while !yaml.is_char_boundary(at) {
                    at -= 1;
                }
                yaml.insert_str(at, alphabet[rng.random_range(0..alphabet.len())]);
            }
            match read(&yaml) {
                Some(ours) => {
                    assert_eq!(Some(ours), reference(&yaml), "{yaml}");
                    read_by_us += 1;
                }
                None => declined += 1,
            }
        }
        assert!(read_by_us > 500 && declined > 500, "{read_by_us} read, {declined} declined");
    }
}
