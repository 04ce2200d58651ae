//! The router in process (`oneshot`): every bad input gets its status and JSON error.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::time::Duration;
use tflink_search::server::{AppState, app};
use tflink_search::{corpus, index};
use tower::ServiceExt;

/// A router over a real index of the seed pages, and the folder holding it.
fn seeded_app() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    index::build(dir.path(), &corpus::load(&common::seeds()).unwrap()).unwrap();
    let state = AppState::new(dir.path().to_path_buf(), Duration::from_secs(5), 4);
    assert!(state.refresh().unwrap());
    (dir, app(state, &[]).unwrap())
}

async fn call(app: &Router, method: &str, uri: &str) -> (StatusCode, Value) {
    let request = Request::builder().method(method).uri(uri).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{method} {uri}: body is not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    (status, json)
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_message_naming_them() {
    let (_dir, app) = seeded_app();
    let long_query = format!("/search?q={}", "a".repeat(1001));
    let cases = [
        ("/search?kind=gene", "kind"),
        ("/search?curated=maybe", "curated"),
        ("/search?limit=ten", "limit"),
        ("/search?limit=-1", "limit"),
        ("/search?limit=1.5", "limit"),
        ("/search?offset=-3", "offset"),
        ("/search?offset=abc", "offset"),
        ("/search?limit=1001", "limit"),
        ("/search?offset=9995&limit=10", "offset"),
        ("/search?limit=99999999999999999999999", "limit"),
        (long_query.as_str(), "q"),
        ("/search?q=a&q=b", "q"),
        ("/search?function=target+gene", "function"),
        ("/search?colour=red", "colour"),
        ("/search?explain=true&limit=101", "limit"),
        ("/search?facets=colour", "facets"),
        ("/search?facets=method,&facets=species", "facets"),
        ("/search?facets=function", "facets"),
        ("/search?facets=none,method", "facets"),
        ("/export?facets=method", "facets"),
        ("/suggest?limit=101", "limit"),
        ("/suggest?limit=x", "limit"),
        ("/suggest?kind=protein", "kind"),
        ("/proteins/not-an-accession", "accession"),
        ("/proteins/uniprot:P15976", "accession"),
    ];
    for (uri, parameter) in cases {
        let (status, body) = call(&app, "GET", uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(body["error"]["code"], "invalid_parameter", "{uri}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(&format!("invalid parameter {parameter}:")), "{uri}: {message}");
    }
    // The value is quoted as sent.
    let (_, body) = call(&app, "GET", "/proteins/uniprot:P15976").await;
    assert!(body["error"]["message"].as_str().unwrap().contains("\"uniprot:P15976\""), "{body}");
    // A symbol or gene id sent instead of an accession is told the pages it names.
    for name in ["alas2", "212"] {
        let (status, body) = call(&app, "GET", &format!("/proteins/{name}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.ends_with("; proteins so named: /proteins/P22557 (Homo sapiens)"), "{message}");
    }
}

/// The method facet is counted when asked for, disjunctively like the others: a
/// method filter leaves its counts as they were, and its value's count is the total.
/// `facets=none` counts none, for a search box's live results.
#[tokio::test]
async fn the_facets_asked_for_and_the_method_filter() {
    let (_dir, app) = seeded_app();
    let (_, plain) = call(&app, "GET", "/search?q=ALAS2").await;
    assert!(plain["facets"].get("method").is_none(), "{}", plain["facets"]);
    let (status, all) = call(&app, "GET", "/search?q=ALAS2&facets=method,organism").await;
    assert_eq!(status, StatusCode::OK);
    let methods = all["facets"]["method"].as_object().unwrap().clone();
    assert!(methods.len() >= 2, "the seed's rows name several methods: {methods:?}");
    for (method, count) in &methods {
        let uri = format!("/search?q=ALAS2&facets=Method&method={}", method.replace(' ', "+"));
        let (status, filtered) = call(&app, "GET", &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(&filtered["total"], count, "{uri}");
        assert_eq!(filtered["facets"]["method"].as_object().unwrap(), &methods, "{uri}");
        assert!(filtered["total"].as_u64() < all["total"].as_u64(), "{uri} filters");
    }
    // No facet at all: the same total and hits, every facet empty.
    for uri in ["/search?q=ALAS2&limit=20", "/search?q=&organism=human&curated=yes&limit=5", "/search?q=GATA*"] {
        let (_, counted) = call(&app, "GET", uri).await;
        let (status, bare) = call(&app, "GET", &format!("{uri}&facets=none")).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!((&bare["total"], &bare["hits"]), (&counted["total"], &counted["hits"]), "{uri}");
        assert!(counted["facets"]["organism"].as_object().is_some_and(|o| !o.is_empty()), "{uri}");
        let empty = serde_json::json!({"organism": {}, "database": {}, "curated": {}});
        assert_eq!(bare["facets"], empty, "{uri}");
    }
    // An abbreviation, as `method:` reads it; a method no row names matches nothing.
    let (_, chip) = call(&app, "GET", "/search?q=ALAS2&method=ChIP").await;
    assert_eq!(chip["total"], methods["chromatin immunoprecipitation assay"]);
    let (_, none) = call(&app, "GET", "/search?q=ALAS2&method=northern+blot").await;
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn boundaries_that_are_allowed() {
    let (_dir, app) = seeded_app();
    for uri in [
        "/search?limit=1000",
        "/search?offset=9000&limit=1000",
        "/search?limit=0",
        "/search?q=",
        "/search",
        "/search?kind=protein&function=target+gene",
    ] {
        let (status, body) = call(&app, "GET", uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    }
    let query = format!("/search?q={}", "a".repeat(1000));
    assert_eq!(call(&app, "GET", &query).await.0, StatusCode::OK);
    // A form's "any" options send empty values: no filter, not a filter on "".
    let (status, any) = call(&app, "GET", "/search?q=&organism=&database=&curated=&kind=&limit=").await;
    assert_eq!((status, any["total"].as_u64()), (StatusCode::OK, Some(53)));
    let (_, empty_page) = call(&app, "GET", "/search?offset=9000&limit=1000").await;
    assert_eq!(empty_page["total"], 53, "totals do not depend on the page asked for");
    assert_eq!(empty_page["hits"].as_array().unwrap().len(), 0);
}

/// The seed page lists ALAS2's orthologs: mouse A2AFM1, rat F1LVW9, fly O18680 and
/// yeast P09950 (the last two as links to their pages).
#[tokio::test]
async fn protein_hits_carry_their_orthologs_and_ortholog_finds_them() {
    let (_dir, app) = seeded_app();
    let (status, body) = call(&app, "GET", "/search?q=ortholog:a2afm1&kind=protein").await;
    assert_eq!((status, body["total"].as_u64()), (StatusCode::OK, Some(1)), "{body}");
    let hit = &body["hits"][0];
    assert_eq!(hit["accession"], "P22557");
    let orthologs = hit["orthologs"].as_array().unwrap();
    let of = |species: &str| orthologs.iter().find(|o| o["species"] == species).map(|o| o["accessions"].clone());
    assert_eq!(of("Mus musculus"), Some(serde_json::json!(["A2AFM1"])));
    assert_eq!(of("Drosophila melanogaster"), Some(serde_json::json!(["O18680"])));
    assert_eq!(orthologs.len(), 4);
    // In an interaction search, the interactions of the orthologs: ALAS2's 53 TF rows.
    let (_, interactions) = call(&app, "GET", "/search?q=ortholog:A2AFM1").await;
    assert_eq!(interactions["total"], 53);
    // Not reflexive: no other page lists ALAS2 itself as an ortholog.
    let (_, itself) = call(&app, "GET", "/search?q=ortholog:P22557&kind=protein").await;
    assert_eq!(itself["total"], 0);
    // The accession alone finds nothing (no page, no interaction): the ortholog reading
    // is offered, not run, and only where it would find something.
    let (_, bare) = call(&app, "GET", "/search?q=A2AFM1+GTRD&kind=protein").await;
    assert_eq!((bare["total"].as_u64(), bare.get("fallback")), (Some(0), None), "{bare}");
    assert_eq!(bare["did_you_mean"], serde_json::json!(["ortholog:A2AFM1 GTRD"]));
    for uri in ["/search?q=A2AFM1&organism=mouse", "/search?q=P99999"] {
        let (_, nothing) = call(&app, "GET", uri).await;
        assert_eq!((nothing["total"].as_u64(), nothing.get("did_you_mean")), (Some(0), None), "{uri}: {nothing}");
    }
    // Its record is not there either, and the 404 says where it is named.
    let (status, body) = call(&app, "GET", "/proteins/A2AFM1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.ends_with("listed among the orthologs of 1 protein: /search?q=ortholog:A2AFM1&kind=protein"),
        "{message}"
    );
}

#[tokio::test]
async fn unknown_routes_accessions_and_methods() {
    let (_dir, app) = seeded_app();
    let (status, body) = call(&app, "GET", "/nowhere").await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let (status, body) = call(&app, "GET", "/proteins/P99999").await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    assert!(body["error"]["message"].as_str().unwrap().contains("P99999"));
    // GATA1 has no page of its own in the seed, but the seed's row names it.
    let (status, body) = call(&app, "GET", "/proteins/p15976").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("1 interaction names it: /search?q=accession:P15976"), "{message}");
    // An isoform has no page: the 404 names its protein's page, or where that is named.
    let (status, body) = call(&app, "GET", "/proteins/p22557-2").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"]["message"].as_str().unwrap().ends_with("its protein's is /proteins/P22557"), "{body}");
    let (_, body) = call(&app, "GET", "/proteins/P15976-10").await;
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("P15976-10 is an isoform: no page for accession P15976; 1 interaction"), "{message}");
    // A route with a trailing slash is sent on to the route, query kept; a path that
    // is no route with one stays a 404.
    for (uri, location) in [
        ("/search/?q=GATA1&limit=1", "/search?q=GATA1&limit=1"),
        ("/suggest//?q=GA", "/suggest?q=GA"),
        ("/health/", "/health"),
        ("/proteins/P22557/", "/proteins/P22557"),
    ] {
        let request = Request::builder().uri(uri).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(response.headers()[axum::http::header::LOCATION], location, "{uri}");
        let (status, _) = call(&app, "GET", location).await;
        assert_eq!(status, StatusCode::OK, "{location}");
    }
    // Every route the OpenAPI document describes, with a slash after it.
    let (_, openapi) = call(&app, "GET", "/openapi.json").await;
    for path in openapi["paths"].as_object().unwrap().keys() {
        let uri = format!("{}/", path.replace("{accession}", "P22557"));
        let response = app.clone().oneshot(Request::builder().uri(&uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
    }
    for uri in ["/nowhere/", "/proteins/", "/proteins/P22557/tfs/", "//"] {
        let (status, body) = call(&app, "GET", uri).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")), "{uri}");
    }
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let (status, body) = call(&app, method, "/search?q=GATA1").await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(body["error"]["code"], "method_not_allowed");
    }
    // Escapes that are not UTF-8 are the caller's fault, said in JSON like any other.
    for uri in ["/proteins/%FF", "/search?q=GATA%FF1", "/suggest?q=%C3"] {
        let (status, body) = call(&app, "GET", uri).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_parameter")),
            "{uri}"
        );
    }
    let (status, body) = call(&app, "GET", "/proteins/p22557").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["party"]["name"], "ALAS2");
    assert_eq!(body["tfs"].as_array().unwrap().len(), 53);
}

#[tokio::test]
async fn before_the_index_is_loaded_everything_is_503() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(dir.path().to_path_buf(), Duration::from_secs(5), 4);
    let app = app(state, &[]).unwrap();
    for uri in ["/health", "/search?q=GATA1", "/suggest?q=GA", "/proteins/P22557", "/stats"] {
        let (status, body) = call(&app, "GET", uri).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_eq!(body["error"]["code"], "not_ready", "{uri}");
    }
    // Bad parameters are still the caller's fault, whatever the index.
    assert_eq!(call(&app, "GET", "/search?limit=x").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn cors_only_for_configured_origins() {
    let dir = tempfile::tempdir().unwrap();
    index::build(dir.path(), &corpus::load(&common::seeds()).unwrap()).unwrap();
    let state = AppState::new(dir.path().to_path_buf(), Duration::from_secs(5), 4);
    state.refresh().unwrap();
    let allowed = "https://search.example.org";
    let app = app(state.clone(), &[allowed.to_string()]).unwrap();
    let origin_header = |origin: &str| {
        let request = Request::get("/health").header("origin", origin).body(Body::empty()).unwrap();
        let app = app.clone();
        async move { app.oneshot(request).await.unwrap().headers().get("access-control-allow-origin").cloned() }
    };
    assert_eq!(origin_header(allowed).await.unwrap(), allowed);
    assert_eq!(origin_header("https://evil.example.com").await, None);
    // A page on the allowed origin can read an export's count and file name.
    let request = Request::get("/export?q=GATA1").header("origin", allowed).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let exposed = response.headers()["access-control-expose-headers"].to_str().unwrap().to_lowercase();
    for header in ["x-total-count", "content-disposition", "x-request-id"] {
        assert!(exposed.contains(header), "{header} not exposed: {exposed}");
    }
    assert_eq!(response.headers()["x-total-count"], "1");
    let no_cors = tflink_search::server::app(state, &[]).unwrap();
    let request = Request::get("/health").header("origin", allowed).body(Body::empty()).unwrap();
    assert!(no_cors.oneshot(request).await.unwrap().headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn explain_gives_contributions_that_add_up_to_the_score() {
    let (_dir, app) = seeded_app();
    let (status, body) = call(&app, "GET", "/search?q=GATA1+ChIP&explain=true").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let hit = &body["hits"][0];
    let contributions = hit["explanation"]["contributions"].as_array().unwrap();
    let sum: f64 = contributions.iter().map(|c| c["score"].as_f64().unwrap()).sum();
    assert!((sum - hit["score"].as_f64().unwrap()).abs() < 1e-4, "{hit}");
    let matched: Vec<&str> = contributions.iter().map(|c| c["matched"].as_str().unwrap()).collect();
    assert!(matched.iter().any(|m| m.contains("\"GATA1\"")), "{matched:?}");
    assert!(matched.iter().any(|m| m.contains("chromatin immunoprecipitation assay")), "{matched:?}");
    assert!(hit["explanation"]["tree"]["details"].is_array(), "the full tree too");
    let (_, plain) = call(&app, "GET", "/search?q=GATA1+ChIP").await;
    assert!(plain["hits"][0].get("explanation").is_none(), "only when asked for");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let (_dir, app) = seeded_app();
    let id_of = |request: Request<Body>| {
        let app = app.clone();
        async move { app.oneshot(request).await.unwrap().headers().get("x-request-id").cloned() }
    };
    let made = id_of(Request::get("/search?q=GATA1").body(Body::empty()).unwrap()).await.expect("an id is made up");
    let other = id_of(Request::get("/nowhere").body(Body::empty()).unwrap()).await.expect("errors carry one too");
    assert_ne!(made, other, "each request its own");
    let given = Request::get("/health").header("x-request-id", "client-42").body(Body::empty()).unwrap();
    assert_eq!(id_of(given).await.unwrap(), "client-42", "the client's own is kept");
}

/// Status, `ETag` and body length of `GET uri`, sent with `If-None-Match: held`.
async fn conditional_get(app: &Router, uri: &str, held: Option<&str>) -> (StatusCode, Option<String>, usize) {
    let mut request = Request::builder().method("GET").uri(uri);
    if let Some(tag) = held {
        request = request.header("if-none-match", tag);
    }
    let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let tag = response.headers().get("etag").map(|t| t.to_str().unwrap().to_string());
    if tag.is_some() {
        assert_eq!(response.headers()["cache-control"], "no-cache", "{uri}: a tagged answer is revalidated");
    }
    let length = response.into_body().collect().await.unwrap().to_bytes().len();
    (status, tag, length)
}

#[tokio::test]
async fn answers_carry_an_etag_and_a_client_holding_it_gets_304() {
    let (_dir, app) = seeded_app();
    let (status, tag, length) = conditional_get(&app, "/search?q=GATA1", None).await;
    let tag = tag.expect("a search answer is tagged");
    assert_eq!(status, StatusCode::OK);
    assert!(length > 0);
    assert_eq!(
        conditional_get(&app, "/search?q=GATA1", Some(&tag)).await,
        (StatusCode::NOT_MODIFIED, Some(tag.clone()), 0)
    );
    // Another request, another tag; a tag not held, or of another request, is no match.
    let (_, other, _) = conditional_get(&app, "/search?q=GATA2", None).await;
    assert_ne!(other.as_deref(), Some(tag.as_str()));
    assert_eq!(conditional_get(&app, "/search?q=GATA2", Some(&tag)).await.0, StatusCode::OK);
    assert_eq!(conditional_get(&app, "/search?q=GATA1", Some("W/\"0\", *")).await.0, StatusCode::NOT_MODIFIED);
    for uri in ["/suggest?q=GAT", "/proteins/P22557"] {
        let (status, tag, _) = conditional_get(&app, uri, None).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(conditional_get(&app, uri, tag.as_deref()).await.0, StatusCode::NOT_MODIFIED, "{uri}");
    }
    // Errors and answers that are not the index's alone carry no tag.
    for uri in ["/search?kind=gene", "/proteins/P99999", "/health", "/stats"] {
        assert_eq!(conditional_get(&app, uri, None).await.1, None, "{uri}");
    }
}

#[tokio::test]
async fn queries_that_cannot_be_parsed_are_400_with_the_position() {
    let (_dir, app) = seeded_app();
    let cases = [
        ("GATA1%20%22ChIP", "at position 7: this quote is never closed"),
        ("(GATA1%20OR%20GATA2", "at position 1: this ( is never closed"),
        ("GATA1)", "at position 6: this ) closes nothing"),
        ("OR%20GATA1", "at position 1: OR needs a term on each side"),
        ("GATA1%20OR", "at position 7: OR needs a term on each side"),
        ("GATA1%20-%20x", "at position 7: nothing to exclude after -"),
        ("GATA1%20--x", "at position 8: - must be followed by a term"),
        ("()", "at position 1: empty parentheses"),
        ("tf:%20GATA1", "at position 1: tf: needs a value"),
        ("%22%22", "at position 1: empty phrase"),
        ("GATA1%22x%22", "at position 6: a quote must start a phrase"),
        ("AND%20GATA1", "at position 1: AND needs a term before it"),
        ("GATA1%20AND", "at position 10: AND needs a term after it"),
        ("a%20(b%20OR%20)", "at position 9: nothing before this )"),
        ("curated:maybe", "at position 1: curated:maybe: expected curated:yes or curated:no"),
        ("accession:GATA1", "at position 1: accession:GATA1: not a UniProt accession"),
        ("gene:GATA1", "at position 1: gene:GATA1: an NCBI gene id is a number"),
        ("pmid:abc", "at position 1: pmid:abc: a PubMed id is a number"),
        ("ALAS2%20curated:(yes%20OR%20maybe)", "at position 23: curated:maybe: expected curated:yes or curated:no"),
        ("tf:GATA1%20pmid:(1%20OR%20x)", "at position 21: pmid:x: a PubMed id is a number"),
        ("GATA1%20*", "at position 7: * ends a prefix and needs its start before it"),
        ("organism:hum*", "at position 1: organism:hum*: a prefix (*) completes symbols, accessions and gene ids"),
    ];
    for (q, message) in cases {
        let (status, body) = call(&app, "GET", &format!("/search?q={q}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}: {body}");
        assert_eq!(body["error"]["code"], "invalid_query", "{q}");
        let text = body["error"]["message"].as_str().unwrap();
        assert!(text.starts_with("invalid query q: ") && text.contains(message), "{q}: {text}");
    }
}

/// Random query strings over the parameters, values and escapes a client might send
/// (and the same as an accession) are answered (200) or refused as the caller's fault
/// (400 or 404, with a code): never a 500, whatever they hold.
#[tokio::test]
async fn random_query_strings_are_answered_or_refused_never_failed() {
    use rand::{Rng, SeedableRng};
    let (_dir, app) = seeded_app();
    let pieces = [
        "q=",
        "GATA1",
        "%22",
        "%28",
        "%29",
        "-",
        "*",
        "%20",
        "+OR+",
        "tf%3A",
        "organism%3A",
        "&",
        "=",
        "%FF",
        "%",
        "kind=",
        "protein",
        "limit=",
        "-1",
        "1001",
        "organism=",
        "human",
        "curated=",
        "maybe",
        "yes",
        "offset=",
        "9995",
        "explain=",
        "true",
        "function=",
        "target+gene",
        "database=",
        "GTRD",
        "q=",
        "colour=",
        // Bytes a parser may trip on: NUL, a curly quote, an en dash, invalid UTF-8.
        "%00",
        "%E2%80%9C",
        "%E2%80%93",
        "%C3",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(23);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..400 {
        let length = rng.random_range(1..9);
        let query: String = (0..length).map(|_| pieces[rng.random_range(0..pieces.len())]).collect();
        let uri = match rng.random_range(0..10) {
            0..8 => format!("/search?{query}"),
            8 => format!("/suggest?{query}"),
            _ => format!("/proteins/{}", query.replace(['&', '='], "")),
        };
        let (status, body) = call(&app, "GET", &uri).await;
        match status {
            StatusCode::OK => {}
            StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND => {
                assert!(body["error"]["code"].is_string(), "{uri}: {body}")
            }
            other => panic!("{uri}: {other} {body}"),
        }
        seen.insert(status);
    }
    assert!(
        seen.contains(&StatusCode::OK) && seen.contains(&StatusCode::BAD_REQUEST),
        "both answers and refusals were drawn"
    );
}

#[tokio::test]
async fn an_index_folder_removed_under_the_server_is_named_and_searches_go_on() {
    let (dir, app) = seeded_app();
    std::fs::remove_dir_all(dir.path()).unwrap();
    let (status, body) = call(&app, "GET", "/stats").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with(&format!("cannot read the index folder {}", dir.path().display())), "{message}");
    // The generation's files are open: searches answer from them until a new index comes.
    let (status, body) = call(&app, "GET", "/search?q=GATA1").await;
    assert_eq!((status, body["hits"][0]["tf"]["name"].as_str()), (StatusCode::OK, Some("GATA1")), "{body}");
}
