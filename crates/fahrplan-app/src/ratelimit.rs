//! Rate limits: fixed windows counted per key (an IP address or an account) and bucket, in the
//! memory of this node. Answers carry the seconds until the window ends (429 + Retry-After).

use crate::{AppError, AppResult};
use std::collections::HashMap;
use std::sync::Mutex;

/// What is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// Login attempts per IP address.
    Login,
    /// Registrations per IP address.
    Register,
    /// Password-reset requests per IP address.
    Reset,
    /// Searches per IP address (page and API).
    Search,
    /// Suggestions while typing per IP address.
    Suggest,
    /// Accessibility feedback per IP address.
    Feedback,
    /// Second-factor attempts per account.
    SecondFactor,
    /// Contributions and comments per account.
    Post,
    /// Supports per account.
    Support,
}

/// Allowed requests per window, per bucket.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Whether limits apply at all (`FAHRPLAN_RATE_LIMITS=off` for benchmarks).
    pub enabled: bool,
    /// (requests, window seconds) per bucket.
    pub rules: HashMap<Bucket, (u32, i64)>,
}

impl Default for Limits {
    fn default() -> Self {
        let rules = HashMap::from([
            (Bucket::Login, (10, 300)),
            (Bucket::Register, (5, 3600)),
            (Bucket::Reset, (5, 3600)),
            (Bucket::Search, (120, 60)),
            (Bucket::Suggest, (600, 60)),
            (Bucket::Feedback, (10, 3600)),
            (Bucket::SecondFactor, (10, 300)),
            (Bucket::Post, (30, 3600)),
            (Bucket::Support, (200, 3600)),
        ]);
        Self {
            enabled: true,
            rules,
        }
    }
}

/// The counters.
#[derive(Debug, Default)]
pub struct RateLimiter {
    limits: Limits,
    windows: Mutex<HashMap<(Bucket, String), (i64, u32)>>,
}

impl RateLimiter {
    /// A limiter with these limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `key` in `bucket` at `now` (Unix seconds); `RateLimited` with the
    /// seconds to wait when the window is full.
    pub fn hit_at(&self, bucket: Bucket, key: &str, now: i64) -> AppResult<()> {
        self.hit_noting_at(bucket, key, now)
            .map_err(|(retry_after, _)| AppError::RateLimited { retry_after })
    }

    /// Like [`RateLimiter::hit_at`], and a refusal says whether it is the window's first, so a
    /// caller can tell the account's owner once and not with every further try.
    pub fn hit_noting_at(&self, bucket: Bucket, key: &str, now: i64) -> Result<(), (u64, bool)> {
        if !self.limits.enabled {
            return Ok(());
        }
        let Some(&(max, window)) = self.limits.rules.get(&bucket) else {
            return Ok(());
        };
        let Ok(mut map) = self.windows.lock() else {
            return Ok(());
        };
        if map.len() > 100_000 {
            map.retain(|_, (start, _)| now - *start < 3600);
        }
        let entry = map.entry((bucket, key.to_owned())).or_insert((now, 0));
        if now - entry.0 >= window {
            *entry = (now, 0);
        }
        if entry.1 >= max {
            tracing::warn!(bucket = ?bucket, "rate limit reached");
            let first = entry.1 == max;
            if first {
                entry.1 += 1;
            }
            let retry_after = u64::try_from(entry.0 + window - now).unwrap_or(1).max(1);
            return Err((retry_after, first));
        }
        entry.1 += 1;
        Ok(())
    }

    /// Counts one request now.
    pub fn hit(&self, bucket: Bucket, key: &str) -> AppResult<()> {
        self.hit_at(bucket, key, jiff::Timestamp::now().as_second())
    }

    /// Counts one request now, noting the window's first refusal.
    pub fn hit_noting(&self, bucket: Bucket, key: &str) -> Result<(), (u64, bool)> {
        self.hit_noting_at(bucket, key, jiff::Timestamp::now().as_second())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_refusal_of_a_window_is_marked_as_first() {
        let l = RateLimiter::new(Limits::default());
        for _ in 0..10 {
            assert!(l.hit_noting_at(Bucket::SecondFactor, "7", 1_000).is_ok());
        }
        assert_eq!(
            l.hit_noting_at(Bucket::SecondFactor, "7", 1_001),
            Err((299, true))
        );
        assert_eq!(
            l.hit_noting_at(Bucket::SecondFactor, "7", 1_002),
            Err((298, false))
        );
        assert!(
            l.hit_noting_at(Bucket::SecondFactor, "7", 1_300).is_ok(),
            "a new window"
        );
    }

    #[test]
    fn the_request_after_the_limit_waits_until_the_window_ends() {
        let l = RateLimiter::new(Limits::default());
        for _ in 0..10 {
            l.hit_at(Bucket::Login, "1.2.3.4", 1000).unwrap();
        }
        match l.hit_at(Bucket::Login, "1.2.3.4", 1100) {
            Err(AppError::RateLimited { retry_after }) => assert_eq!(retry_after, 200),
            other => panic!("expected a limit, got {other:?}"),
        }
        l.hit_at(Bucket::Login, "5.6.7.8", 1100).unwrap();
        l.hit_at(Bucket::Register, "1.2.3.4", 1100).unwrap();
        l.hit_at(Bucket::Login, "1.2.3.4", 1300).unwrap();
    }

    #[test]
    fn switched_off_limits_never_refuse() {
        let l = RateLimiter::new(Limits {
            enabled: false,
            ..Limits::default()
        });
        for _ in 0..1000 {
            l.hit_at(Bucket::Post, "7", 1).unwrap();
        }
    }
}
