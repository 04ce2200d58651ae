//! Query-string parameters, parsed by hand so that every mistake is a 400 naming the
//! parameter (and repeated parameters give several values).

use super::error::ApiError;
use crate::export::Format;
use crate::response::{FacetName, Kind};
use crate::search::{DEFAULT_LIMIT, Filters, SearchRequest, SuggestRequest};
use serde::Deserialize;
use utoipa::IntoParams;

/// `curated=yes|no`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum YesNo {
    Yes,
    No,
}

/// What `GET /search` and `GET /export` select: the query and the facet filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SelectionParams {
    /// Query text, at most 1,000 characters; empty, absent or `*` matches everything.
    /// Words AND together; `"quoted phrases"`; `OR` between words or groups; `-word`
    /// (or `NOT word`) excludes; parentheses group. Scopes: `tf:` `target:` `protein:`
    /// `accession:` `gene:` `organism:` `database:` `method:` `pmid:` `curated:yes|no`,
    /// `ortholog:` (the orthologs of the proteins named, as their pages list them),
    /// also over a group: `tf:(GATA1 OR TAL1)`; `uniprot:` `pubmed:` `ncbigene:`
    /// `geneid:` `entrez:` `species:` `source:` are other names of fields. `GATA*` is a prefix of symbols,
    /// accessions and gene ids (alone or after `tf:` `target:` `protein:`
    /// `accession:`). A word matches symbols (punctuation included: NKX2-5, su(Hw)),
    /// accessions, gene ids, PubMed ids and database names whole and case-insensitively,
    /// method abbreviations (ChIP, EMSA, SELEX, ...) and words of methods; a protein's
    /// alias (p53, c-Myc, PU.1, NF-κB) matches the symbols it stands for; organism
    /// words (human, mouse, fly, ...) and top-level `organism:`/`database:`/`method:`/`curated:`
    /// act as facet filters (several organisms together, as this parameter repeated), as
    /// do roles in protein searches (`human transcription factors`).
    /// When nothing matches, the query is read loosely (`GATA1, ALAS2`, `gata1 or
    /// hif1a`, `targets of GATA1`, `GATA1->ALAS2`, `GATA1/2`), its words completed or corrected, three or more
    /// symbols read as a list (the interactions among them), symbols in an organism
    /// that has no protein so named read as its orthologs of them (`yeast ALAS2`), or
    /// else words that match nothing left out, and the response says so; what still
    /// finds nothing lists the terms that match nothing alone (`unmatched`).
    pub q: Option<String>,
    /// Kind of document to return (default interaction).
    pub kind: Option<Kind>,
    /// Only these organisms (repeat the parameter for several; values OR together). A
    /// value no document holds is read as a synonym: `human`, `mmu`, `fruit fly`. An
    /// empty value (of this or any parameter) is the parameter left out.
    pub organism: Option<Vec<String>>,
    /// Only rows from these source databases (repeat for several). A value no document
    /// holds is read as an alias: `HTRIdb`.
    pub database: Option<Vec<String>>,
    /// Only curated (small-scale evidence) documents, or only the others.
    pub curated: Option<YesNo>,
    /// Only proteins with this function (kind=protein only; repeat for several). A role
    /// as researchers say it names the functions it covers: `TFs`, `target genes`.
    pub function: Option<Vec<String>>,
    /// Only documents with evidence from these detection methods (repeat for several;
    /// values OR together). A value no document holds is read as `method:` reads it:
    /// an abbreviation (`ChIP`, `EMSA`) or words of method names (`footprinting`).
    pub method: Option<Vec<String>>,
}

/// The page of hits `GET /search` returns.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Number of hits (default 10, at most 1,000).
    #[param(minimum = 0, maximum = 1000)]
    pub limit: Option<usize>,
    /// Number of hits to skip (offset + limit at most 10,000).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<usize>,
    /// `true` to return each hit's score contributions (with `limit` at most 100).
    pub explain: Option<bool>,
    /// Facets to count besides organism, database and curated (and function, counted
    /// for proteins): `method` (repeat, or separate by commas, for several); or `none`,
    /// no facet at all (the hits and the total alone, faster for broad queries).
    pub facets: Option<Vec<FacetName>>,
}

/// How `GET /export` writes its hits.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatParams {
    /// `tsv` (default): a header line and the columns of `search-cli query --tsv`;
    /// `jsonl`: one hit object of the search response per line. Either way every
    /// match of the exact query (no fallback), best first.
    pub format: Option<Format>,
}

/// Parameters of `GET /search`.
#[derive(Debug, Default)]
pub struct SearchParams {
    pub selection: SelectionParams,
    pub page: PageParams,
}

/// Parameters of `GET /export`.
#[derive(Debug, Default)]
pub struct ExportParams {
    pub selection: SelectionParams,
    pub format: FormatParams,
}

