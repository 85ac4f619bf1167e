//! Form protection without cookies: anonymous forms carry a signed, time-limited token, and every
//! state-changing request must come from the same site (Origin / Sec-Fetch-Site).

use axum::http::{HeaderMap, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How long a form token stays valid, in seconds.
pub const TOKEN_TTL: i64 = 4 * 3600;

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn mac(secret: &[u8], form: &str, expires: i64) -> Option<HmacSha256> {
    let mut m = HmacSha256::new_from_slice(secret).ok()?;
    m.update(form.as_bytes());
    m.update(b":");
    m.update(expires.to_string().as_bytes());
    Some(m)
}

/// A token for `form`, valid for `TOKEN_TTL` seconds.
pub fn issue(secret: &[u8], form: &str) -> String {
    issue_at(secret, form, now() + TOKEN_TTL)
}

fn issue_at(secret: &[u8], form: &str, expires: i64) -> String {
    let sig = mac(secret, form, expires)
        .map(|m| m.finalize().into_bytes().to_vec())
        .unwrap_or_default();
    format!("{expires}.{}", URL_SAFE_NO_PAD.encode(sig))
}

/// Whether `token` was issued for `form` by this server and has not expired.
pub fn verify(secret: &[u8], form: &str, token: &str) -> bool {
    let Some((exp, sig)) = token.split_once('.') else {
        return false;
    };
    let Ok(expires) = exp.parse::<i64>() else {
        return false;
    };
    let t = now();
    if expires < t || expires > t + TOKEN_TTL + 60 {
        return false;
    }
    let Ok(sig) = URL_SAFE_NO_PAD.decode(sig) else {
        return false;
    };
    mac(secret, form, expires).is_some_and(|m| m.verify_slice(&sig).is_ok())
}

/// Whether a state-changing request shows that it comes from this site: `Sec-Fetch-Site` must
/// say same-origin (or a typed address), an `Origin` header must match the `Host` the request was
/// sent to, and at least one of the two must be there (every current browser sends both on a
/// form post). Requests that show neither are refused, like cross-site ones.
pub fn same_site(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(site) = fetch_site
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => fetch_site.is_some(),
        Some("null") => false,
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
            !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_fresh_token_verifies_for_its_form_only() {
        let t = issue(b"secret", "feedback");
        assert!(verify(b"secret", "feedback", &t));
        assert!(!verify(b"secret", "login", &t));
        assert!(!verify(b"other", "feedback", &t));
    }

    #[test]
    fn expired_or_tampered_tokens_fail() {
        let old = issue_at(b"secret", "feedback", now() - 1);
        assert!(!verify(b"secret", "feedback", &old));
        let t = issue(b"secret", "feedback");
        let (exp, sig) = t.split_once('.').unwrap();
        let later = format!("{}.{sig}", exp.parse::<i64>().unwrap() + 10);
        assert!(!verify(b"secret", "feedback", &later));
        assert!(!verify(b"secret", "feedback", "garbage"));
    }

    #[test]
    fn cross_site_origin_is_refused() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(!same_site(&h), "neither Origin nor Sec-Fetch-Site");
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_site(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_site(&h));
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_site(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(same_site(&h));
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!same_site(&h));
    }
}
