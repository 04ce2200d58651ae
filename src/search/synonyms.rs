//! Synonyms: terms that stand for method names, species, source databases or gene
//! symbols, from one readable table (`src/search/synonyms.tsv`) plus, optionally, the user's own.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

const BUILTIN: &str = include_str!("synonyms.tsv");

/// What a synonym stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SynonymKind {
    Method,
    Organism,
    Database,
    /// An alias of a protein (`p53`) → its official symbols (`TP53`, `Trp53`).
    Symbol,
    /// What researchers call a protein's role (`transcription factors`) → the
    /// functions of the pages that fill it.
    Function,
    /// What researchers call the curation flag (`curated`, `small-scale`) → `yes` or
    /// `no`.
    Curated,
}

impl SynonymKind {
    const ALL: [SynonymKind; 6] =
        [Self::Method, Self::Organism, Self::Database, Self::Symbol, Self::Function, Self::Curated];

    fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    fn name(self) -> &'static str {
        match self {
            Self::Method => "method",
            Self::Organism => "organism",
            Self::Database => "database",
            Self::Symbol => "symbol",
            Self::Function => "function",
            Self::Curated => "curated",
        }
    }
}

/// A synonym file that cannot be used.
#[derive(Debug, Error)]
pub enum SynonymsError {
    #[error("cannot read synonyms file {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// `origin`: the file, or the built-in table.
    #[error("{origin} line {line}: {reason}")]
    Line { origin: String, line: usize, reason: String },
}

/// Lower-cased term → values, per kind.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    table: HashMap<(SynonymKind, String), Vec<String>>,
    /// Most words in a term, for matching runs of query words.
    longest: usize,
}

impl Synonyms {
    /// The table shipped with the program.
    pub fn builtin() -> Self {
        let mut synonyms = Synonyms::default();
        synonyms
            .add(BUILTIN, "the built-in table")
            .expect("the built-in synonym table is well formed (checked by a test)");
        synonyms
    }

    /// The built-in table plus the user's file, in the same format.
    pub fn with_file(path: &Path) -> Result<Self, SynonymsError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| SynonymsError::Read { path: path.to_path_buf(), source })?;
        let mut synonyms = Self::builtin();
        // Spreadsheets and Windows editors save UTF-8 with a byte-order mark.
        synonyms.add(text.strip_prefix('\u{feff}').unwrap_or(&text), &path.display().to_string())?;
        Ok(synonyms)
    }

    /// Adds `kind<TAB>term<TAB>value` lines; `#` starts a comment line.
    pub fn add(&mut self, text: &str, source: &str) -> Result<(), SynonymsError> {
        for (number, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let bad = |why: &str| SynonymsError::Line { origin: source.into(), line: number + 1, reason: why.into() };
            let mut columns = line.split('\t');
            let (Some(kind), Some(term), Some(value), None) =
                (columns.next(), columns.next(), columns.next(), columns.next())
            else {
                return Err(bad("expected kind<TAB>term<TAB>value"));
            };
            let Some(kind) = SynonymKind::named(kind.trim()) else {
                return Err(bad(&format!(
                    "unknown kind {:?} (method, organism, database, symbol, function or curated)",
                    kind.trim()
                )));
            };
            let term = normalize(term);
            if term.is_empty() || value.trim().is_empty() {
                return Err(bad("empty term or value"));
            }
            if kind == SynonymKind::Symbol && value.trim().contains(char::is_whitespace) {
                return Err(bad("a symbol is one word: list each symbol on a line of its own"));
            }
            if kind == SynonymKind::Curated && !matches!(value.trim(), "yes" | "no") {
                return Err(bad("a curated value is yes or no"));
            }
            self.longest = self.longest.max(term.split(' ').count());
            self.table.entry((kind, term)).or_default().push(value.trim().to_string());
        }
        Ok(())
    }

    /// The values `term` stands for (any case, any spacing).
    pub fn get(&self, kind: SynonymKind, term: &str) -> &[String] {
        self.table.get(&(kind, normalize(term))).map_or(&[], Vec::as_slice)
    }

    /// The symbols of the one-word aliases that `prefix` (two characters or more)
    /// starts but is not (`hif-1` of `hif-1alpha`: HIF1A), for search-as-you-type.
    pub fn symbols_completing(&self, prefix: &str) -> Vec<String> {
        let prefix = normalize(prefix);
        if prefix.chars().count() < 2 || prefix.contains(' ') {
            return Vec::new();
        }
        let completed = self.table.iter().filter(|((kind, term), _)| {
            *kind == SynonymKind::Symbol
                && term.len() > prefix.len()
                && term.starts_with(&prefix)
                && !term.contains(' ')
        });
        let mut symbols: Vec<String> = completed.flat_map(|(_, symbols)| symbols.iter().cloned()).collect();
        symbols.sort_unstable();
        symbols.dedup();
        symbols
    }

    /// Whether `term` is a synonym of any kind.
    pub fn is_term(&self, term: &str) -> bool {
        let term = normalize(term);
        SynonymKind::ALL.into_iter().any(|kind| self.table.contains_key(&(kind, term.clone())))
    }

    /// The terms of one word (`chip`, `human`, `htridb`), lower-cased; not aliases of
    /// symbols, which would only repeat the symbols themselves (`gata-1`: GATA1), nor
    /// roles (`tfs`), which only protein searches read.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        let terms = self.table.keys().filter(|(kind, _)| !matches!(kind, SynonymKind::Symbol | SynonymKind::Function));
        terms.map(|(_, term)| term.as_str()).filter(|term| !term.contains(' '))
    }

    /// The curation flag `text` names (`curated`, `small-scale`: yes; `large-scale`: no).
    pub fn flag(&self, text: &str) -> Option<bool> {
        self.get(SynonymKind::Curated, text).first().map(|value| value == "yes")
    }

    /// `text` with each Greek letter written apart joined to the word before it where
    /// that makes a term of the table (`HIF1 alpha targets` → `HIF1alpha targets`), so
    /// that the name is read as one word.
    pub fn join_letters(&self, text: &str) -> String {
        let mut words: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            let letter = GREEK_NAMES.contains(&normalize(word).as_str());
            match words.last_mut() {
                Some(last) if letter && self.is_term(&format!("{last} {word}")) => last.push_str(word),
                _ => words.push(word.to_string()),
            }
        }
        words.join(" ")
    }

    /// The most words a term has.
    pub fn longest(&self) -> usize {
        self.longest
    }
}

