//! The HTTP search service behind `search-cli serve`.
//!
//! [`app`] builds the router over an [`AppState`]; [`run`] binds, builds a first index
//! from the seeds if there is none, follows new index generations, and shuts down
//! gracefully on SIGTERM or Ctrl-C.

mod conditional;
mod error;
mod params;

use crate::export::{self, ExportError, Format};
use crate::index::{self, IndexError};
use crate::model::{self, Protein};
use crate::response::{
    Contribution, DocumentCounts, Explanation, FacetName, Facets, Hit, IndexStats, InteractionRecord, Kind, PartyView,
    ProteinRecord, SearchResponse, SuggestResponse, Suggestion,
};
use crate::search::record::Wanted;
use crate::search::synonyms::Synonyms;
use crate::search::{Engine, SearchError, SearchRequest};
use arc_swap::ArcSwapOption;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{MatchedPath, Path as UrlPath, RawQuery, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
pub use error::{ApiError, ErrorBody, ErrorDetail};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
pub use params::{ExportParams, FormatParams, PageParams, SearchParams, SelectionParams, SuggestParams, YesNo};
use serde::Serialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use thiserror::Error;
use tokio::sync::Semaphore;
use tokio_util::io::{ReaderStream, SyncIoBridge};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;

/// How often the server looks for a new index generation.
pub const RELOAD_INTERVAL: Duration = Duration::from_millis(500);

/// Settings of `search-cli serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub index_dir: PathBuf,
    pub seeds_dir: PathBuf,
    pub addr: SocketAddr,
    /// Origins allowed by CORS; none means no CORS headers at all.
    pub cors_origins: Vec<String>,
    /// Longest a search may take, waiting for a worker included.
    pub request_timeout: Duration,
    /// Searches running at once; more wait (within the timeout).
    pub max_concurrent_searches: usize,
    /// How long requests in flight may take to finish after SIGTERM or Ctrl-C.
    pub shutdown_grace: Duration,
    /// Show indexing progress on a terminal.
    pub progress: bool,
    /// Synonyms for every search (the built-in table, plus a user file if given).
    pub synonyms: Synonyms,
}

/// Why the server could not start or stopped.
#[derive(Debug, Error)]
pub enum ServerError {
    #[error("--cors-origin {0:?} is not a valid origin")]
    CorsOrigin(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("cannot open the index: {0}")]
    Index(#[from] IndexError),
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares: the engine of the live index (absent until one is
/// loaded), the search limiter and the timeout.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    engine: ArcSwapOption<Engine>,
    /// Why there is no engine, when waiting will not bring one (the first build failed).
    unavailable: ArcSwapOption<String>,
    synonyms: Synonyms,
    index_dir: PathBuf,
    limiter: Arc<Semaphore>,
    /// Exports running; each holds a blocking thread for as long as its client reads.
    exports: Arc<Semaphore>,
    timeout: Duration,
}

/// Exports running at once: each keeps a thread busy for seconds, which searches must
/// not wait behind.
pub const MAX_CONCURRENT_EXPORTS: usize = 2;

/// Bytes an export writes ahead of its client.
const EXPORT_BUFFER: usize = 64 * 1024;

impl AppState {
    /// A state whose engine is not loaded yet (every search answers 503 until then).
    pub fn new(index_dir: PathBuf, timeout: Duration, max_concurrent_searches: usize) -> Self {
        Self::with_synonyms(index_dir, timeout, max_concurrent_searches, Synonyms::builtin())
    }

    /// A state like [`AppState::new`]'s, with `synonyms` in place of the built-in table.
    pub fn with_synonyms(
        index_dir: PathBuf,
        timeout: Duration,
        max_concurrent_searches: usize,
        synonyms: Synonyms,
    ) -> Self {
        AppState {
            inner: Arc::new(Inner {
                engine: ArcSwapOption::empty(),
                unavailable: ArcSwapOption::empty(),
                synonyms,
                index_dir,
                limiter: Arc::new(Semaphore::new(max_concurrent_searches.max(1))),
                exports: Arc::new(Semaphore::new(MAX_CONCURRENT_EXPORTS)),
                timeout,
            }),
        }
    }

    /// Serves the live generation of the index folder if it is not the one being
    /// served already; returns whether it switched. In-flight requests finish on the
    /// engine they started with.
    pub fn refresh(&self) -> Result<bool, IndexError> {
        let live = index::current_generation(&self.inner.index_dir)?;
        if self.inner.engine.load().as_ref().is_some_and(|engine| engine.generation() == live) {
            return Ok(false);
        }
        let engine = Engine::open_following(&self.inner.index_dir)?.with_synonyms(self.inner.synonyms.clone());
        self.inner.engine.store(Some(Arc::new(engine)));
        Ok(true)
    }

    fn engine(&self) -> Result<Arc<Engine>, ApiError> {
        self.inner.engine.load_full().ok_or_else(|| match self.inner.unavailable.load().as_deref() {
            Some(reason) => ApiError::not_built(reason),
            None => ApiError::not_ready(),
        })
    }

    /// Runs `job` on the blocking pool, at most `max_concurrent_searches` at once and
    /// within the request timeout, so that searches never stall the async workers.
    async fn run<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T, SearchError> + Send + 'static,
    {
        let engine = self.engine()?;
        let limiter = self.inner.limiter.clone();
        let work = async move {
            let permit = limiter.acquire_owned().await.map_err(|e| ApiError::internal(e.to_string()))?;
            let joined = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                job(&engine)
            })
            .await;
            joined.map_err(|e| ApiError::internal(e.to_string()))?.map_err(ApiError::from)
        };
        tokio::time::timeout(self.inner.timeout, work).await.map_err(|_| ApiError::timeout())?
    }

