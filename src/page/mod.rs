//! Parsing one TFLink page (markdown with YAML front matter) into a [`Protein`].
//!
//! A page that cannot be read as a page is rejected with a [`PageError`]; a malformed
//! row or optional field is dropped and reported as an [`Issue`], and the rest is kept.

mod orthologs;
pub mod row;
mod simple_yaml;

use crate::model::{Downloads, Party, Protein};
use row::RowError;
use serde_yaml::{Mapping, Value};
use std::borrow::Cow;
use std::path::Path;
use thiserror::Error;

/// Pages larger than this are rejected unread: the largest real page is under 1 MB.
pub const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Deepest `[`/`{` nesting accepted in front matter. The YAML parser takes time
/// quadratic in this depth, so it is checked before parsing; real pages have 2.
pub const MAX_NESTING: usize = 64;

/// Why a whole page was rejected.
#[derive(Debug, Error)]
pub enum PageError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("is a directory, not a page")]
    Directory,
    #[error("is {0} bytes, over the {MAX_PAGE_BYTES}-byte limit for a page")]
    TooLarge(u64),
    #[error("is empty")]
    Empty,
    #[error("is binary (NUL byte at offset {0})")]
    Binary(usize),
    #[error("is not UTF-8 (invalid byte at offset {0})")]
    NotUtf8(usize),
    #[error("has no front matter (the first line must be ---)")]
    NoFrontMatter,
    #[error("front matter is not closed (no line --- after the opening one)")]
    Unclosed,
    #[error("front matter is not valid YAML: {0}")]
    Yaml(String),
    #[error("front matter nests [ or {{ deeper than {MAX_NESTING} levels (line {0})")]
    TooDeep(usize),
    #[error("front matter is not a YAML mapping")]
    NotMapping,
    #[error("missing required field {0}")]
    Missing(&'static str),
    #[error("field {field}: {reason}")]
    Field { field: &'static str, reason: String },
}

/// A problem inside a page that cost a row or an optional field, not the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Where in the page, e.g. `tfs row 3` or `orthologs`.
    pub location: String,
    pub reason: String,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

/// A page read successfully, with what had to be dropped from it.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub protein: Protein,
    /// Rows skipped because they were malformed.
    pub skipped_rows: Vec<Issue>,
    /// Optional fields dropped because they were malformed.
    pub warnings: Vec<Issue>,
}

/// Reads and parses the page at `path`.
pub fn read_page(path: &Path) -> Result<ParsedPage, PageError> {
    parse_page(&read_bytes(path)?)
}

/// Reads the bytes of the page at `path`, refusing folders and oversized files.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, PageError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(PageError::Directory);
    }
    if meta.len() > MAX_PAGE_BYTES {
        return Err(PageError::TooLarge(meta.len()));
    }
    Ok(std::fs::read(path)?)
}

/// Parses the bytes of a page.
pub fn parse_page(bytes: &[u8]) -> Result<ParsedPage, PageError> {
    let text = decode(bytes)?;
    let yaml = front_matter(&text)?;
    let map = match simple_yaml::read(yaml) {
        Some(map) => map,
        None => general_yaml(yaml)?,
    };
    from_mapping(&map)
}

/// Front matter outside the subset [`simple_yaml`] reads, through serde_yaml.
fn general_yaml(yaml: &str) -> Result<Mapping, PageError> {
    check_nesting(yaml)?;
    match serde_yaml::from_str(yaml).map_err(|e| PageError::Yaml(e.to_string()))? {
        Value::Mapping(map) => Ok(map),
        _ => Err(PageError::NotMapping),
    }
}

/// Checks the bytes are text and returns them without BOM and with LF line ends.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, PageError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PageError::Empty);
    }
    // `memchr` looks at 32 bytes at a time: pages are megabytes, these scans were a
    // tenth of reading one.
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(PageError::Binary(offset));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| PageError::NotUtf8(e.valid_up_to()))?;
    Ok(if memchr::memchr(b'\r', bytes).is_some() {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    })
}

/// The YAML between the opening `---` line and the next `---` (or `...`) line.
fn front_matter(text: &str) -> Result<&str, PageError> {
    let first = text.split_inclusive('\n').next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err(PageError::NoFrontMatter);
    }
    let start = first.len();
    // Line by line from each line end `memchr` finds, looking closer only at lines that
    // start like a marker.
    let line_starts =
        std::iter::once(start).chain(memchr::memchr_iter(b'\n', &text.as_bytes()[start..]).map(|at| start + at + 1));
    for offset in line_starts {
        let rest = &text[offset..];
        if rest.starts_with("---") || rest.starts_with("...") {
            let line = rest.split_once('\n').map_or(rest, |(line, _)| line);
            if matches!(line.trim_end(), "---" | "...") {
                return Ok(&text[start..offset]);
            }
        }
    }
    Err(PageError::Unclosed)
}

