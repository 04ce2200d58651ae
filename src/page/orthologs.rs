//! The `orthologs` field: a JSON string whose ids may be HTML anchors to other pages.

use crate::model::Orthologs;
use serde::Deserialize;

#[derive(Deserialize)]
struct Raw {
    species: String,
    #[serde(default)]
    id: Vec<String>,
}

/// Parses the JSON, keeping species and plain accessions; the error is a reason to report.
pub fn parse(json: &str) -> Result<Vec<Orthologs>, String> {
    let raw: Vec<Raw> = serde_json::from_str(json).map_err(|e| format!("not the expected JSON list: {e}"))?;
    Ok(raw
        .into_iter()
        .map(|r| Orthologs {
            species: r.species.trim().to_string(),
            accessions: r.id.iter().map(|id| strip_tags(id)).filter(|id| !id.is_empty()).collect(),
        })
        .collect())
}

/// `<a href="/protein/o18680">O18680</a>` → `O18680`.
fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_and_bare_ids() {
        let json = r#"[{"species": "Drosophila melanogaster", "id": ["<a href=\"/protein/o18680\">O18680</a>"]}, {"species": "Mus musculus", "id": ["A2AFM1", "Q9XXX1"]}]"#;
        let parsed = parse(json).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].species, "Drosophila melanogaster");
        assert_eq!(parsed[0].accessions, ["O18680"]);
        assert_eq!(parsed[1].accessions, ["A2AFM1", "Q9XXX1"]);
    }

    #[test]
    fn malformed_json_is_an_error() {
        assert!(parse("[{").is_err());
        assert!(parse(r#"{"species": "x"}"#).is_err());
        assert!(parse(r#"[{"id": ["A2AFM1"]}]"#).is_err());
    }
}
