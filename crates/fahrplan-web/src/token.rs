//! Form protection without cookies: anonymous forms carry a signed, time-limited token, and every
//! state-changing request must come from the same site (Origin / Sec-Fetch-Site).

use crate::WebConfig;
use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::SocketAddr;

type HmacSha256 = Hmac<Sha256>;

/// How long a form token stays valid, in seconds.
pub const TOKEN_TTL: i64 = 4 * 3600;

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn mac(secret: &[u8], form: &str, expires: i64, nonce: &str) -> Option<HmacSha256> {
    let mut m = HmacSha256::new_from_slice(secret).ok()?;
    m.update(form.as_bytes());
    m.update(b":");
    m.update(expires.to_string().as_bytes());
    m.update(b":");
    m.update(nonce.as_bytes());
    Some(m)
}

/// A token for `form`, valid for `TOKEN_TTL` seconds. Each token is unique (a random nonce),
/// so that it can be used once.
pub fn issue(secret: &[u8], form: &str) -> String {
    let nonce = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 12]>());
    issue_at(secret, form, now() + TOKEN_TTL, &nonce)
}

fn issue_at(secret: &[u8], form: &str, expires: i64, nonce: &str) -> String {
    let sig = mac(secret, form, expires, nonce)
        .map(|m| m.finalize().into_bytes().to_vec())
        .unwrap_or_default();
    format!("{expires}.{nonce}.{}", URL_SAFE_NO_PAD.encode(sig))
}

/// When `token` expires, if it was issued for `form` by this server and has not expired yet.
pub fn verify(secret: &[u8], form: &str, token: &str) -> Option<i64> {
    let mut parts = token.split('.');
    let (Some(exp), Some(nonce), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let expires = exp.parse::<i64>().ok()?;
    let t = now();
    if expires < t || expires > t + TOKEN_TTL + 60 || nonce.is_empty() {
        return None;
    }
    let sig = URL_SAFE_NO_PAD.decode(sig).ok()?;
    mac(secret, form, expires, nonce)?
        .verify_slice(&sig)
        .is_ok()
        .then_some(expires)
}

/// The address of the listener a request arrived on, set by the server for each connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalAddr(pub SocketAddr);

/// An origin as browsers write it (`scheme://host[:port]`, the default port left out), or
/// `None` for anything that is not an http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.origin().ascii_serialization())
}

/// The origins this site has for one request. The `Host` header is never trusted for this: a
/// client can send any. When the operator set `base_url`, it alone is the site's origin.
/// Otherwise, behind a trusted proxy, the proxy's `X-Forwarded-Proto` and `X-Forwarded-Host`
/// name it; otherwise the listener's own address does (plain http, as the server speaks no
/// TLS itself), with `localhost` beside a loopback address.
pub fn site_origins(
    config: &WebConfig,
    headers: &HeaderMap,
    extensions: &Extensions,
) -> Vec<String> {
    if config.base_url_set {
        return origin_of(&config.base_url).into_iter().collect();
    }
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    let from_proxy = peer.is_some_and(|p| config.trusted_proxies.contains(&p));
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    if from_proxy && let Some(host) = first("x-forwarded-host") {
        let scheme = first("x-forwarded-proto").unwrap_or_else(|| "http".to_owned());
        return origin_of(&format!("{scheme}://{host}"))
            .into_iter()
            .collect();
    }
    let Some(LocalAddr(local)) = extensions.get::<LocalAddr>() else {
        return Vec::new();
    };
    let mut out: Vec<String> = origin_of(&format!("http://{local}")).into_iter().collect();
    if local.ip().is_loopback() {
        out.extend(origin_of(&format!("http://localhost:{}", local.port())));
    }
    out
}

