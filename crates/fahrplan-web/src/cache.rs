//! The rendered-page cache for anonymous readers: pages are rendered once, stored with their
//! gzip and brotli forms and an ETag, and thrown away when the outbox shows a change of something
//! they show.
//!
//! Dependencies: a handler marks a response `Cacheable`, and may add `CacheTags` with the
//! entities the page shows (`fahrplan_app::Tags`, from the read view: `measure:SLUG`,
//! `area:EDITION/SLUG`, `department:CODE`, `topic:*` for lists of a whole kind). Every tagged
//! page also depends on `meta:*`, the content facts of the layout. The cache keeps tag → page
//! keys; an outbox row `topic`/`entity` drops the pages tagged `topic:entity` or `topic:*`, and
//! the pages without tags (which depend on all content). Rows it cannot map to tags (another
//! topic, entity `*`, `reindex`, imported documents) empty the whole cache, as does midnight in
//! Europe/Berlin; contribution rows drop nothing, and an annotation row (`annotation`/`area:2021/x`)
//! drops only the pages that show that entity's texts with their comment counts, tagged
//! `annotation:area:2021/x` (and the untagged ones). It must not serve a page rendered before a
//! change it shows: every drop moves a generation on, and a page rendered across it is not kept.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use fahrplan_app::Tags;
use http_body::Body as _;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The largest page the cache keeps, in bytes.
const CACHE_MAX_PAGE: usize = 16 * 1024 * 1024;

use crate::WebState;

/// Marks a response as the same for every anonymous reader, so it may be cached. Without
/// `CacheTags` next to it, the page counts as showing all content.
#[derive(Debug, Clone, Copy)]
pub struct Cacheable;

/// The entities a `Cacheable` response shows; a change of any other entity keeps it cached.
#[derive(Debug, Clone)]
pub struct CacheTags(pub Tags);

/// Name of the session cookie; a request carrying it is never served from the cache.
pub const SESSION_COOKIE: &str = "__Host-fahrplan";

/// The tag under which pages without `CacheTags` are kept: any content change drops them.
const ANY: &str = "*";

/// The tag every tagged page carries: the layout shows the content facts.
const META: &str = "meta:*";

/// One cached page in all its encodings.
#[derive(Debug)]
pub struct CachedPage {
    content_type: HeaderValue,
    etag: HeaderValue,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

#[derive(Default)]
struct Entries {
    pages: HashMap<String, (Arc<CachedPage>, Vec<String>)>,
    by_tag: HashMap<String, HashSet<String>>,
}

impl Entries {
    fn remove(&mut self, key: &str) {
        if let Some((_, tags)) = self.pages.remove(key) {
            for t in tags {
                if let Some(keys) = self.by_tag.get_mut(&t) {
                    keys.remove(key);
                    if keys.is_empty() {
                        self.by_tag.remove(&t);
                    }
                }
            }
        }
    }
}

/// The cache: path → page with its tags, tag → paths, plus a generation that moves on with
/// every invalidation.
#[derive(Clone, Default)]
pub struct PageCache {
    entries: Arc<RwLock<Entries>>,
    generation: Arc<AtomicU64>,
}

impl PageCache {
    fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        self.entries
            .read()
            .ok()?
            .pages
            .get(key)
            .map(|p| p.0.clone())
    }

    fn put(&self, key: String, page: Arc<CachedPage>, tags: Vec<String>, generation: u64) {
        if let Ok(mut e) = self.entries.write() {
            // A page rendered before an invalidation must not outlive it.
            if self.generation.load(Ordering::Acquire) != generation {
                return;
            }
            e.remove(&key);
            for t in &tags {
                e.by_tag.entry(t.clone()).or_default().insert(key.clone());
            }
            e.pages.insert(key, (page, tags));
        }
    }

