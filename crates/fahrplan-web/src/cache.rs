//! The rendered-page cache for anonymous readers: pages are rendered once, stored with their
//! gzip and brotli forms and an ETag, and thrown away when the outbox shows a content change.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::WebState;

/// Marks a response as the same for every anonymous reader, so it may be cached.
#[derive(Debug, Clone, Copy)]
pub struct Cacheable;

/// Name of the session cookie; a request carrying it is never served from the cache.
pub const SESSION_COOKIE: &str = "__Host-fahrplan";

/// One cached page in all its encodings.
#[derive(Debug)]
pub struct CachedPage {
    content_type: HeaderValue,
    etag: HeaderValue,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

/// The cache: path → page, plus a generation that moves on with every invalidation.
#[derive(Clone, Default)]
pub struct PageCache {
    pages: Arc<RwLock<HashMap<String, Arc<CachedPage>>>>,
    generation: Arc<AtomicU64>,
}

impl PageCache {
    fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        self.pages.read().ok()?.get(key).cloned()
    }

    fn put(&self, key: String, page: Arc<CachedPage>, generation: u64) {
        if let Ok(mut map) = self.pages.write() {
            // A page rendered before an invalidation must not outlive it.
            if self.generation.load(Ordering::Acquire) == generation {
                map.insert(key, page);
            }
        }
    }

    /// Drops every cached page.
    pub fn invalidate(&self) {
        if let Ok(mut map) = self.pages.write() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            map.clear();
        }
    }

    /// Number of cached pages.
    pub fn len(&self) -> usize {
        self.pages.read().map(|m| m.len()).unwrap_or(0)
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn compress(body: &[u8]) -> (Bytes, Bytes) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    let gzip = gz
        .write_all(body)
        .and_then(|_| gz.finish())
        .unwrap_or_default();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &body[..], &mut br, &params);
    (Bytes::from(gzip), Bytes::from(br))
}

fn build(content_type: HeaderValue, body: Bytes) -> CachedPage {
    let hash = Sha256::digest(&body);
    let hex: String = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
    let etag =
        HeaderValue::from_str(&format!("\"{hex}\"")).unwrap_or(HeaderValue::from_static("\"0\""));
    let (gzip, brotli) = compress(&body);
    CachedPage {
        content_type,
        etag,
        identity: body,
        gzip,
        brotli,
    }
}

/// Whether the client accepts `coding` (q-values of 0 count as refusal).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut it = part.split(';');
            let name = it.next().unwrap_or("").trim();
            let q_zero = it.any(|p| {
                let p = p.trim();
                p.strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
            });
            name.eq_ignore_ascii_case(coding) && !q_zero
        })
}

fn serve(page: &CachedPage, req_headers: &HeaderMap, head: bool) -> Response {
    let not_modified = req_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == page.etag.to_str().unwrap_or("") || t.trim() == "*")
        });
    let mut res = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let (body, enc) = if accepts(req_headers, "br") {
            (page.brotli.clone(), Some("br"))
        } else if accepts(req_headers, "gzip") {
            (page.gzip.clone(), Some("gzip"))
        } else {
            (page.identity.clone(), None)
        };
        let len = body.len();
        let mut r = if head {
            Response::new(Body::empty())
        } else {
            Response::new(Body::from(body))
        };
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, page.content_type.clone());
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        if let Some(enc) = enc {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(enc));
        }
        r
    };
    let h = res.headers_mut();
    h.insert(header::ETAG, page.etag.clone());
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn has_session(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(SESSION_COOKIE))
}

/// Middleware: answers anonymous GET and HEAD requests from the cache, and fills it with
/// responses that handlers marked `Cacheable`.
pub async fn cache_layer(State(state): State<WebState>, req: Request, next: Next) -> Response {
    let head = req.method() == Method::HEAD;
    if !(req.method() == Method::GET || head) || has_session(req.headers()) {
        return next.run(req).await;
    }
    // Only plain paths are cached: query strings are unbounded and would let anyone grow the
    // cache without limit; pages that read a query (search) are not cacheable anyway.
    if req.uri().query().is_some() {
        return next.run(req).await;
    }
    let key = req.uri().path().to_owned();
    if let Some(page) = state.cache.get(&key) {
        return serve(&page, req.headers(), head);
    }
    let generation = state.cache.generation.load(Ordering::Acquire);
    let req_headers = req.headers().clone();
    let res = next.run(req).await;
    if res.status() != StatusCode::OK || res.extensions().get::<Cacheable>().is_none() {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
    let page = Arc::new(build(content_type, bytes));
    state.cache.put(key, page.clone(), generation);
    let mut out = serve(&page, &req_headers, head);
    for (k, v) in &parts.headers {
        if !out.headers().contains_key(k) {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

/// Follows the outbox and empties the cache whenever content changed, also when the change was
/// written by another process (an import on the command line, another node), and at midnight in
/// Europe/Berlin, when phases open and close. Contributions do not count: no cached page shows
/// them.
pub async fn watch_outbox(state: WebState, every: Duration) {
    let mut last = state.app.store().page_outbox_head().await.unwrap_or(0);
    let mut today = fahrplan_app::participation::today();
    loop {
        tokio::time::sleep(every).await;
        // Phases open and close by date (Europe/Berlin), and cached pages link to open ones.
        let now = fahrplan_app::participation::today();
        if now != today {
            tracing::debug!("a new day, emptying page cache");
            state.cache.invalidate();
            today = now;
        }
        match state.app.store().page_outbox_head().await {
            Ok(head) if head != last => {
                tracing::debug!(
                    from = last,
                    to = head,
                    "content changed, emptying page cache"
                );
                state.cache.invalidate();
                last = head;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot read outbox"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn accept_encoding_honours_zero_quality() {
        assert!(accepts(&hm("gzip, deflate, br"), "br"));
        assert!(!accepts(&hm("gzip, br;q=0"), "br"));
        assert!(accepts(&hm("gzip;q=0.5"), "gzip"));
        assert!(!accepts(&hm("identity"), "gzip"));
    }

    #[test]
    fn compressed_forms_decompress_to_the_page() {
        let body = "<p>Digitale Infrastruktur</p>".repeat(50);
        let page = build(
            HeaderValue::from_static("text/html"),
            Bytes::from(body.clone()),
        );
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&page.gzip[..]), &mut out)
            .unwrap();
        assert_eq!(out, body);
        let mut br = Vec::new();
        brotli::BrotliDecompress(&mut &page.brotli[..], &mut br).unwrap();
        assert_eq!(String::from_utf8(br).unwrap(), body);
    }

    #[test]
    fn a_page_rendered_before_an_invalidation_is_not_stored() {
        let cache = PageCache::default();
        let generation = cache.generation.load(Ordering::Acquire);
        cache.invalidate();
        cache.put(
            "/".into(),
            Arc::new(build(
                HeaderValue::from_static("text/html"),
                Bytes::from("x"),
            )),
            generation,
        );
        assert!(cache.is_empty());
    }
}
