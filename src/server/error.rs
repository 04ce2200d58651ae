//! JSON errors: every failure is `{"error": {"code": "...", "message": "..."}}`.

use crate::search::SearchError;
use crate::search::record::RecordError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable code and a message for people.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: invalid_parameter, invalid_query, not_found,
    /// method_not_allowed, not_ready, timeout, too_many_exports, internal.
    pub code: String,
    /// What went wrong, naming the parameter or resource.
    pub message: String,
}

/// An error on its way to becoming a response.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    /// 400: `parameter` is not acceptable, for `reason`.
    pub fn invalid(parameter: &str, reason: impl std::fmt::Display) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_parameter", format!("invalid parameter {parameter}: {reason}"))
    }

    /// 404, with `message` saying what was not found.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 503: the index is not loaded yet.
    pub fn not_ready() -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", "the index is not loaded yet; retry shortly")
    }

    /// 503: no index, and none coming: building the first one failed for `reason`.
    pub fn not_built(reason: &str) -> Self {
        let message = format!(
            "no index: building the first one failed: {reason}; run `search-cli index` into the same folder, \
             the server loads it without restart"
        );
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", message)
    }

    /// 503: the request took longer than allowed.
    pub fn timeout() -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "timeout", "the request took too long; retry later")
    }

    /// 429: too many exports are running; retry later.
    pub fn too_many_exports(running: usize) -> Self {
        let message = format!("{running} exports are running, the most at once; retry when one has finished");
        Self::new(StatusCode::TOO_MANY_REQUESTS, "too_many_exports", message)
    }

    /// 500: our fault, never the request's.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into() }
    }
}

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::InvalidParameter { name, reason } => ApiError::invalid(name, reason),
            SearchError::Query(message) => {
                Self::new(StatusCode::BAD_REQUEST, "invalid_query", format!("invalid query q: {message}"))
            }
            other => {
                tracing::error!(error = %other, "search failed");
                ApiError::internal(other.to_string())
            }
        }
    }
}

impl From<RecordError> for ApiError {
    fn from(e: RecordError) -> Self {
        match e {
            RecordError::NotAccession { .. } => ApiError::invalid("accession", e),
            RecordError::Isoform { .. } | RecordError::NoPage { .. } => ApiError::not_found(e.to_string()),
            RecordError::Search(e) => e.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code.to_string(), message: self.message } };
        (self.status, Json(body)).into_response()
    }
}
