//! Conditional requests for the answers that only the index decides (`/search`,
//! `/suggest`, `/proteins/…`): each carries a weak `ETag` naming the request and the
//! index version it was answered from, with `Cache-Control: no-cache`, so that a
//! browser or a caching proxy may keep it and ask again with `If-None-Match`; while
//! the index has not changed, the answer is `304 Not Modified`, without searching.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// Routes whose answers depend on nothing but the request and the index.
fn cacheable(path: &str) -> bool {
    matches!(path, "/search" | "/suggest") || path.starts_with("/proteins/")
}

/// Differs between runs of the server: an upgraded binary (new synonyms, say) may
/// answer the same request on the same index otherwise.
fn run_id() -> u128 {
    static STARTED: OnceLock<u128> = OnceLock::new();
    *STARTED.get_or_init(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        now.as_nanos() ^ u128::from(std::process::id())
    })
}

/// The weak entity tag of the answer to `uri` from the index at `version`: weak, since
/// the bytes differ with the compression the client accepts.
fn tag(version: &str, uri: &axum::http::Uri) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (run_id(), version, uri.path(), uri.query()).hash(&mut hasher);
    format!("W/\"{:016x}\"", hasher.finish())
}

/// Whether `If-None-Match` names `tag` (weak comparison) or is `*`.
fn matches(headers: &HeaderMap, tag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let wanted = opaque(tag);
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|list| list.split(','))
        .any(|candidate| candidate.trim() == "*" || opaque(candidate) == wanted)
}

/// The middleware: `304` for a request whose tag the client already holds; the tag and
/// `Cache-Control: no-cache` on every successful answer of a cacheable route.
pub async fn conditional(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let engine = state.engine().ok();
    let Some(engine) = engine.filter(|_| request.method() == Method::GET && cacheable(request.uri().path())) else {
        return next.run(request).await;
    };
    let tag = tag(&engine.version(), request.uri());
    let headers = || {
        let tag = HeaderValue::from_str(&tag).expect("hex digits and quotes");
        [(header::ETAG, tag), (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))]
    };
    if matches(request.headers(), &tag) {
        return (StatusCode::NOT_MODIFIED, headers()).into_response();
    }
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK {
        response.headers_mut().extend(headers());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_lists() {
        let tag = "W/\"00ff\"";
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
            matches(&headers, tag)
        };
        assert!(with("W/\"00ff\""));
        assert!(with("\"00ff\""), "weak comparison ignores W/");
        assert!(with("\"aa\", W/\"00ff\""));
        assert!(with("*"));
        assert!(!with("W/\"00fe\""));
        assert!(!matches(&HeaderMap::new(), tag));
    }

    #[test]
    fn tags_differ_by_request_and_by_version() {
        let uri = |u: &str| u.parse::<axum::http::Uri>().unwrap();
        let a = tag("gen-1#0", &uri("/search?q=GATA1"));
        assert_eq!(a, tag("gen-1#0", &uri("/search?q=GATA1")));
        assert_ne!(a, tag("gen-1#1", &uri("/search?q=GATA1")));
        assert_ne!(a, tag("gen-1#0", &uri("/search?q=GATA2")));
        assert_ne!(a, tag("gen-1#0", &uri("/suggest?q=GATA1")));
        assert!(a.starts_with("W/\"") && a.ends_with('"'));
    }
}