    /// Selects every match of `request` on a blocking thread, then streams them as
    /// they are written. Errors in the selection (a bad query) come back as errors;
    /// once the first byte is out, a client that hangs up ends the export.
    async fn export(&self, request: SearchRequest, format: Format) -> Result<Response, ApiError> {
        let engine = self.engine()?;
        let permit = (self.inner.exports.clone().try_acquire_owned())
            .map_err(|_| ApiError::too_many_exports(MAX_CONCURRENT_EXPORTS))?;
        let (selected, ready) = tokio::sync::oneshot::channel();
        let (reader, writer) = tokio::io::duplex(EXPORT_BUFFER);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let export = match engine.export(&request) {
                Ok(export) => export,
                Err(e) => return drop(selected.send(Err(e))),
            };
            if selected.send(Ok(export.total())).is_err() {
                return;
            }
            let mut out = std::io::BufWriter::with_capacity(EXPORT_BUFFER, SyncIoBridge::new(writer));
            match export::write(&export, format, &mut out) {
                Err(ExportError::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => tracing::error!(error = %e, "export failed"),
                Ok(()) => {}
            }
        });
        let total = tokio::time::timeout(self.inner.timeout, ready)
            .await
            .map_err(|_| ApiError::timeout())?
            .map_err(|e| ApiError::internal(e.to_string()))??;
        let attachment = format!("attachment; filename=\"tflink-export.{}\"", format.extension());
        let headers = [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, attachment),
            (TOTAL_COUNT, total.to_string()),
        ];
        Ok((headers, Body::from_stream(ReaderStream::with_capacity(reader, EXPORT_BUFFER))).into_response())
    }
}

/// The header giving the number of hits an export is about to write.
const TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tflink-search",
        description = "Search TFLink transcription factor → target gene interactions: exact, ranked, with exact disjunctive facet counts."
    ),
    paths(search, export, suggest, protein, health, stats, metrics, openapi_json),
    components(schemas(
        SearchResponse,
        Hit,
        Explanation,
        Contribution,
        InteractionRecord,
        ProteinRecord,
        PartyView,
        Facets,
        FacetName,
        Kind,
        SuggestResponse,
        Suggestion,
        IndexStats,
        DocumentCounts,
        Health,
        ErrorBody,
        ErrorDetail,
        YesNo,
        Format,
        Protein,
        model::Party,
        model::Row,
        model::Evidence,
        model::BindingSite,
        model::Orthologs,
        model::Downloads
    ))
)]
/// The OpenAPI document, generated from the handlers and types.
pub struct ApiDoc;

