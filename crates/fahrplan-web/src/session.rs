//! Sessions on the web: the one `__Host-fahrplan` cookie, the actor of each request, the
//! session-bound CSRF token, and the same-site check for every state-changing request.

use crate::cache::SESSION_COOKIE;
use crate::error::WebError;
use crate::{WebState, token};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use fahrplan_app::accounts::Actor;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::{IpAddr, SocketAddr};

/// What the page frame shows of the logged-in person.
#[derive(Debug, Clone)]
pub struct HeaderAccount {
    /// Display name.
    pub display_name: String,
    /// CSRF token for the logout and extend forms.
    pub csrf: String,
    /// Idle expiry (Unix seconds), for the warning before the session ends.
    pub idle_expires_at: i64,
    /// Whether the account holds a staff role with the second factor given.
    pub staff: bool,
}

/// The actor of the request, if logged in (set by the session middleware).
#[derive(Debug, Clone, Default)]
pub struct Viewer(pub Option<Actor>);

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .unwrap_or_default())
    }
}

/// The client address for rate limits ("unknown" when the server runs without it, as in tests).
/// Behind a trusted reverse proxy it comes from X-Forwarded-For (see [`client_ip`]).
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if let Some(ip) = parts.extensions.get::<ClientIp>() {
            return Ok(ip.clone());
        }
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
        Ok(ClientIp(ip))
    }
}

/// The client of a request: the peer, unless the peer is a trusted proxy; then the right-most
/// address of X-Forwarded-For that is not itself a trusted proxy (the left part can be forged
/// by the client, the right part was appended by proxies we trust).
/// An IPv6 client counts by its /64 network, the block one connection usually gets (otherwise
/// every address of it would be a fresh rate-limit key).
pub fn client_ip(peer: Option<IpAddr>, forwarded: &[&str], trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else {
        return "unknown".to_owned();
    };
    if !trusted.contains(&peer) {
        return network(peer);
    }
    let mut hops = forwarded
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    while let Some(hop) = hops.pop() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return network(ip),
            Err(_) => break,
        }
    }
    network(peer)
}

fn network(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let prefix = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{prefix}/64")
            }
        },
    }
}

/// The CSRF token of a session: an HMAC of its hash, so it needs no storage and dies with it.
pub fn csrf_token(secret: &[u8], session_hash: &str) -> String {
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    m.update(b"csrf:");
    m.update(session_hash.as_bytes());
    m.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `sent` is the CSRF token of the actor's session (constant-time comparison).
pub fn csrf_ok(secret: &[u8], actor: &Actor, sent: &str) -> bool {
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    m.update(b"csrf:");
    m.update(actor.session_hash.as_bytes());
    let Some(bytes) = decode_hex(sent) else {
        return false;
    };
    m.verify_slice(&bytes).is_ok()
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The session cookie's value in a request.
pub fn cookie_value(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == SESSION_COOKIE).then(|| v.to_owned())
        })
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(token: &str, max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age}; Secure; HttpOnly; SameSite=Lax"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("__Host-fahrplan=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax")
}

/// Middleware: refuses cross-site state changes (403), finds the actor behind the cookie (the
/// [`Viewer`] and the [`HeaderAccount`] of the page frame, as request extensions), and removes a
/// cookie whose session has ended. Anonymous requests never get a cookie.
pub async fn sessions(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let ip = client_ip(peer, &forwarded, &state.config.trusted_proxies);
    req.extensions_mut().insert(ClientIp(ip));
    if req.method() != Method::GET
        && req.method() != Method::HEAD
        && !token::same_site(
            req.headers(),
            &token::site_origins(&state.config, req.headers(), req.extensions()),
        )
    {
        tracing::warn!(
            path = req.uri().path(),
            "state-changing request from another site refused"
        );
        return WebError::Refused(crate::error::Refusal::CrossSite).into_response();
    }
    let Some(value) = cookie_value(req.headers()) else {
        return next.run(req).await;
    };
    let actor = match state.app.actor(&value).await {
        Ok(a) => a,
        Err(e) => return WebError::App(e).into_response(),
    };
    let header = actor.as_ref().map(|a| HeaderAccount {
        display_name: a.display_name.clone(),
        csrf: csrf_token(&state.config.form_secret, &a.session_hash),
        idle_expires_at: a.idle_expires_at,
        staff: a.is_staff() && a.second_factor,
    });
    let dead = actor.is_none();
    req.extensions_mut().insert(Viewer(actor));
    if let Some(h) = header {
        req.extensions_mut().insert(h);
    }
    let mut res = next.run(req).await;
    if dead && !res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut().append(header::SET_COOKIE, clear_cookie());
    }
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::client_ip;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|_| IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn only_a_trusted_proxy_may_name_the_client() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let direct = Some(ip("192.0.2.7"));
        assert_eq!(client_ip(direct, &["198.51.100.1"], &trusted), "192.0.2.7");
        let via = Some(ip("10.0.0.1"));
        assert_eq!(client_ip(via, &["198.51.100.1"], &trusted), "198.51.100.1");
        assert_eq!(
            client_ip(via, &["6.6.6.6, 198.51.100.1, 10.0.0.2"], &trusted),
            "198.51.100.1",
            "a forged left part is ignored, trusted hops are skipped"
        );
        assert_eq!(
            client_ip(via, &["6.6.6.6", "198.51.100.1"], &trusted),
            "198.51.100.1"
        );
        assert_eq!(client_ip(via, &[], &trusted), "10.0.0.1");
        assert_eq!(client_ip(via, &["nonsense"], &trusted), "10.0.0.1");
        assert_eq!(client_ip(None, &["198.51.100.1"], &trusted), "unknown");
        let v6 = Some(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assert_eq!(client_ip(v6, &[], &trusted), "2001:db8:1:2::/64");
        let other = Some(ip("2001:db8:1:2:1:1:1:1"));
        assert_eq!(
            client_ip(other, &[], &trusted),
            "2001:db8:1:2::/64",
            "same /64, same key"
        );
        let mapped = Some(ip("::ffff:192.0.2.5"));
        assert_eq!(client_ip(mapped, &[], &trusted), "192.0.2.5");
    }
}