/// One spacing, lower case, and Greek letters spelled out: researchers write HIF-1α,
/// HIF-1alpha and HIF1alpha alike, and HIF-1 alpha: a letter written apart belongs to
/// the name before it.
fn normalize(term: &str) -> String {
    let mut normal = String::with_capacity(term.len());
    for word in term.split_whitespace() {
        let mut spelled = String::with_capacity(word.len());
        for c in word.chars().flat_map(char::to_lowercase) {
            match greek(c) {
                Some(name) => spelled.push_str(name),
                None => spelled.push(c),
            }
        }
        if !normal.is_empty() && !GREEK_NAMES.contains(&spelled.as_str()) {
            normal.push(' ');
        }
        normal.push_str(&spelled);
    }
    normal
}

/// The names [`greek`] spells letters as.
const GREEK_NAMES: [&str; 17] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "xi", "pi",
    "sigma", "tau", "omega",
];

/// The name of a lower-case Greek letter used in protein names.
fn greek(c: char) -> Option<&'static str> {
    Some(match c {
        'α' => "alpha",
        'β' => "beta",
        'γ' => "gamma",
        'δ' => "delta",
        'ε' => "epsilon",
        'ζ' => "zeta",
        'η' => "eta",
        'θ' => "theta",
        'ι' => "iota",
        'κ' => "kappa",
        'λ' => "lambda",
        'μ' => "mu",
        'ξ' => "xi",
        'π' => "pi",
        'σ' | 'ς' => "sigma",
        'τ' => "tau",
        'ω' => "omega",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use SynonymKind::*;

    #[test]
    fn builtin_table_maps_methods_organisms_and_databases() {
        let s = Synonyms::builtin();
        assert_eq!(s.get(Method, "ChIP")[0], "chromatin immunoprecipitation assay");
        assert_eq!(s.get(Method, "EMSA"), ["electrophoretic mobility shift assay"]);
        assert_eq!(s.get(Method, "gel   Shift"), ["electrophoretic mobility shift assay"]);
        assert_eq!(s.get(Organism, "fruit fly"), ["Drosophila melanogaster"]);
        assert_eq!(s.get(Organism, "H. sapiens"), ["Homo sapiens"]);
        assert_eq!(s.get(Database, "HTRIdb"), ["HTRI"]);
        assert_eq!(s.get(Database, "dorothea"), ["DoRothEA", "*_via_DoRothEA"]);
        assert!(s.get(Method, "gata1").is_empty());
        assert_eq!(s.get(Symbol, "P53"), ["TP53", "Trp53"]);
        assert_eq!(s.get(Symbol, "PU.1"), ["SPI1"]);
        assert!(s.get(Symbol, "TP53").is_empty(), "an official symbol is no alias of itself");
        assert!(s.longest() >= 3);
    }

    #[test]
    fn the_start_of_an_alias_completes_to_its_symbols() {
        let s = Synonyms::builtin();
        assert_eq!(s.symbols_completing("HIF-1"), ["HIF1A"]);
        assert_eq!(s.symbols_completing("hif-1alph"), ["HIF1A"]);
        assert_eq!(s.symbols_completing("Nf-κ"), ["NFKB1", "NFKB2", "REL", "RELA", "RELB"], "κ is kappa");
        assert!(s.symbols_completing("c-myc").is_empty(), "the whole alias is no start of one");
        assert!(s.symbols_completing("p").is_empty(), "one letter starts too much");
        assert!(s.symbols_completing("nf k").is_empty(), "only the last word is completed");
        let p5 = s.symbols_completing("P5");
        for symbol in ["TP53", "Trp53", "NFKB1", "NFKB2"] {
            assert!(p5.contains(&symbol.to_string()), "{symbol} in {p5:?}");
        }
    }

    #[test]
    fn every_method_of_the_vocabulary_is_reachable() {
        let Ok(vocabulary) =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/vocabulary.tsv"))
        else {
            crate::say_skipped("../shared/corpus/vocabulary.tsv is absent");
            return;
        };
        let s = Synonyms::builtin();
        let targets: Vec<String> =
            s.table.iter().filter(|((k, _), _)| *k == Method).flat_map(|(_, v)| v.clone()).collect();
        for line in vocabulary.lines().filter(|l| l.starts_with("method\t")) {
            let method = line.split('\t').nth(1).unwrap();
            if matches!(
                method,
                "chromatin immunoprecipitation assay"
                    | "DNase I footprinting"
                    | "electrophoretic mobility shift assay"
                    | "selex"
                    | "one hybrid"
            ) {
                assert!(targets.iter().any(|t| t == method), "no abbreviation leads to {method:?}");
            }
        }
        // Every method a synonym names either occurs in the data or is one of the
        // full names kept for methods the data does not have yet.
        let future = [
            "protein binding microarray",
            "DNA affinity purification sequencing",
            "cleavage under targets and release using nuclease",
            "cleavage under targets and tagmentation",
            "DNA adenine methyltransferase identification",
        ];
        for target in &targets {
            assert!(
                vocabulary.contains(&format!("method\t{target}\t")) || future.contains(&target.as_str()),
                "{target:?} is not a method of the data"
            );
        }
    }

    #[test]
    fn greek_letters_read_as_their_names() {
        let s = Synonyms::builtin();
        for spelled in ["HIF-1α", "hif-1alpha", "HIF-1Α"] {
            assert_eq!(s.get(Symbol, spelled), ["HIF1A"], "{spelled}");
        }
        assert_eq!(s.get(Symbol, "NF-κB"), s.get(Symbol, "nf-kappab"));
        assert!(s.get(Symbol, "NF-κB").contains(&"RELA".to_string()));
        assert_eq!(s.get(Symbol, "β-catenin"), ["CTNNB1"]);
        assert!(s.is_term("C/EBPβ"));
        assert_eq!(s.get(Symbol, "NF  κB"), s.get(Symbol, "NF-κB"), "spaces for hyphens");
        // A letter written apart, spelled or not.
        for apart in ["HIF-1 alpha", "HIF-1 α", "hif1 Alpha"] {
            assert_eq!(s.get(Symbol, apart), ["HIF1A"], "{apart}");
        }
        assert_eq!(s.get(Symbol, "NF kappa B"), s.get(Symbol, "NF-κB"));
        assert_eq!(s.join_letters("targets of HIF1 alpha in human"), "targets of HIF1alpha in human");
        assert_eq!(s.join_letters("GATA1 beta"), "GATA1 beta", "no term");
    }

    #[test]
    fn roles_are_the_functions_of_pages() {
        let s = Synonyms::builtin();
        let tf = ["transcription factor", "transcription factor and target gene"];
        for said in ["Transcription factors", "TFs", "transcription  factor"] {
            assert_eq!(s.get(Function, said), tf, "{said}");
        }
        assert_eq!(s.get(Function, "target genes"), ["target gene", "transcription factor and target gene"]);
        // Only protein searches read them: they are no words of the fallbacks' vocabulary.
        assert!(!s.words().any(|w| w == "tfs"));
    }

    #[test]
    fn malformed_lines_are_reported_with_their_number() {
        let mut s = Synonyms::default();
        let error = |s: &mut Synonyms, text: &str| s.add(text, "f").unwrap_err().to_string();
        assert_eq!(error(&mut s, "# c\nmethod\tchip only\n"), "f line 2: expected kind<TAB>term<TAB>value");
        assert_eq!(
            error(&mut s, "colour\tred\tblue\n"),
            "f line 1: unknown kind \"colour\" (method, organism, database, symbol, function or curated)"
        );
        assert_eq!(error(&mut s, "curated\thand-picked\tmaybe\n"), "f line 1: a curated value is yes or no");
        assert_eq!(
            error(&mut s, "symbol\tnf-kb\tRELA NFKB1\n"),
            "f line 1: a symbol is one word: list each symbol on a line of its own"
        );
    }
}
