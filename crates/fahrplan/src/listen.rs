//! The HTTP listener. axum's own `serve` waits for a client as long as it likes: a connection
//! that sends half its headers, or a body shorter than its `Content-Length`, stayed open for
//! minutes, and enough of them would starve everyone else. This loop accepts at most
//! `max_connections` at once (further clients wait in the kernel's queue), closes a connection
//! whose request headers do not arrive within `header_read_timeout` (also between requests of
//! a kept-alive connection), and ends a request whose body has not arrived within
//! `body_read_timeout` of its headers. Each request gets the client's and the listener's
//! address, which the same-site check and the rate limits need.

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use fahrplan_web::LocalAddr;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::DeadlineBody;

/// How long a client may take, and how many may be served at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// Time for the request line and headers to arrive, and the longest idle time of a
    /// kept-alive connection.
    pub header_read_timeout: Duration,
    /// Time for a request body to arrive in full, counted from its headers.
    pub body_read_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// How long open connections may finish their requests after a shutdown signal.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `router` on `listener` until `shutdown` resolves, then lets open connections finish
/// for a few seconds.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // A free slot first: while all are taken, new clients wait in the accept queue.
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let local = stream.local_addr().ok();
        let router = router.clone();
        let body_timeout = limits.body_read_timeout;
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            if let Some(local) = local {
                req.extensions_mut().insert(LocalAddr(local));
            }
            let req = req.map(|body| Body::new(DeadlineBody::new(body_timeout, body)));
            router.clone().oneshot(req)
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(DRAIN) => {
            tracing::warn!("connections still open after the drain time were closed");
        },
    }
}

/// The `[server]` table of `fahrplan.toml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileServer {
    header_read_timeout_secs: Option<u64>,
    body_read_timeout_secs: Option<u64>,
    max_connections: Option<usize>,
}

/// A whole number from the environment (it wins) or the file, checked against its range.
fn setting<T>(
    env_key: &str,
    name: &str,
    file: Option<T>,
    range: std::ops::RangeInclusive<T>,
) -> Result<Option<T>, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let value = match std::env::var(env_key).ok().filter(|v| !v.is_empty()) {
        Some(v) => Some(
            v.parse::<T>()
                .map_err(|_| format!("server.{name} / {env_key}: {v:?} is not a whole number"))?,
        ),
        None => file,
    };
    match value {
        Some(v) if !range.contains(&v) => Err(format!(
            "server.{name} / {env_key}: {v} is outside {} to {}",
            range.start(),
            range.end()
        )),
        other => Ok(other),
    }
}

/// The server limits from the file and `FAHRPLAN_SERVER__*`, with the defaults for what is
/// not set.
pub fn limits(file: FileServer) -> Result<ServerLimits, String> {
    let d = ServerLimits::default();
    let secs = |key: &str, name: &str, v: Option<u64>, default: Duration| {
        setting(key, name, v, 1..=3600).map(|s| s.map_or(default, Duration::from_secs))
    };
    Ok(ServerLimits {
        header_read_timeout: secs(
            "FAHRPLAN_SERVER__HEADER_READ_TIMEOUT_SECS",
            "header_read_timeout_secs",
            file.header_read_timeout_secs,
            d.header_read_timeout,
        )?,
        body_read_timeout: secs(
            "FAHRPLAN_SERVER__BODY_READ_TIMEOUT_SECS",
            "body_read_timeout_secs",
            file.body_read_timeout_secs,
            d.body_read_timeout,
        )?,
        max_connections: setting(
            "FAHRPLAN_SERVER__MAX_CONNECTIONS",
            "max_connections",
            file.max_connections,
            1..=1_000_000,
        )?
        .unwrap_or(d.max_connections),
    })
}
