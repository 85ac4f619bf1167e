//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) for the second
//! factor of staff, and single-use recovery codes.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Length of a time step in seconds.
pub const STEP: i64 = 30;
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Base32 (RFC 4648, no padding), the form authenticator apps take secrets in.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buf >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buf << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes base32, ignoring spaces and case; `None` on other characters.
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET
            .iter()
            .position(|&a| char::from(a) == c.to_ascii_uppercase())?;
        buf = (buf << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}

/// A new random secret of 160 bits, base32.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    base32_encode(&bytes)
}

/// The code for a time step.
pub fn code_at(secret: &[u8], step: i64) -> Option<u32> {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).ok()?;
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let off = usize::from(h[19] & 0x0f);
    let bin = (u32::from(h[off] & 0x7f) << 24)
        | (u32::from(h[off + 1]) << 16)
        | (u32::from(h[off + 2]) << 8)
        | u32::from(h[off + 3]);
    Some(bin % 1_000_000)
}

/// The time step a code matches at `now`: the current one, or the one before for clocks a little
/// behind. The caller accepts each step only once.
pub fn matching_step(secret_b32: &str, code: &str, now: i64) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let want: u32 = code.parse().ok()?;
    let secret = base32_decode(secret_b32)?;
    let step = now.div_euclid(STEP);
    [step, step - 1]
        .into_iter()
        .find(|&s| code_at(&secret, s) == Some(want))
}

/// The `otpauth://` address an authenticator app reads (also typed in by hand from the secret).
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let enc = |s: &str| url_escape(s);
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Ten recovery codes of 10 characters from a 32-letter alphabet (50 bits each), shown once.
pub fn new_recovery_codes() -> Vec<String> {
    (0..10)
        .map(|_| {
            // 15 random bytes are 24 base32 characters, 120 bits: above the 112 bits from which
            // ASVS 5.0 6.5.2 lets lookup secrets be stored with a plain hash, no password hash.
            let bytes: [u8; 15] = rand::random();
            groups(&base32_encode(&bytes).to_lowercase())
        })
        .collect()
}

/// Six groups of four characters, as the codes are shown.
fn groups(s: &str) -> String {
    s.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// Normal form of a typed recovery code (case, spaces and dashes ignored). Codes of ten
/// characters were handed out before 2026-11-29 and still work until they are used or renewed.
pub fn normalise_recovery_code(s: &str) -> String {
    let bare: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match bare.len() {
        10 => format!("{}-{}", &bare[..5], &bare[5..]),
        24 => groups(&bare),
        _ => bare,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_carry_120_bits_and_read_back_however_they_are_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        for c in &codes {
            assert_eq!(c.len(), 29, "{c}");
            assert_eq!(c.split('-').count(), 6, "{c}");
            assert_eq!(
                &normalise_recovery_code(&c.to_uppercase().replace('-', " ")),
                c
            );
        }
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        assert_eq!(
            normalise_recovery_code("ABCDE FGHIJ"),
            "abcde-fghij",
            "older codes still read"
        );
    }

    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        // RFC 6238 appendix B, SHA-1 secret "12345678901234567890", last six digits.
        let secret = b"12345678901234567890";
        for (t, code) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
        ] {
            assert_eq!(code_at(secret, t / STEP), Some(code), "t = {t}");
        }
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_eq!(base32_encode(&base32_decode(&s).unwrap()), s);
        assert!(base32_decode("not*base32").is_none());
    }

    #[test]
    fn a_code_matches_its_step_and_the_one_before_but_not_older_ones() {
        let secret = new_secret();
        let raw = base32_decode(&secret).unwrap();
        let now = 1_800_000_000;
        let code = |s: i64| format!("{:06}", code_at(&raw, s).unwrap());
        assert_eq!(
            matching_step(&secret, &code(now / STEP), now),
            Some(now / STEP)
        );
        assert_eq!(
            matching_step(&secret, &code(now / STEP - 1), now),
            Some(now / STEP - 1)
        );
        assert_ne!(
            matching_step(&secret, &code(now / STEP - 3), now),
            Some(now / STEP - 3)
        );
        assert_eq!(matching_step(&secret, "12345", now), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_typed_forms_normalise() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let set: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(set.len(), 10);
        let c = &codes[0];
        assert_eq!(
            normalise_recovery_code(&c.to_uppercase().replace('-', " ")),
            *c
        );
    }
}