/// Parameters of `GET /suggest`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// Text typed so far; its last word is completed as a protein name or accession,
    /// or as an alias of a name (`hif-1`: HIF1A), also inside the query language
    /// (`tf:GAT`, `(GAT`, `-GAT`).
    pub q: Option<String>,
    /// Only these organisms (repeat for several; synonyms such as `human` allowed).
    /// Without it, organisms typed before the last word narrow the suggestions as they
    /// would the search (`mouse ala`).
    pub organism: Option<Vec<String>>,
    /// Number of suggestions (default 10, at most 100).
    #[param(minimum = 0, maximum = 100)]
    pub limit: Option<usize>,
}

/// The query string's pairs, decoded. A pair whose escapes are not UTF-8 is an error,
/// not text with replacement characters searched for.
fn pairs(raw: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    let raw = raw.unwrap_or_default();
    for pair in raw.split('&') {
        if percent_encoding::percent_decode_str(pair).decode_utf8().is_err() {
            let name = form_urlencoded::parse(pair.as_bytes()).next().map(|(k, _)| k.into_owned()).unwrap_or_default();
            return Err(ApiError::invalid(&name, "not UTF-8 once percent-decoded"));
        }
    }
    Ok(form_urlencoded::parse(raw.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

// An empty value is the same as leaving the parameter out: a search form's "any"
// option (`<option value="">`) sends `organism=`, meaning no filter.

/// Sets a parameter that may be given once.
fn once(slot: &mut Option<String>, name: &str, value: String) -> Result<(), ApiError> {
    if value.is_empty() {
        return Ok(());
    }
    if slot.replace(value).is_some() {
        return Err(ApiError::invalid(name, "given more than once"));
    }
    Ok(())
}

/// Adds a value of a parameter that may be repeated.
fn add(values: &mut Option<Vec<String>>, value: String) {
    if !value.is_empty() {
        values.get_or_insert_default().push(value);
    }
}

fn number(name: &str, value: &str) -> Result<usize, ApiError> {
    value.parse::<usize>().map_err(|_| match value.strip_prefix('-') {
        Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => {
            ApiError::invalid(name, format!("{value} is negative"))
        }
        None if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
            ApiError::invalid(name, format!("{value} is too large"))
        }
        _ => ApiError::invalid(name, format!("{value:?} is not a whole number")),
    })
}

impl SearchParams {
    /// Parses a query string, rejecting unknown and repeated parameters.
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let (selection, page, _) = parse_for(raw, Endpoint::Search)?;
        Ok(SearchParams { selection, page })
    }

    /// The search these parameters ask for.
    pub fn into_request(self) -> SearchRequest {
        let (selection, page) = (self.selection, self.page);
        SearchRequest {
            limit: page.limit.unwrap_or(DEFAULT_LIMIT),
            offset: page.offset.unwrap_or(0),
            explain: page.explain.unwrap_or(false),
            facets: page.facets.unwrap_or_default(),
            ..selection.into_request()
        }
    }
}

impl ExportParams {
    /// Parses a query string, rejecting unknown and repeated parameters (a page of
    /// hits among them: an export has every hit).
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let (selection, _, format) = parse_for(raw, Endpoint::Export)?;
        Ok(ExportParams { selection, format })
    }

    /// The selection to export, and how to write it.
    pub fn into_request(self) -> (SearchRequest, Format) {
        (self.selection.into_request(), self.format.format.unwrap_or_default())
    }
}

impl SelectionParams {
    /// A request for this selection (with the default page).
    fn into_request(self) -> SearchRequest {
        SearchRequest {
            query: self.q.unwrap_or_default(),
            kind: self.kind.unwrap_or_default(),
            filters: Filters {
                organism: self.organism.unwrap_or_default(),
                database: self.database.unwrap_or_default(),
                curated: self.curated.map(|c| c == YesNo::Yes),
                function: self.function.unwrap_or_default(),
                method: self.method.unwrap_or_default(),
            },
            ..SearchRequest::default()
        }
    }
}

#[derive(PartialEq, Eq)]
enum Endpoint {
    Search,
    Export,
}

/// The parameters of a search (a selection and a page) or of an export (a selection
/// and a format).
fn parse_for(raw: Option<&str>, endpoint: Endpoint) -> Result<(SelectionParams, PageParams, FormatParams), ApiError> {
    let (mut p, mut page, mut written) = (SelectionParams::default(), PageParams::default(), FormatParams::default());
    let (mut kind, mut curated, mut limit, mut offset, mut explain, mut format) = (None, None, None, None, None, None);
    let search = endpoint == Endpoint::Search;
    for (key, value) in pairs(raw)? {
        match key.as_str() {
            "q" => once(&mut p.q, "q", value)?,
            "kind" => once(&mut kind, "kind", value)?,
            "curated" => once(&mut curated, "curated", value)?,
            "limit" if search => once(&mut limit, "limit", value)?,
            "offset" if search => once(&mut offset, "offset", value)?,
            "explain" if search => once(&mut explain, "explain", value)?,
            "format" if !search => once(&mut format, "format", value)?,
            "organism" => add(&mut p.organism, value),
            "database" => add(&mut p.database, value),
            "function" => add(&mut p.function, value),
            "method" => add(&mut p.method, value),
            "facets" if search => {
                for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    let facet = name.parse::<FacetName>().map_err(|e| ApiError::invalid("facets", e))?;
                    page.facets.get_or_insert_default().push(facet);
                }
            }
            other if search => {
                return Err(unknown(
                    other,
                    "q, kind, organism, database, curated, function, method, facets, limit, offset, explain",
                ));
            }
            other => return Err(unknown(other, "q, kind, organism, database, curated, function, method, format")),
        }
    }
    p.kind = kind.map(|k| k.parse::<Kind>().map_err(|e| ApiError::invalid("kind", e))).transpose()?;
    p.curated = curated
        .map(|c| match c.to_ascii_lowercase().as_str() {
            "yes" => Ok(YesNo::Yes),
            "no" => Ok(YesNo::No),
            other => Err(ApiError::invalid("curated", format!("{other:?} is not yes or no"))),
        })
        .transpose()?;
    page.limit = limit.map(|l| number("limit", &l)).transpose()?;
    page.offset = offset.map(|o| number("offset", &o)).transpose()?;
    page.explain = explain
        .map(|e| match e.to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(ApiError::invalid("explain", format!("{other:?} is not true or false"))),
        })
        .transpose()?;
    written.format = format.map(|f| f.parse::<Format>().map_err(|e| ApiError::invalid("format", e))).transpose()?;
    Ok((p, page, written))
}

