//! Rendering for a terminal: search results as a table, index runs as a summary.

use crate::corpus::Report;
use crate::corpus::scan::Changes;
use crate::index::RunOutcome;
use crate::model::ortholog_accessions;
use crate::response::{Explanation, FacetCounts, Fallback, Hit, Kind, PartyView, SearchResponse};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// An error and its causes as `what: why: why`, each cause once: most of our messages
/// already end with their cause's text, which a plain walk of the chain repeats.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    for cause in std::iter::successors(error.source(), |e| e.source()) {
        let cause = cause.to_string();
        if !text.ends_with(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn party(p: &PartyView) -> String {
    format!("{} ({})", p.name.as_deref().unwrap_or("-"), p.accession)
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

fn facet_line(name: &str, counts: &FacetCounts) -> String {
    let values: Vec<String> = counts.iter().map(|(value, count)| format!("{value} {count}")).collect();
    format!("{name}: {}", if values.is_empty() { "-".to_string() } else { values.join(", ") })
}

/// The readable form of a response: a line of totals, a table of hits, the facets.
pub fn search_table(response: &SearchResponse) -> String {
    let (first, last) = (response.offset + 1, response.offset + response.hits.len());
    let (kind, query, ms) = (response.kind.as_str(), &response.query, response.took_ms);
    let mut out = match (response.total, response.hits.len()) {
        (0, _) => format!("no {kind}s match {query:?} ({ms:.1} ms)\n"),
        // `--limit 0`: the counts alone were asked for.
        (total, _) if response.limit == 0 => format!("{total} {kind}s match {query:?} ({ms:.1} ms)\n"),
        // Paged past the end: say so rather than print a range backwards.
        (total, 0) => format!("{total} {kind}s match {query:?}, none from {first} on ({ms:.1} ms)\n"),
        (total, _) => format!("{first}-{last} of {total} {kind}s matching {query:?} ({ms:.1} ms)\n"),
    };
    match (&response.fallback, &response.corrected) {
        (Some(Fallback::Relaxed), Some(corrected)) => out.push_str(&format!(
            "nothing matched exactly; showing {corrected:?}, without the words that match nothing\n"
        )),
        (Some(Fallback::List), Some(corrected)) => {
            out.push_str(&format!("nothing matched exactly; showing {corrected:?}, the symbols read as a list\n"))
        }
        (Some(Fallback::Ortholog), Some(corrected)) => out.push_str(&format!(
            "nothing matched exactly; showing {corrected:?}, the symbols' orthologs in the organism asked for\n"
        )),
        (Some(Fallback::Typo | Fallback::Syntax), Some(corrected)) => {
            out.push_str(&format!("nothing matched exactly; showing {corrected:?}\n"))
        }
        (Some(Fallback::Prefix), Some(corrected)) => {
            out.push_str(&format!("nothing matched exactly; showing {corrected:?} with words completed as prefixes\n"))
        }
        (Some(Fallback::Prefix), None) => {
            out.push_str("nothing matched exactly; showing words completed as prefixes\n")
        }
        _ => {}
    }
    if !response.unmatched.is_empty() {
        let terms: Vec<String> = response.unmatched.iter().map(|term| format!("{term:?}")).collect();
        let verb = if terms.len() == 1 { "matches" } else { "match" };
        out.push_str(&format!("{} {verb} no {kind}\n", terms.join(", ")));
    }
    if !response.did_you_mean.is_empty() {
        out.push_str(&format!("did you mean: {}\n", response.did_you_mean.join(", ")));
    }
    if !response.hits.is_empty() {
        let mut table = Table::new();
        table.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
        match &response.hits[0] {
            Hit::Interaction { .. } => {
                table.set_header(["#", "TF", "target", "organism", "databases", "PubMed", "curated", "score"])
            }
            Hit::Protein { .. } => table.set_header([
                "#",
                "protein",
                "gene id",
                "organism",
                "function",
                "interactions",
                "curated",
                "score",
            ]),
        };
        for (i, hit) in response.hits.iter().enumerate() {
            let n = (response.offset + i + 1).to_string();
            let score = points(hit.score());
            let row = match hit {
                Hit::Interaction { record: r, .. } => vec![
                    n,
                    party(&r.tf),
                    party(&r.target),
                    r.organism.clone(),
                    r.databases.join(", "),
                    r.pubmed.len().to_string(),
                    yes_no(r.curated).into(),
                    score,
                ],
                Hit::Protein { record: r, .. } => vec![
                    n,
                    format!("{} ({})", r.name.as_deref().unwrap_or("-"), r.accession),
                    r.gene_id.clone().unwrap_or_else(|| "-".into()),
                    r.organism.clone(),
                    r.function.clone().unwrap_or_else(|| "-".into()),
                    format!("{}{}", r.interactions, if r.truncated { "*" } else { "" }),
                    yes_no(r.curated).into(),
                    score,
                ],
            };
            table.add_row(row);
        }
        out.push_str(&table.to_string());
        out.push('\n');
        let truncated = |hit: &Hit| matches!(hit, Hit::Protein { record, .. } if record.truncated);
        if response.hits.iter().any(truncated) {
            out.push_str(
                "* its page lists only the first 100 rows of a table (as the website does): the index holds \
                 those, and what its partners' pages list\n",
            );
        }
    }
    let explained: Vec<String> = (response.hits.iter().enumerate())
        .filter_map(|(i, hit)| {
            Some(format!("{:>3}  {}", response.offset + i + 1, explained(hit.score(), hit.explanation()?)))
        })
        .collect();
    if !explained.is_empty() {
        out.push_str("score contributions:\n");
        out.push_str(&explained.join("\n"));
        out.push('\n');
    }
    let facets = &response.facets;
    let optional = [("function", &facets.function), ("method", &facets.method)];
    let counted = optional.into_iter().filter_map(|(name, counts)| Some((name, counts.as_ref()?)));
    let always = [("organism", &facets.organism), ("database", &facets.database), ("curated", &facets.curated)];
    // Matches without an organism counted: no facet was asked for (`--facets none`).
    let none = response.total > 0 && facets.organism.is_empty();
    for (name, counts) in always.into_iter().chain(counted).filter(|_| !none) {
        out.push_str(&facet_line(name, counts));
        out.push('\n');
    }
    out
}

/// A hit's score as the terms it is made of: `13.0 = 11.0 symbol ... + 2.0 method ...`.
fn explained(score: f32, explanation: &Explanation) -> String {
    let terms: Vec<String> =
        explanation.contributions.iter().map(|c| format!("{} {}", points(c.score), c.matched)).collect();
    format!("{} = {}", points(score), if terms.is_empty() { "0".into() } else { terms.join(" + ") })
}

/// A score with one decimal, or as many as its fraction needs up to four: the weights
/// of method names' words are hundredths (`11.0059`), and would all print as `.0`.
fn points(score: f32) -> String {
    let four = format!("{score:.4}");
    let trimmed = four.trim_end_matches('0');
    if trimmed.ends_with('.') { format!("{score:.1}") } else { trimmed.to_string() }
}

/// The hits as tab-separated values with a header line, for other programs: lists
/// joined by `;`, a missing value as `-`.
pub fn search_tsv(response: &SearchResponse) -> String {
    let mut out = tsv_header(response.kind);
    for hit in &response.hits {
        out.push_str(&tsv_row(hit));
    }
    out
}

/// The header line of [`tsv_row`]s of `kind`.
pub fn tsv_header(kind: Kind) -> String {
    let header: &[&str] = match kind {
        Kind::Interaction => &[
            "tf",
            "tf_accession",
            "tf_gene_id",
            "target",
            "target_accession",
            "target_gene_id",
            "organism",
            "databases",
            "methods",
            "pubmed",
            "curated",
            "score",
        ],
        Kind::Protein => &[
            "name",
            "accession",
            "gene_id",
            "organism",
            "function",
            "interactions",
            "databases",
            "curated",
            "orthologs",
            "score",
        ],
    };
    header.join("\t") + "\n"
}

/// One hit as a line of tab-separated values.
pub fn tsv_row(hit: &Hit) -> String {
    let field = |value: &str| if value.is_empty() { "-".to_string() } else { value.replace(['\t', '\n', '\r'], " ") };
    let optional = |value: &Option<String>| field(value.as_deref().unwrap_or_default());
    let score = format!("{:.3}", hit.score());
    let columns = match hit {
        Hit::Interaction { record: r, .. } => vec![
            optional(&r.tf.name),
            field(&r.tf.accession),
            optional(&r.tf.gene_id),
            optional(&r.target.name),
            field(&r.target.accession),
            optional(&r.target.gene_id),
            field(&r.organism),
            field(&r.databases.join(";")),
            field(&r.methods.join(";")),
            field(&r.pubmed.join(";")),
            yes_no(r.curated).into(),
            score,
        ],
        Hit::Protein { record: r, .. } => vec![
            optional(&r.name),
            field(&r.accession),
            optional(&r.gene_id),
            field(&r.organism),
            optional(&r.function),
            r.interactions.to_string(),
            field(&r.databases.join(";")),
            yes_no(r.curated).into(),
            field(&ortholog_accessions(&r.orthologs).collect::<Vec<_>>().join(";")),
            score,
        ],
    };
    columns.join("\t") + "\n"
}

/// The one-line summary of an index run.
pub fn index_summary(outcome: &RunOutcome) -> String {
    let (report, changes) = (&outcome.report, &outcome.changes);
    let what = match (outcome.full, outcome.committed) {
        (true, _) => "full rebuild",
        (false, true) => "updated",
        (false, false) => "nothing changed",
    };
    format!(
        "{what}: pages read {} (added {}, updated {}, removed {}, unchanged {}), indexed {}, rejected {}, rows skipped {}; \
         proteins {}, interactions {} ({} written); {:.2} s",
        report.pages_read,
        changes.added.len(),
        changes.updated.len(),
        changes.removed.len(),
        changes.unchanged,
        report.usable(),
        report.rejected.len(),
        report.skipped_rows.len(),
        outcome.proteins,
        outcome.interactions,
        outcome.interactions_written,
        outcome.seconds,
    )
}

/// The one-line summary of `search-cli check`.
pub fn check_summary(report: &Report, seconds: f64) -> String {
    format!(
        "checked: pages read {}, usable {}, rejected {}, rows skipped {}, fields dropped {}; {seconds:.2} s",
        report.pages_read,
        report.usable(),
        report.rejected.len(),
        report.skipped_rows.len(),
        report.warnings.len(),
    )
}

/// One line per added, updated or removed page (for `--verbose`).
pub fn changed_pages(changes: &Changes) -> String {
    let mut out = String::new();
    for (label, names) in [("added", &changes.added), ("updated", &changes.updated), ("removed", &changes.removed)] {
        for name in names {
            out.push_str(&format!("{label} {name}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexError;
    use crate::server::ServerError;

    #[test]
    fn scores_print_the_decimals_they_need() {
        assert_eq!(points(11.0), "11.0");
        assert_eq!(points(13.5), "13.5");
        assert_eq!(points(0.0), "0.0");
        assert_eq!(points(11.005859), "11.0059");
        assert_eq!(points(0.0595703), "0.0596");
    }

    #[test]
    fn each_cause_is_told_once() {
        let io = std::io::Error::other("disk gone");
        let index = IndexError::Io { path: "/srv/index".into(), source: io };
        let error = ServerError::Index(index);
        assert_eq!(error_chain(&error), "cannot open the index: cannot write the index in /srv/index: disk gone");

        // A message that leaves its cause out gets it appended.
        #[derive(Debug, thiserror::Error)]
        #[error("reload failed")]
        struct Reload(#[source] std::io::Error);
        assert_eq!(error_chain(&Reload(std::io::Error::other("disk gone"))), "reload failed: disk gone");
    }
}
