//! Synonyms: terms that also match whole detection-method names.

use std::collections::HashMap;

const BUILTIN: &str = include_str!("synonyms.tsv");

/// Lower-cased term → lower-cased method names it stands for.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    methods: HashMap<String, Vec<String>>,
}

impl Synonyms {
    /// The table shipped with the program (`src/search/synonyms.tsv`).
    pub fn builtin() -> Self {
        Self::parse(BUILTIN).expect("the built-in synonym table is well formed (checked by a test)")
    }

    /// Parses `term<TAB>method` lines; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut methods: HashMap<String, Vec<String>> = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((term, method)) = line.split_once('\t') else {
                return Err(format!("line {}: expected term<TAB>method", number + 1));
            };
            methods.entry(term.trim().to_lowercase()).or_default().push(method.trim().to_lowercase());
        }
        Ok(Synonyms { methods })
    }

    /// The method names `term` (already lower-cased) stands for.
    pub fn methods(&self, term: &str) -> &[String] {
        self.methods.get(term).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses_and_maps_the_abbreviations() {
        let synonyms = Synonyms::parse(BUILTIN).unwrap();
        assert_eq!(synonyms.methods("chip")[0], "chromatin immunoprecipitation assay");
        assert_eq!(synonyms.methods("emsa"), ["electrophoretic mobility shift assay"]);
        assert!(synonyms.methods("gata1").is_empty());
    }

    #[test]
    fn malformed_line_is_reported() {
        assert_eq!(Synonyms::parse("# c\nchip only\n").unwrap_err(), "line 2: expected term<TAB>method");
    }
}
