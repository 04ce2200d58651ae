//! One protein's whole record by accession, and, where there is none, why and where
//! else to look: what `GET /proteins/{accession}` and `search-cli protein` answer.

use super::{Engine, Mentions, SearchError};
use crate::model::Protein;
use crate::page::row::{isoform_of, parse_accession};
use thiserror::Error;

/// Most proteins a name sent instead of an accession lists.
const MOST_NAMED: usize = 5;

/// Why an accession has no record.
#[derive(Debug, Error)]
pub enum RecordError {
    /// Not a UniProt accession; `named`: the proteins whose symbol or gene id it is, as
    /// (accession, organism), where the index was asked.
    #[error("{sent:?} is not a UniProt accession{}", named_list(named))]
    NotAccession { sent: String, named: Vec<(String, String)> },
    /// An isoform (`P15976-2`): pages are of canonical accessions. `mentions`: where
    /// the canonical one is named, when it has no page either.
    #[error("{}", isoform_message(sent, canonical, mentions.as_ref()))]
    Isoform { sent: String, canonical: String, mentions: Option<Mentions> },
    /// No page has this accession.
    #[error("{}", no_page_message(accession, mentions))]
    NoPage { accession: String, mentions: Mentions },
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// What a value sent as an accession (any case) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    Accession(String),
    /// An isoform, with its protein's accession.
    Isoform {
        sent: String,
        canonical: String,
    },
}

impl Wanted {
    /// Reads `sent` without the index: a malformed accession is the caller's fault
    /// whatever the index holds.
    pub fn parse(sent: &str) -> Result<Wanted, RecordError> {
        let upper = sent.trim().to_uppercase();
        let refused = || RecordError::NotAccession { sent: sent.to_string(), named: Vec::new() };
        match isoform_of(&upper) {
            Some(canonical) => Ok(Wanted::Isoform { canonical: canonical.to_string(), sent: upper.clone() }),
            None => parse_accession(&upper).map(Wanted::Accession).map_err(|_| refused()),
        }
    }
}

impl Engine {
    /// The record of the protein whose accession `sent` is (any case), or why there is
    /// none: a name sent instead is told the proteins it names, an isoform its
    /// protein's page, an accession without a page where it is named.
    pub fn record(&self, sent: &str) -> Result<Protein, RecordError> {
        let wanted = match Wanted::parse(sent) {
            Err(RecordError::NotAccession { sent, .. }) => {
                let named = self.proteins_named(&sent)?.into_iter().take(MOST_NAMED);
                return Err(RecordError::NotAccession {
                    named: named.map(|p| (p.accession, p.organism)).collect(),
                    sent,
                });
            }
            wanted => wanted?,
        };
        let (accession, isoform) = match wanted {
            Wanted::Accession(accession) => (accession, None),
            Wanted::Isoform { sent, canonical } => (canonical, Some(sent)),
        };
        let found = self.protein(&accession)?;
        match (found, isoform) {
            (Some(protein), None) => Ok(protein),
            (Some(_), Some(sent)) => Err(RecordError::Isoform { sent, canonical: accession, mentions: None }),
            (None, isoform) => {
                let mentions = self.mentions(&accession)?;
                Err(match isoform {
                    Some(sent) => RecordError::Isoform { sent, canonical: accession, mentions: Some(mentions) },
                    None => RecordError::NoPage { accession, mentions },
                })
            }
        }
    }
}

fn named_list(named: &[(String, String)]) -> String {
    if named.is_empty() {
        return String::new();
    }
    let listed: Vec<String> =
        named.iter().map(|(accession, organism)| format!("/proteins/{accession} ({organism})")).collect();
    format!("; proteins so named: {}", listed.join(", "))
}

fn isoform_message(sent: &str, canonical: &str, mentions: Option<&Mentions>) -> String {
    match mentions {
        None => format!(
            "no page for isoform {sent}: pages are of canonical accessions; its protein's is /proteins/{canonical}"
        ),
        Some(mentions) => format!("{sent} is an isoform: {}", no_page_message(canonical, mentions)),
    }
}

/// Why `accession` has no record, and where it is named instead.
fn no_page_message(accession: &str, mentions: &Mentions) -> String {
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut places = Vec::new();
    if mentions.interactions > 0 {
        let named = plural(mentions.interactions, "interaction names", "interactions name");
        places.push(format!("{named} it: /search?q=accession:{accession}"));
    }
    if mentions.as_ortholog > 0 {
        let proteins = plural(mentions.as_ortholog, "protein", "proteins");
        places.push(format!("listed among the orthologs of {proteins}: /search?q=ortholog:{accession}&kind=protein"));
    }
    if places.is_empty() {
        format!("no protein with accession {accession}")
    } else {
        format!("no page for accession {accession}; {}", places.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_value_sent_as_an_accession_asks_for() {
        assert_eq!(Wanted::parse("p22557").unwrap(), Wanted::Accession("P22557".into()));
        assert_eq!(Wanted::parse("A0A023PXA5").unwrap(), Wanted::Accession("A0A023PXA5".into()));
        let isoform = Wanted::Isoform { sent: "P15976-2".into(), canonical: "P15976".into() };
        assert_eq!(Wanted::parse("p15976-2").unwrap(), isoform);
        // Spaces pasted around it are no part of it.
        assert_eq!(Wanted::parse(" P15976 ").unwrap(), Wanted::Accession("P15976".into()));
        assert_eq!(Wanted::parse("P15976-2 ").unwrap(), isoform);
        for sent in ["GATA1", "uniprot:P15976", "P1597", "P15976-", "", "P1 5976"] {
            let refused = Wanted::parse(sent).unwrap_err();
            // Quoted as sent: the value is shown as the caller wrote it.
            assert_eq!(refused.to_string(), format!("{sent:?} is not a UniProt accession"), "{sent:?}");
        }
    }
}