/// Rejects flow collections nested deeper than [`MAX_NESTING`]. Brackets inside quoted
/// scalars and comments do not count; a quote only opens a scalar where a scalar can
/// start, so the apostrophe of a plain `CG8788-3'utr` is not taken for one.
fn check_nesting(yaml: &str) -> Result<(), PageError> {
    // Line numbers are the file's: the front matter starts after the opening `---`.
    let (mut depth, mut line) = (0usize, 2usize);
    let mut previous = '\n';
    let mut chars = yaml.chars().peekable();
    while let Some(c) = chars.next() {
        let starts_scalar = previous.is_whitespace() || matches!(previous, ':' | '-' | '[' | '{' | ',' | '?');
        match c {
            '\n' => line += 1,
            '#' if previous.is_whitespace() => while chars.next_if(|&n| n != '\n').is_some() {},
            '\'' | '"' if starts_scalar => {
                while let Some(q) = chars.next() {
                    match q {
                        '\n' => line += 1,
                        '\\' if c == '"' => {
                            chars.next();
                        }
                        '\'' if c == '\'' && chars.peek() == Some(&'\'') => {
                            chars.next();
                        }
                        q if q == c => break,
                        _ => {}
                    }
                }
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(PageError::TooDeep(line));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    Ok(())
}

/// A scalar field as text: strings as they are, numbers and booleans printed, null and
/// absent as `None`. Sequences and mappings are an error.
fn scalar<'m>(map: &'m Mapping, field: &'static str) -> Result<Option<Cow<'m, str>>, PageError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        // Borrowed: the tables are most of a page.
        Some(Value::String(s)) => Ok(Some(Cow::Borrowed(s))),
        Some(Value::Number(n)) => Ok(Some(Cow::Owned(n.to_string()))),
        Some(Value::Bool(b)) => Ok(Some(Cow::Owned(b.to_string()))),
        Some(_) => Err(PageError::Field { field, reason: "expected a text value".into() }),
    }
}

/// A non-empty scalar field, trimmed; `None` for empty text too.
fn text(map: &Mapping, field: &'static str) -> Result<Option<String>, PageError> {
    Ok(scalar(map, field)?.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
}

fn required(map: &Mapping, field: &'static str) -> Result<String, PageError> {
    text(map, field)?.ok_or(PageError::Missing(field))
}

fn from_mapping(map: &Mapping) -> Result<ParsedPage, PageError> {
    let field_error = |field: &'static str| move |e: RowError| PageError::Field { field, reason: e.to_string() };
    let accession =
        row::parse_accession(&required(map, "uniprot_accession")?).map_err(field_error("uniprot_accession"))?;
    let organism = required(map, "organism")?;
    let interactions = match text(map, "number_of_interactions")? {
        None => 0,
        Some(n) => n.parse::<u64>().map_err(|_| PageError::Field {
            field: "number_of_interactions",
            reason: format!("{n:?} is not a non-negative whole number"),
        })?,
    };
    let mut skipped_rows = Vec::new();
    let mut warnings = Vec::new();
    let gene_ids = match text(map, "ncbi_gene_id")? {
        None => Vec::new(),
        Some(ids) => row::parse_gene_ids(&ids).unwrap_or_else(|e| {
            warnings.push(Issue { location: "ncbi_gene_id".into(), reason: e.to_string() });
            Vec::new()
        }),
    };
    let orthologs = match text(map, "orthologs")? {
        None => Vec::new(),
        Some(json) => orthologs::parse(&json).unwrap_or_else(|reason| {
            warnings.push(Issue { location: "orthologs".into(), reason });
            Vec::new()
        }),
    };
    let tfs = rows(map, "tfs", row::parse_row, &mut skipped_rows)?;
    let targets = rows(map, "targets", row::parse_row, &mut skipped_rows)?;
    let binding_sites = rows(map, "binding_sites", row::parse_binding_site, &mut skipped_rows)?;
    let protein = Protein {
        party: Party { name: text(map, "protein_name")?.filter(|n| n != "-"), accession, gene_ids },
        organism,
        function: text(map, "function")?,
        interactions,
        orthologs,
        tfs,
        targets,
        binding_sites,
        downloads: Downloads {
            tfs: text(map, "tfs_download")?,
            targets: text(map, "targets_download")?,
            binding_sites: text(map, "bindingSites_download")?,
            binding_sites_ls: text(map, "binding_sites_ls")?,
        },
    };
    Ok(ParsedPage { protein, skipped_rows, warnings })
}

/// Parses each non-blank line of a table field; rows are numbered from 1 over the
/// non-blank lines, as the website shows them.
fn rows<T>(
    map: &Mapping,
    field: &'static str,
    parse: fn(&str) -> Result<T, RowError>,
    skipped: &mut Vec<Issue>,
) -> Result<Vec<T>, PageError> {
    let Some(table) = scalar(map, field)? else {
        return Ok(Vec::new());
    };
    let mut parsed = Vec::new();
    for (index, line) in table.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        match parse(line) {
            Ok(row) => parsed.push(row),
            Err(e) => skipped.push(Issue { location: format!("{field} row {}", index + 1), reason: e.to_string() }),
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests;