    /// Drops every cached page.
    pub fn invalidate(&self) {
        if let Ok(mut e) = self.entries.write() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            *e = Entries::default();
        }
    }

    /// Drops the pages that show `topic:entity`: those tagged with it or with `topic:*`, and
    /// those without tags. Returns how many pages it dropped.
    pub fn invalidate_entity(&self, topic: &str, entity: &str) -> usize {
        let Ok(mut e) = self.entries.write() else {
            return 0;
        };
        self.generation.fetch_add(1, Ordering::AcqRel);
        let mut keys: BTreeSet<String> = BTreeSet::new();
        for tag in [
            format!("{topic}:{entity}"),
            format!("{topic}:*"),
            ANY.to_owned(),
        ] {
            keys.extend(e.by_tag.get(&tag).into_iter().flatten().cloned());
        }
        for k in &keys {
            e.remove(k);
        }
        keys.len()
    }

    /// Drops the pages tagged exactly `tag` (`measure:SLUG`), and those without tags, which
    /// count as showing everything; lists of a whole kind (`measure:*`) stay. Returns how many
    /// pages it dropped.
    pub fn invalidate_tag(&self, tag: &str) -> usize {
        let Ok(mut e) = self.entries.write() else {
            return 0;
        };
        self.generation.fetch_add(1, Ordering::AcqRel);
        let mut keys: BTreeSet<String> = BTreeSet::new();
        for t in [tag, ANY] {
            keys.extend(e.by_tag.get(t).into_iter().flatten().cloned());
        }
        for k in &keys {
            e.remove(k);
        }
        keys.len()
    }

    /// Whether the page at `path` is cached.
    pub fn contains(&self, path: &str) -> bool {
        self.entries
            .read()
            .is_ok_and(|e| e.pages.contains_key(path))
    }

    /// Number of cached pages.
    pub fn len(&self) -> usize {
        self.entries.read().map(|e| e.pages.len()).unwrap_or(0)
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
    let tags = match res.extensions().get::<CacheTags>() {
        Some(CacheTags(t)) => t
            .iter()
            .map(str::to_owned)
            .chain(std::iter::once(META.to_owned()))
            .collect(),
        None => vec![ANY.to_owned()],
    };
    // A page larger than the cache takes is served as it is, uncached.
    let size = res.body().size_hint().upper();
    if size.is_none_or(|n| n > CACHE_MAX_PAGE as u64) {
        tracing::warn!(
            path = key,
            bytes = size,
            "page too large for the cache, served uncached"
        );
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, CACHE_MAX_PAGE).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(path = key, error = %e, "cannot read a rendered page for the cache");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
    let page = Arc::new(build(content_type, bytes));
    state.cache.put(key, page.clone(), tags, generation);
    let mut out = serve(&page, &req_headers, head);
    for (k, v) in &parts.headers {
        if !out.headers().contains_key(k) {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

/// Outbox rows re-read behind the last applied one: on PostgreSQL a transaction can commit
/// after one with a higher sequence number (the search index follows the same rule).
const WINDOW: i64 = 64;
/// Outbox rows read per step; a longer backlog empties the whole cache.
const ROUND: i64 = 1000;

/// Follows the outbox for one page cache: each `step` applies the rows written since the last.
#[derive(Debug)]
pub struct OutboxFollower {
    /// Sequence numbers applied within the window behind the newest (`None` before the first step).
    seen: Option<BTreeSet<i64>>,
    start: i64,
    today: (i32, u8, u8),
}

impl OutboxFollower {
    /// A follower that counts every row written so far as applied (the cache starts empty).
    pub async fn start(state: &WebState) -> Self {
        let start = state.app.store().outbox_head().await.unwrap_or(0);
        Self {
            seen: None,
            start,
            today: fahrplan_app::participation::today(),
        }
    }

    /// Applies the outbox rows written since the last step to the cache, and empties it when a
    /// new day began. Returns how many rows it applied.
    pub async fn step(&mut self, state: &WebState) -> usize {
        // Phases open and close by date (Europe/Berlin), and cached pages link to open ones.
        let now = fahrplan_app::participation::today();
        if now != self.today {
            tracing::debug!("a new day, emptying page cache");
            state.cache.invalidate();
            self.today = now;
        }
        let newest = self
            .seen
            .as_ref()
            .and_then(|s| s.last().copied())
            .unwrap_or(self.start);
        let rows = match state
            .app
            .store()
            .outbox_after((newest - WINDOW).max(0), ROUND)
            .await
        {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read outbox");
                return 0;
            }
        };
        let start = self.start;
        let seen = self
            .seen
            .get_or_insert_with(|| rows.iter().map(|r| r.0).filter(|s| *s <= start).collect());
        let fresh: Vec<&(i64, String, String)> =
            rows.iter().filter(|r| !seen.contains(&r.0)).collect();
        if rows.len() as i64 == ROUND {
            tracing::debug!(
                rows = rows.len(),
                "long outbox backlog, emptying page cache"
            );
            state.cache.invalidate();
        } else {
            for (seq, topic, entity) in &fresh {
                apply(&state.cache, *seq, topic, entity);
            }
        }
        seen.extend(fresh.iter().map(|r| r.0));
        if let Some(&top) = seen.last() {
            seen.retain(|s| *s >= top - WINDOW);
        }
        fresh.len()
    }
}

/// Drops what one outbox row makes stale.
fn apply(cache: &PageCache, seq: i64, topic: &str, entity: &str) {
    if topic == fahrplan_app::tags::CONTRIBUTIONS_TOPIC {
        // No cached page shows contributions.
        return;
    }
    if topic == fahrplan_app::tags::ANNOTATIONS_TOPIC {
        // The comment counts beside a text's paragraphs: only the pages that show the text
        // (tagged `annotation:{entity}` by `Tags::comments_on`).
        let dropped = cache.invalidate_tag(&format!("{topic}:{entity}"));
        tracing::debug!(
            seq,
            entity,
            dropped,
            "annotations changed, dropping the text's pages"
        );
        return;
    }
    if fahrplan_app::tags::CONTENT_TOPICS.contains(&topic) && entity != "*" {
        let dropped = cache.invalidate_entity(topic, entity);
        tracing::debug!(
            seq,
            topic,
            entity,
            dropped,
            "content changed, dropping its pages"
        );
    } else {
        tracing::debug!(
            seq,
            topic,
            entity,
            "change without tags, emptying page cache"
        );
        cache.invalidate();
    }
}

/// Follows the outbox and drops the cached pages a change makes stale, also when the change was
/// written by another process (an import on the command line, another node), and empties the
/// cache at midnight in Europe/Berlin, when phases open and close.
pub async fn watch_outbox(state: WebState, every: Duration) {
    let mut follower = OutboxFollower::start(&state).await;
    loop {
        tokio::time::sleep(every).await;
        follower.step(&state).await;
    }
}

#[cfg(test)]
mod tests;
