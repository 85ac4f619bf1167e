//! RFC 9457 problem details: the one JSON body of every failed API request. Each kind of
//! failure has a stable `type` (`/api/v1/problems/{kind}`) that programs may match on; `title`
//! is the same for every problem of a kind, `detail` says what went wrong this time, and `errors`
//! names each refused parameter or field. Internal causes never appear here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{ToResponse, ToSchema};

/// The kinds of failure an API client can meet, each with its own `type`, title and status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// 400: query parameters that cannot be read or are out of range.
    BadRequest,
    /// 401: a session or token is needed.
    Unauthenticated,
    /// 403: the caller may not do this.
    Forbidden,
    /// 404: no such resource.
    NotFound,
    /// 405: the resource does not answer this method.
    MethodNotAllowed,
    /// 408: the request did not arrive in time.
    RequestTimeout,
    /// 409: the change conflicts with the current state.
    Conflict,
    /// 413: the request body is larger than allowed.
    ContentTooLarge,
    /// 415: the request body is not of a type this resource reads.
    UnsupportedMediaType,
    /// 422: body fields that fail validation.
    Invalid,
    /// 429: too many requests; `Retry-After` says when to try again.
    RateLimited,
    /// 500: a failure on our side, logged with its cause.
    Internal,
    /// 503: not ready to answer.
    Unavailable,
}

impl ProblemKind {
    /// Every kind, for the documentation and its test.
    pub const ALL: [ProblemKind; 13] = [
        ProblemKind::BadRequest,
        ProblemKind::Unauthenticated,
        ProblemKind::Forbidden,
        ProblemKind::NotFound,
        ProblemKind::MethodNotAllowed,
        ProblemKind::RequestTimeout,
        ProblemKind::Conflict,
        ProblemKind::ContentTooLarge,
        ProblemKind::UnsupportedMediaType,
        ProblemKind::Invalid,
        ProblemKind::RateLimited,
        ProblemKind::Internal,
        ProblemKind::Unavailable,
    ];

    /// The kind that a bare status (from the router or a framework rejection) stands for.
    pub fn of_status(status: StatusCode) -> Self {
        match status {
            StatusCode::UNAUTHORIZED => ProblemKind::Unauthenticated,
            StatusCode::FORBIDDEN => ProblemKind::Forbidden,
            StatusCode::NOT_FOUND => ProblemKind::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ProblemKind::MethodNotAllowed,
            StatusCode::REQUEST_TIMEOUT => ProblemKind::RequestTimeout,
            StatusCode::CONFLICT => ProblemKind::Conflict,
            StatusCode::PAYLOAD_TOO_LARGE => ProblemKind::ContentTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ProblemKind::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => ProblemKind::Invalid,
            StatusCode::TOO_MANY_REQUESTS => ProblemKind::RateLimited,
            StatusCode::SERVICE_UNAVAILABLE => ProblemKind::Unavailable,
            s if s.is_client_error() => ProblemKind::BadRequest,
            _ => ProblemKind::Internal,
        }
    }