impl SuggestParams {
    /// Parses a query string, rejecting unknown and repeated parameters.
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut p = SuggestParams::default();
        let mut limit = None;
        for (key, value) in pairs(raw)? {
            match key.as_str() {
                "q" => once(&mut p.q, "q", value)?,
                "limit" => once(&mut limit, "limit", value)?,
                "organism" => add(&mut p.organism, value),
                other => return Err(unknown(other, "q, organism, limit")),
            }
        }
        p.limit = limit.map(|l| number("limit", &l)).transpose()?;
        Ok(p)
    }

    /// The suggestion request these parameters ask for.
    pub fn into_request(self) -> SuggestRequest {
        SuggestRequest {
            query: self.q.unwrap_or_default(),
            organism: self.organism.unwrap_or_default(),
            limit: self.limit.unwrap_or(DEFAULT_LIMIT),
        }
    }
}

fn unknown(name: &str, known: &str) -> ApiError {
    ApiError::invalid(name, format!("unknown parameter (known: {known})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(raw: &str) -> String {
        SearchParams::parse(Some(raw)).unwrap_err().message
    }

    #[test]
    fn repeated_facets_and_defaults() {
        let r = SearchParams::parse(Some("q=GATA1+ChIP&organism=Homo%20sapiens&organism=Mus+musculus&curated=yes"))
            .unwrap()
            .into_request();
        assert_eq!(r.query, "GATA1 ChIP");
        assert_eq!(r.filters.organism, ["Homo sapiens", "Mus musculus"]);
        assert_eq!(r.filters.curated, Some(true));
        assert_eq!((r.limit, r.offset, r.kind), (DEFAULT_LIMIT, 0, Kind::Interaction));
        assert_eq!(SearchParams::parse(None).unwrap().into_request(), SearchRequest::default());
    }

    /// As in the query language (`curated:YES`), the values of enumerated parameters
    /// are read in any case.
    #[test]
    fn enumerated_values_in_any_case() {
        let r = SearchParams::parse(Some("kind=Protein&curated=YES&explain=True")).unwrap().into_request();
        assert_eq!((r.kind, r.filters.curated, r.explain), (Kind::Protein, Some(true), true));
    }

    #[test]
    fn empty_values_are_parameters_left_out() {
        let empty = "q=&kind=&organism=&organism=Mus+musculus&database=&curated=&limit=&offset=&explain=";
        let r = SearchParams::parse(Some(empty)).unwrap().into_request();
        let expected = Filters { organism: vec!["Mus musculus".into()], ..Filters::default() };
        assert_eq!(r, SearchRequest { filters: expected, ..SearchRequest::default() });
        assert_eq!(SearchParams::parse(Some("q=GATA1&q=")).unwrap().into_request().query, "GATA1");
        assert!(message("colour=").starts_with("invalid parameter colour: unknown parameter"));
    }

    #[test]
    fn bad_values_name_the_parameter() {
        assert_eq!(
            message("kind=gene"),
            r#"invalid parameter kind: unknown kind "gene": expected interaction or protein"#
        );
        assert_eq!(message("curated=maybe"), r#"invalid parameter curated: "maybe" is not yes or no"#);
        assert_eq!(message("limit=ten"), r#"invalid parameter limit: "ten" is not a whole number"#);
        assert_eq!(message("offset=-5"), "invalid parameter offset: -5 is negative");
        assert_eq!(message("q=a&q=b"), "invalid parameter q: given more than once");
        assert_eq!(
            message("limit=99999999999999999999999"),
            "invalid parameter limit: 99999999999999999999999 is too large"
        );
        assert!(message("organsim=x").starts_with("invalid parameter organsim: unknown parameter"));
        assert_eq!(message("q=GATA%FF1"), "invalid parameter q: not UTF-8 once percent-decoded");
        assert_eq!(message("q=%C3%A9&organism=%E9"), "invalid parameter organism: not UTF-8 once percent-decoded");
    }
}
