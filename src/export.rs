//! Every hit of a query, written as a file: `search-cli export` and `GET /export`.
//!
//! A search answers a page of at most 1,000 hits within the first 10,000; a researcher
//! taking GATA1's 15,000 interactions into R needs them all. An export writes every
//! match of the exact query, best first, as tab-separated values (the columns of
//! `query --tsv`) or as JSON lines (the hit objects of the search response).

use crate::output;
use crate::search::{Export, SearchError};
use std::io::Write;
use std::ops::ControlFlow;
use std::str::FromStr;
use thiserror::Error;

/// How an export is written (`format=tsv|jsonl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A header line, then one line of tab-separated values per hit.
    #[default]
    Tsv,
    /// One hit object of the search response per line.
    Jsonl,
}

impl Format {
    /// The media type of the format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Tsv => "text/tab-separated-values; charset=utf-8",
            Format::Jsonl => "application/x-ndjson",
        }
    }

    /// The file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "tsv" => Ok(Format::Tsv),
            "jsonl" => Ok(Format::Jsonl),
            other => Err(format!("unknown format {other:?}: expected tsv or jsonl")),
        }
    }
}

/// Why an export stopped.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error(transparent)]
    Search(#[from] SearchError),
    /// The reader went away (a closed pipe, a client that hung up) or the disk is full.
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

/// Writes every hit of `export` to `out` in `format`, and flushes it.
pub fn write(export: &Export<'_>, format: Format, out: &mut dyn Write) -> Result<(), ExportError> {
    if format == Format::Tsv {
        out.write_all(output::tsv_header(export.kind()).as_bytes())?;
    }
    let mut failed = None;
    export.for_each(|hit| {
        let written = match format {
            Format::Tsv => out.write_all(output::tsv_row(&hit).as_bytes()),
            Format::Jsonl => {
                serde_json::to_writer(&mut *out, &hit).map_err(std::io::Error::from).and_then(|()| out.write_all(b"\n"))
            }
        };
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    out.flush()?;
    Ok(())
}