/// The header carrying a request's id: the client's own, or one made up, echoed in the
/// response and written in the request's log line.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The router, with its middleware: conditional requests, metrics, compression,
/// request ids, one log line per request, and CORS for the `cors_origins` given (none:
/// no CORS headers).
pub fn app(state: AppState, cors_origins: &[String]) -> Result<Router, ServerError> {
    let mut router = Router::new()
        .route("/search", get(search))
        .route("/suggest", get(suggest))
        .route("/export", get(export))
        .route("/proteins/{accession}", get(protein))
        .route("/health", get(health))
        .route("/stats", get(stats))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi_json))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), conditional::conditional))
        .with_state(state)
        .layer(middleware::from_fn(track))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let id = request.headers().get(REQUEST_ID).and_then(|id| id.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %request.method(), uri = %request.uri(), id = %id)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid));
    if !cors_origins.is_empty() {
        let origins = cors_origins
            .iter()
            .map(|o| HeaderValue::from_str(o).map_err(|_| ServerError::CorsOrigin(o.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        let cors = CorsLayer::new().allow_origin(AllowOrigin::list(origins)).allow_methods([Method::GET]);
        router =
            router.layer(cors.expose_headers([REQUEST_ID, TOTAL_COUNT, header::CONTENT_DISPOSITION, header::ETAG]));
    }
    Ok(router)
}

/// Search interactions or proteins.
#[utoipa::path(get, path = "/search", params(SelectionParams, PageParams), responses(
    (status = 200, description = "Ranked hits, exact total, exact disjunctive facet counts", body = SearchResponse),
    (status = 304, description = "Not modified: If-None-Match holds the ETag this answer has (the index has not changed since)"),
    (status = 400, description = "A parameter is invalid; the message names it", body = ErrorBody),
    (status = 503, description = "The index is not loaded yet, or the search timed out", body = ErrorBody),
))]
async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<SearchResponse>, ApiError> {
    let request = SearchParams::parse(raw.as_deref())?.into_request();
    request.validate()?;
    Ok(Json(state.run(move |engine| engine.search(&request)).await?))
}

/// Every hit of a query, best first, streamed as TSV or JSON lines.
#[utoipa::path(get, path = "/export", params(SelectionParams, FormatParams), responses(
    (status = 200, description = "Every match of the exact query, best first: TSV with a header line, or one hit object per line",
        content((String = "text/tab-separated-values"), (String = "application/x-ndjson")),
        headers(("x-total-count" = u64, description = "Number of hits that follow"))),
    (status = 400, description = "A parameter is invalid; the message names it", body = ErrorBody),
    (status = 429, description = "Too many exports are running; retry later", body = ErrorBody),
    (status = 503, description = "The index is not loaded yet, or the selection timed out", body = ErrorBody),
))]
async fn export(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let (request, format) = ExportParams::parse(raw.as_deref())?.into_request();
    request.validate_selection()?;
    state.export(request, format).await
}

