//! What every API endpoint reads and writes: query parameters that are refused with a 400
//! problem naming the parameter (never axum's plain-text rejection), and JSON answers with a
//! strong `ETag` over their content and a `Cache-Control` that fits the resource. The
//! conditional GET itself (`If-None-Match` → 304) is answered by [`super::api_layer`].

use crate::error::WebError;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

/// Query parameters of an API request as `T`; unreadable ones answer 400 with a detail that
/// names the parameter.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WebError> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(value)| ApiQuery(value))
            .map_err(|e| WebError::Query {
                detail: Some(e.body_text()),
                errors: Vec::new(),
            })
    }
}

/// How long a client or proxy may keep an answer before asking again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Ask every time; the `ETag` makes an unchanged answer a cheap 304. For everything that
    /// follows the content, which can change at any moment.
    Revalidate,
    /// Keep for an hour: answers that change only with a new release (the API description).
    Release,
}

impl Freshness {
    fn header(self) -> HeaderValue {
        match self {
            Freshness::Revalidate => HeaderValue::from_static("public, no-cache"),
            Freshness::Release => HeaderValue::from_static("public, max-age=3600"),
        }
    }
}

/// A JSON answer with its validator.
#[derive(Debug, Clone)]
pub struct ApiJson<T> {
    value: T,
    freshness: Freshness,
    basis: Option<Vec<u8>>,
}

impl<T: Serialize> ApiJson<T> {
    /// An answer that is checked again on every use.
    pub fn new(value: T) -> Self {
        ApiJson {
            value,
            freshness: Freshness::Revalidate,
            basis: None,
        }
    }

    /// Sets how long the answer may be kept.
    pub fn freshness(mut self, freshness: Freshness) -> Self {
        self.freshness = freshness;
        self
    }

    /// Computes the `ETag` over `basis` instead of the whole body, for answers that carry a
    /// figure of their own making (the search's `took_ms`) beside their content.
    pub fn etag_over(mut self, basis: &impl Serialize) -> Self {
        self.basis = serde_json::to_vec(basis).ok();
        self
    }
}

/// A strong entity tag over some bytes (RFC 9110, section 8.8.3).
pub fn etag(bytes: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

impl<T: Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        let body = match serde_json::to_vec(&self.value) {
            Ok(b) => b,
            Err(e) => return WebError::App(fahrplan_app::AppError::internal(e)).into_response(),
        };
        let tag = etag(self.basis.as_deref().unwrap_or(&body));
        let mut res = body.into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(header::ETAG, tag);
        headers.insert(header::CACHE_CONTROL, self.freshness.header());
        res
    }
}
