//! Outgoing mail: through SMTP when configured, otherwise one `.eml` file per message in
//! `DATA_DIR/mail/` so that a local run and the tests can follow the links (CONTRACTS.md).

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::{Path, PathBuf};

/// Whether `s` is a mail address with an optional name, like "Name <a@b.de>".
pub fn valid_mailbox(s: &str) -> bool {
    s.parse::<Mailbox>().is_ok()
}

/// SMTP settings.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// Server host name.
    pub host: String,
    /// Port (587 with STARTTLS by default).
    pub port: u16,
    /// User name, if the server wants one.
    pub username: Option<String>,
    /// Password.
    pub password: Option<String>,
    /// `starttls` (default), `tls` (implicit, port 465) or `none` (only for a local relay).
    pub security: String,
}

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// Files in a folder.
    Files(PathBuf),
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Files(dir) => write!(f, "Mailer::Files({})", dir.display()),
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
        }
    }
}

impl Mailer {
    /// An SMTP mailer from settings.
    pub fn smtp(s: &SmtpSettings) -> Result<Self, String> {
        let builder = match s.security.as_str() {
            "tls" => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host).map_err(|e| e.to_string())?
            }
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
            _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)
                .map_err(|e| e.to_string())?,
        };
        let mut builder = builder.port(s.port);
        if let (Some(u), Some(p)) = (&s.username, &s.password) {
            builder = builder.credentials(
                lettre::transport::smtp::authentication::Credentials::new(u.clone(), p.clone()),
            );
        }
        Ok(Mailer::Smtp(builder.build()))
    }

    /// Sends one plain-text message; failures are returned for the caller to log.
    pub async fn send(
        &self,
        from: &str,
        to: &str,
        subject: &str,
        text: &str,
    ) -> Result<(), String> {
        let from: Mailbox = from.parse().map_err(|e| format!("sender address: {e}"))?;
        let to: Mailbox = to.parse().map_err(|e| format!("recipient address: {e}"))?;
        let body = body(text)?;
        let msg = Message::builder()
            .from(from)
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        match self {
            Mailer::Files(dir) => {
                let nanos = jiff::Timestamp::now().as_nanosecond();
                let tag: u32 = rand::random();
                let path = dir.join(format!("{nanos}-{tag:08x}.eml"));
                write_private(dir, &path, msg.formatted()).await
            }
            Mailer::Smtp(t) => t.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// Writes one mail file, readable by its owner only, into a folder made owner-only if missing:
/// the mails carry confirmation and reset links (issue 13).
async fn write_private(dir: &Path, path: &Path, bytes: Vec<u8>) -> Result<(), String> {
    let (dir, path) = (dir.to_path_buf(), path.to_path_buf());
    tokio::task::spawn_blocking(move || {
        crate::private_files::create_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        crate::private_files::create_file(&path, &bytes)
            .map_err(|e| format!("{}: {e}", path.display()))
    })
    .await
    .map_err(|e| format!("writing a mail file: {e}"))?
}

/// The text as an 8-bit body: prose wrapped at 72 columns for mail readers, CRLF line ends, no
/// line over the 998 bytes of RFC 5322 (a long link stays whole on its line, so it can be
/// followed straight from a mail file).
fn body(text: &str) -> Result<Body, String> {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines() {
        let mut width = 0;
        for (i, word) in line.split(' ').enumerate() {
            let w = word.chars().count();
            if i > 0 {
                if width + 1 + w > 72 {
                    out.push_str("\r\n");
                    width = 0;
                } else {
                    out.push(' ');
                    width += 1;
                }
            }
            out.push_str(word);
            width += w;
        }
        out.push_str("\r\n");
    }
    if out.contains('\0') || out.split("\r\n").any(|l| l.len() > 998) {
        return Err("mail text has over-long lines".to_owned());
    }
    Ok(Body::dangerous_pre_encoded(
        out.into_bytes(),
        ContentTransferEncoding::EightBit,
    ))
}

#[cfg(test)]
mod tests {
    use super::body;

    #[test]
    fn long_prose_wraps_and_links_stay_whole() {
        let link = format!(
            "https://portal.example/passwort-neu?token={}",
            "x".repeat(43)
        );
        let text = format!("{}\n{link}\n", "Wort ".repeat(40).trim_end());
        let b = String::from_utf8(body(&text).unwrap().into_vec()).unwrap();
        assert!(
            b.split("\r\n")
                .all(|l| l.chars().count() <= 72 || l == link)
        );
        assert!(b.contains(&format!("\r\n{link}\r\n")));
        assert_eq!(b.replace("\r\n", " ").split_whitespace().count(), 41);
    }
}