    /// The last segment of the `type` URI.
    pub fn slug(self) -> &'static str {
        match self {
            ProblemKind::BadRequest => "bad-request",
            ProblemKind::Unauthenticated => "unauthenticated",
            ProblemKind::Forbidden => "forbidden",
            ProblemKind::NotFound => "not-found",
            ProblemKind::MethodNotAllowed => "method-not-allowed",
            ProblemKind::RequestTimeout => "request-timeout",
            ProblemKind::Conflict => "conflict",
            ProblemKind::ContentTooLarge => "content-too-large",
            ProblemKind::UnsupportedMediaType => "unsupported-media-type",
            ProblemKind::Invalid => "invalid",
            ProblemKind::RateLimited => "rate-limited",
            ProblemKind::Internal => "internal",
            ProblemKind::Unavailable => "unavailable",
        }
    }

    /// The title, the same for every problem of this kind (RFC 9457, section 3.1.3).
    pub fn title(self) -> &'static str {
        match self {
            ProblemKind::BadRequest => "Bad request",
            ProblemKind::Unauthenticated => "Authentication required",
            ProblemKind::Forbidden => "Forbidden",
            ProblemKind::NotFound => "Not found",
            ProblemKind::MethodNotAllowed => "Method not allowed",
            ProblemKind::RequestTimeout => "Request timeout",
            ProblemKind::Conflict => "Conflict",
            ProblemKind::ContentTooLarge => "Content too large",
            ProblemKind::UnsupportedMediaType => "Unsupported media type",
            ProblemKind::Invalid => "Invalid input",
            ProblemKind::RateLimited => "Too many requests",
            ProblemKind::Internal => "Internal error",
            ProblemKind::Unavailable => "Service unavailable",
        }
    }

    /// The HTTP status of this kind.
    pub fn status(self) -> StatusCode {
        match self {
            ProblemKind::BadRequest => StatusCode::BAD_REQUEST,
            ProblemKind::Unauthenticated => StatusCode::UNAUTHORIZED,
            ProblemKind::Forbidden => StatusCode::FORBIDDEN,
            ProblemKind::NotFound => StatusCode::NOT_FOUND,
            ProblemKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProblemKind::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ProblemKind::Conflict => StatusCode::CONFLICT,
            ProblemKind::ContentTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ProblemKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ProblemKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ProblemKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ProblemKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The `type` URI, relative to the site (RFC 9457, section 3.1.1).
    pub fn type_uri(self) -> String {
        format!("/api/v1/problems/{}", self.slug())
    }
}

/// A problem details object (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/api/v1/problems/bad-request",
    "title": "Bad request",
    "status": 400,
    "detail": "Please enter a search term.",
    "errors": [{"parameter": "q", "code": "error-search-empty", "detail": "Please enter a search term."}]
}))]
pub struct Problem {
    /// Stable identifier of the kind of problem: `/api/v1/problems/{kind}`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary, the same for every problem of this type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Each refused query parameter or body field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

/// One refused query parameter or body field of a problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProblemField {
    /// The query parameter at fault (for 400 problems).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// A JSON pointer to the body field at fault (for 422 problems), e.g. `#/title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// Stable code of the rule that refused it.
    pub code: String,
    /// The rule in words, in English.
    pub detail: String,
}

/// Unchanged since the `ETag` sent in `If-None-Match`; no body.
#[derive(ToResponse)]
pub struct NotModified;

/// Query parameters that cannot be read, are out of range, or that the request refuses; `detail`
/// says which, `errors` names each refused parameter.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct BadQuery(#[allow(dead_code, reason = "read only by the OpenAPI derive")] Problem);

/// No such resource.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotFound(#[allow(dead_code, reason = "read only by the OpenAPI derive")] Problem);

/// Too many requests from this client; `Retry-After` gives the seconds to wait.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct RateLimited(#[allow(dead_code, reason = "read only by the OpenAPI derive")] Problem);

/// A failure on the server's side, logged there with its cause; the answer names only its kind.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct ServerError(#[allow(dead_code, reason = "read only by the OpenAPI derive")] Problem);

impl Problem {
    /// A problem of a kind, without detail.
    pub fn of(kind: ProblemKind) -> Self {
        Problem {
            kind: kind.type_uri(),
            title: kind.title().to_owned(),
            status: kind.status().as_u16(),
            detail: None,
            errors: Vec::new(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut res = (status, body).into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_status_and_has_its_own_type() {
        let mut slugs = std::collections::HashSet::new();
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::of_status(kind.status()), kind, "{kind:?}");
            assert!(slugs.insert(kind.slug()), "{kind:?} shares its type");
            assert!(kind.type_uri().starts_with("/api/v1/problems/"));
        }
    }

    #[test]
    fn an_unnamed_client_error_is_a_bad_request_and_a_server_error_internal() {
        assert_eq!(
            ProblemKind::of_status(StatusCode::IM_A_TEAPOT),
            ProblemKind::BadRequest
        );
        assert_eq!(
            ProblemKind::of_status(StatusCode::BAD_GATEWAY),
            ProblemKind::Internal
        );
    }
}