/// Whether a state-changing request shows that it comes from this site: `Sec-Fetch-Site` must
/// say same-origin (or a typed address), an `Origin` header must be one of the site's own
/// origins (scheme, host and port, see [`site_origins`]), and at least one of the two must be
/// there (every current browser sends both on a form post). Requests that show neither are
/// refused, like cross-site ones.
pub fn same_site(headers: &HeaderMap, origins: &[String]) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(site) = fetch_site
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => fetch_site.is_some(),
        Some(sent) => origin_of(sent).is_some_and(|o| origins.contains(&o)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_fresh_token_verifies_for_its_form_only() {
        let t = issue(b"secret", "feedback");
        assert!(verify(b"secret", "feedback", &t).is_some());
        assert!(verify(b"secret", "login", &t).is_none());
        assert!(verify(b"other", "feedback", &t).is_none());
    }

    #[test]
    fn two_tokens_of_the_same_second_differ() {
        assert_ne!(issue(b"secret", "feedback"), issue(b"secret", "feedback"));
    }

    #[test]
    fn expired_or_tampered_tokens_fail() {
        let old = issue_at(b"secret", "feedback", now() - 1, "n");
        assert!(verify(b"secret", "feedback", &old).is_none());
        let t = issue(b"secret", "feedback");
        let (exp, rest) = t.split_once('.').unwrap();
        let later = format!("{}.{rest}", exp.parse::<i64>().unwrap() + 10);
        assert!(verify(b"secret", "feedback", &later).is_none());
        let (nonce, sig) = rest.split_once('.').unwrap();
        let other_nonce = format!("{exp}.{nonce}x.{sig}");
        assert!(verify(b"secret", "feedback", &other_nonce).is_none());
        assert!(verify(b"secret", "feedback", "garbage").is_none());
        assert!(verify(b"secret", "feedback", &format!("{t}.extra")).is_none());
    }

    fn config(base_url: &str, set: bool, proxies: Vec<std::net::IpAddr>) -> WebConfig {
        WebConfig {
            site_name: String::new(),
            base_url: base_url.to_owned(),
            base_url_set: set,
            hsts: false,
            operator: crate::Operator::default(),
            form_secret: Vec::new(),
            trusted_proxies: proxies,
            reporting_cadence_days: 180,
        }
    }

    fn posted(origin: Option<&'static str>, fetch_site: Option<&'static str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_static(o));
        }
        if let Some(f) = fetch_site {
            h.insert("sec-fetch-site", HeaderValue::from_static(f));
        }
        h
    }

    #[test]
    fn cross_site_origin_is_refused() {
        let own = vec!["http://127.0.0.1:8080".to_owned()];
        assert!(
            !same_site(&posted(None, None), &own),
            "neither Origin nor Sec-Fetch-Site"
        );
        assert!(same_site(
            &posted(Some("http://127.0.0.1:8080"), None),
            &own
        ));
        assert!(!same_site(
            &posted(Some("https://evil.example"), None),
            &own
        ));
        assert!(!same_site(&posted(None, Some("cross-site")), &own));
        assert!(!same_site(&posted(None, Some("same-site")), &own));
        assert!(same_site(&posted(None, Some("same-origin")), &own));
        assert!(!same_site(&posted(Some("null"), Some("same-origin")), &own));
        assert!(!same_site(
            &posted(Some("http://127.0.0.1:8080"), Some("cross-site")),
            &own
        ));
    }

    #[test]
    fn the_origin_must_match_in_scheme_host_and_port() {
        let own = vec!["http://127.0.0.1:8080".to_owned()];
        for other in [
            "https://127.0.0.1:8080",
            "http://127.0.0.1:8081",
            "http://127.0.0.1",
            "http://127.0.0.1.evil.example:8080",
            "javascript:alert(1)",
        ] {
            assert!(!same_site(&posted(Some(other), None), &own), "{other}");
        }
        let https = vec!["https://strategie.example".to_owned()];
        assert!(same_site(
            &posted(Some("https://strategie.example:443"), None),
            &https
        ));
        assert!(same_site(
            &posted(Some("https://STRATEGIE.example"), None),
            &https
        ));
    }

    #[test]
    fn a_set_base_url_is_the_only_origin_and_the_host_header_is_never_believed() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("evil.example"));
        headers.insert("x-forwarded-host", HeaderValue::from_static("evil.example"));
        let mut ext = Extensions::new();
        ext.insert(LocalAddr(SocketAddr::from(([127, 0, 0, 1], 8080))));
        ext.insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 5000))));
        let set = config("https://strategie.example/", true, vec![]);
        assert_eq!(
            site_origins(&set, &headers, &ext),
            ["https://strategie.example"]
        );
        // Without base_url: the listener's address; the forwarded host counts only from a
        // trusted proxy.
        let unset = config("http://127.0.0.1:8080", false, vec![]);
        assert_eq!(
            site_origins(&unset, &headers, &ext),
            ["http://127.0.0.1:8080", "http://localhost:8080"]
        );
        let behind = config(
            "http://127.0.0.1:8080",
            false,
            vec!["127.0.0.1".parse().unwrap()],
        );
        headers.insert(
            "x-forwarded-host",
            HeaderValue::from_static("strategie.example"),
        );
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(
            site_origins(&behind, &headers, &ext),
            ["https://strategie.example"]
        );
        let mut remote = Extensions::new();
        remote.insert(LocalAddr(SocketAddr::from(([192, 0, 2, 1], 80))));
        assert_eq!(
            site_origins(&unset, &headers, &remote),
            ["http://192.0.2.1"]
        );
        assert!(site_origins(&unset, &headers, &Extensions::new()).is_empty());
    }
}