/// Complete the last typed word to protein names and accessions.
#[utoipa::path(get, path = "/suggest", params(SuggestParams), responses(
    (status = 200, description = "Exact match first, then proteins with more interactions", body = SuggestResponse),
    (status = 304, description = "Not modified: If-None-Match holds the ETag this answer has (the index has not changed since)"),
    (status = 400, description = "A parameter is invalid; the message names it", body = ErrorBody),
    (status = 503, description = "The index is not loaded yet, or the request timed out", body = ErrorBody),
))]
async fn suggest(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<SuggestResponse>, ApiError> {
    let request = SuggestParams::parse(raw.as_deref())?.into_request();
    request.validate()?;
    Ok(Json(state.run(move |engine| engine.suggest(&request)).await?))
}

/// The full record of one protein: header, orthologs, TF and target rows, binding sites.
#[utoipa::path(get, path = "/proteins/{accession}",
    params(("accession" = String, Path, description = "UniProt accession, e.g. P22557 (any case)")),
    responses(
        (status = 200, description = "The protein as parsed from its page", body = Protein),
        (status = 304, description = "Not modified: If-None-Match holds the ETag this answer has (the index has not changed since)"),
        (status = 400, description = "Not a UniProt accession (for a symbol or gene id, the message lists the pages of the proteins so named)", body = ErrorBody),
        (status = 404, description = "No page with this accession (the message says how many interactions name it, and how many pages list it as an ortholog), or an isoform's (`P15976-2`: the message names its protein's page)", body = ErrorBody),
        (status = 503, description = "The index is not loaded yet", body = ErrorBody),
    ))]
async fn protein(
    State(state): State<AppState>,
    accession: Result<UrlPath<String>, PathRejection>,
) -> Result<Json<Protein>, ApiError> {
    // axum's own rejection is plain text; every error here is JSON.
    let UrlPath(accession) = accession.map_err(|e| ApiError::invalid("accession", e.body_text()))?;
    let sent = accession.clone();
    match state.run(move |engine| Ok(engine.record(&sent))).await {
        Ok(found) => found.map(Json).map_err(ApiError::from),
        // Not loaded yet; a malformed accession is the caller's fault all the same.
        Err(unavailable) => Err(Wanted::parse(&accession).err().map_or(unavailable, ApiError::from)),
    }
}

/// `/health` once the index is loaded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: String,
    /// The generation folder being served.
    pub generation: String,
}

/// Liveness and readiness: 200 once the index is loaded, 503 before.
#[utoipa::path(get, path = "/health", responses(
    (status = 200, description = "The index is loaded", body = Health),
    (status = 503, description = "The index is not loaded yet", body = ErrorBody),
))]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let engine = state.engine()?;
    Ok(Json(Health { status: "ok".into(), generation: engine.generation().display().to_string() }))
}

/// Documents per kind, index size, time of the last commit, index folder.
#[utoipa::path(get, path = "/stats", responses(
    (status = 200, description = "About the live index", body = IndexStats),
    (status = 503, description = "The index is not loaded yet", body = ErrorBody),
))]
async fn stats(State(state): State<AppState>) -> Result<Json<IndexStats>, ApiError> {
    Ok(Json(state.run(|engine| engine.stats()).await?))
}

/// Prometheus metrics: requests and latency per route, documents in the index.
#[utoipa::path(get, path = "/metrics", responses(
    (status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain"),
))]
async fn metrics(State(state): State<AppState>) -> Response {
    if let Ok(stats) = state.run(|engine| engine.stats()).await {
        metrics::gauge!("index_documents", "kind" => "interaction").set(stats.documents.interaction as f64);
        metrics::gauge!("index_documents", "kind" => "protein").set(stats.documents.protein as f64);
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], prometheus().render()).into_response()
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", responses(
    (status = 200, description = "OpenAPI 3.1 description of this service", body = Object),
))]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// An unknown route is a 404; a route written with a trailing slash (`/search/`, as
/// forms and proxies add it) is sent on to the route itself, query and all, with a
/// permanent redirect that keeps the method.
async fn not_found(uri: axum::http::Uri) -> Response {
    let path = uri.path();
    let trimmed = path.trim_end_matches('/');
    let route = ROUTES.contains(&trimmed)
        || trimmed
            .strip_prefix("/proteins/")
            .is_some_and(|accession| !accession.is_empty() && !accession.contains('/'));
    if trimmed.len() < path.len() && route {
        let target = match uri.query() {
            Some(query) => format!("{trimmed}?{query}"),
            None => trimmed.to_string(),
        };
        if let Ok(location) = HeaderValue::from_str(&target) {
            return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response();
        }
    }
    ApiError::not_found(format!("no route {path}")).into_response()
}

/// The routes without parameters, as [`app`] declares them.
const ROUTES: [&str; 7] = ["/search", "/suggest", "/export", "/health", "/stats", "/metrics", "/openapi.json"];

async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: format!("{method} is not allowed on {}; use GET", uri.path()),
    }
}

/// The process-wide Prometheus recorder (metrics macros record into one global).
fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let buckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full("http_request_duration_seconds".into()), &buckets)
            .expect("bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Fails only if another recorder was installed first; ours then stays empty.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Counts requests and records latency per route (the route pattern, not the URL).
async fn track(request: Request, next: Next) -> Response {
    prometheus();
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched".to_string(), |p| p.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route).record(started.elapsed().as_secs_f64());
    response
}

/// Watches the index folder and switches to each new generation it finds.
fn spawn_reloader(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(RELOAD_INTERVAL);
        loop {
            tick.tick().await;
            let state = state.clone();
            match tokio::task::spawn_blocking(move || state.refresh()).await {
                Ok(Ok(true)) => tracing::info!("serving a new index generation"),
                Ok(Ok(false)) | Ok(Err(IndexError::NotBuilt { .. })) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "new index generation not loaded"),
                Err(e) => tracing::error!(error = %e, "index reloader failed"),
            }
        }
    });
}

/// Builds the first index from the seeds in the background; the server answers 503
/// until it is loaded.
fn spawn_first_build(state: AppState, options: &ServeOptions) {
    let (seeds, index_dir, progress) = (options.seeds_dir.clone(), options.index_dir.clone(), options.progress);
    tokio::task::spawn_blocking(move || {
        tracing::info!(seeds = %seeds.display(), index = %index_dir.display(), "no index yet: building one");
        match index::run(&seeds, &index_dir, index::Mode::Auto, progress) {
            Ok(outcome) => {
                for notice in outcome.report.rejected.iter().chain(&outcome.report.skipped_rows) {
                    tracing::warn!("{notice}");
                }
                tracing::info!(proteins = outcome.proteins, interactions = outcome.interactions, "index built");
                if let Err(e) = state.refresh() {
                    tracing::error!(error = %e, "cannot open the index just built");
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot build the first index; /health stays 503");
                state.inner.unavailable.store(Some(Arc::new(e.to_string())));
            }
        }
    });
}

/// Serves until SIGTERM or Ctrl-C. Prints `listening on http://ADDR` once bound.
pub async fn run(options: ServeOptions) -> Result<(), ServerError> {
    let state = AppState::with_synonyms(
        options.index_dir.clone(),
        options.request_timeout,
        options.max_concurrent_searches,
        options.synonyms.clone(),
    );
    let router = app(state.clone(), &options.cors_origins)?;
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|source| ServerError::Bind { addr: options.addr, source })?;
    match state.refresh() {
        Ok(_) => {}
        Err(IndexError::NotBuilt { .. }) => spawn_first_build(state.clone(), &options),
        Err(e) => return Err(e.into()),
    }
    spawn_reloader(state);
    let local = listener.local_addr()?;
    // For whoever started the server (a script reads the port of `--addr ...:0`); a
    // reader gone already is no reason to stop.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), format!("listening on http://{local}\n").as_bytes());
    tracing::info!(%local, "listening");
    let (stopping, stopped) = tokio::sync::oneshot::channel();
    let signalled = async move {
        shutdown_signal().await;
        let _ = stopping.send(());
    };
    let serving = axum::serve(listener, router).with_graceful_shutdown(signalled);
    // Requests in flight finish, but not forever: an export to a client that reads
    // slowly would otherwise hold a SIGTERM off for as long as it keeps reading.
    let grace = async {
        if stopped.await.is_ok() {
            tokio::time::sleep(options.shutdown_grace).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        served = serving => served?,
        () = grace => {
            tracing::warn!(grace = ?options.shutdown_grace, "requests still in flight after the grace period: stopping");
        }
    }
    tracing::info!("shut down");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
