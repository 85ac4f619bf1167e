//! Configuration: defaults → `fahrplan.toml` → `FAHRPLAN_*` environment → flags, checked at start
//! with an error that names the setting at fault. Secrets are held as `SecretString` and
//! redacted whenever the configuration is printed.

use crate::cli::Global;
use fahrplan_web::Operator;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Which content to load into an empty database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentChoice {
    /// The embedded Hessen strategy.
    Default,
    /// Nothing: an empty portal for another government.
    None,
    /// A content folder.
    Dir(PathBuf),
}

/// The checked configuration.
#[derive(Debug)]
pub struct Config {
    /// Data folder.
    pub data_dir: PathBuf,
    /// Database URL.
    pub database_url: SecretString,
    /// Where the database URL came from, for error messages.
    pub database_url_source: &'static str,
    /// Listen address.
    pub addr: SocketAddr,
    /// Content for first start.
    pub content: ContentChoice,
    /// Site name.
    pub site_name: String,
    /// Public base URL, without trailing slash.
    pub base_url: String,
    /// Whether the operator set the base URL (then it is the origin forms must come from).
    pub base_url_set: bool,
    /// Read timeouts and the connection cap of the listener.
    pub server: crate::listen::ServerLimits,
    /// Send HSTS.
    pub hsts: bool,
    /// Operator data.
    pub operator: Operator,
    /// Form-token secret, if configured (otherwise kept in the data folder).
    pub form_secret: Option<SecretString>,
    /// Key that seals second-factor secrets, 64 hex characters, if configured (otherwise kept
    /// in `DATA_DIR/totp-key`; required with PostgreSQL).
    pub totp_key: Option<SecretString>,
    /// The audit key and the file of the signed head.
    pub audit: crate::audit_config::AuditConfig,
    /// Which file was read, if any.
    pub file: Option<PathBuf>,
    /// Synonym and abbreviation groups of the search, added to the built-in ones.
    pub synonyms: Vec<Vec<String>>,
    /// Whether rate limits apply (FAHRPLAN_RATE_LIMITS=off switches them off for benchmarks).
    pub rate_limits: bool,
    /// Rate limits per bucket.
    pub limits: fahrplan_app::ratelimit::Limits,
    /// Mail sender and SMTP.
    pub mail: crate::accounts_config::MailConfig,
    /// Reverse proxies whose X-Forwarded-For is believed (client addresses for rate limits).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Days a measure may go without a status report before its page calls it overdue.
    pub reporting_cadence_days: u32,
    /// Reports by different accounts that hide a contribution until a moderator decides.
    pub report_threshold: u32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    addr: Option<String>,
    content: Option<String>,
    site_name: Option<String>,
    base_url: Option<String>,
    hsts: Option<bool>,
    form_secret: Option<String>,
    totp_key: Option<String>,
    audit_key: Option<String>,
    audit_head_file: Option<PathBuf>,
    trusted_proxies: Option<Vec<String>>,
    reporting_cadence_days: Option<u32>,
    #[serde(default)]
    operator: crate::operator_config::FileOperator,
    #[serde(default)]
    search: FileSearch,
    #[serde(default)]
    mail: crate::accounts_config::FileMail,
    #[serde(default)]
    rate_limits: crate::accounts_config::FileLimits,
    #[serde(default)]
    server: crate::listen::FileServer,
    #[serde(default)]
    moderation: FileModeration,
}

/// `[moderation]` in fahrplan.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileModeration {
    /// Reports by different accounts that hide a contribution until a moderator decides.
    report_threshold: Option<u32>,
}

/// The name of the report threshold setting and its environment twin, as errors name it.
pub const REPORT_THRESHOLD_SETTING: &str =
    "moderation.report_threshold / FAHRPLAN_MODERATION__REPORT_THRESHOLD";

/// The report threshold from the environment (it wins) or the file: 1 to 1000 different
/// accounts; 3 without either.
fn report_threshold(env: Option<String>, file: Option<u32>) -> Result<u32, ConfigError> {
    let n = match env {
        Some(v) => v.trim().parse::<u32>().map_err(|_| {
            ConfigError(format!(
                "{REPORT_THRESHOLD_SETTING}: {v:?} is not a whole number of reports"
            ))
        })?,
        None => file.unwrap_or(3),
    };
    if !(1..=1000).contains(&n) {
        return Err(ConfigError(format!(
            "{REPORT_THRESHOLD_SETTING}: {n} is outside 1 to 1000"
        )));
    }
    Ok(n)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSearch {
    /// Groups of expressions that find each other, e.g. [["KI", "Künstliche Intelligenz"]].
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
}

/// The name of the key setting and its environment twin, as errors name it.
pub const TOTP_KEY_SETTING: &str = "totp_key / FAHRPLAN_TOTP_KEY";

/// The name of the reporting cadence setting and its environment twin, as errors name it.
pub const CADENCE_SETTING: &str = "reporting_cadence_days / FAHRPLAN_REPORTING_CADENCE_DAYS";

/// Days a measure may go without a status report by default: half a year, the rhythm of
/// Hessen's half-yearly reports on administrative modernisation.
pub const DEFAULT_REPORTING_CADENCE_DAYS: u32 = 180;

/// The reporting cadence from the environment (it wins) or the file: whole days, 1 to 3660
/// (ten years); the default without either.
fn reporting_cadence(env: Option<String>, file: Option<u32>) -> Result<u32, ConfigError> {
    let days = match env {
        Some(v) => v.trim().parse::<u32>().map_err(|_| {
            ConfigError(format!(
                "{CADENCE_SETTING}: {v:?} is not a whole number of days"
            ))
        })?,
        None => file.unwrap_or(DEFAULT_REPORTING_CADENCE_DAYS),
    };
    if !(1..=3660).contains(&days) {
        return Err(ConfigError(format!(
            "{CADENCE_SETTING}: {days} is outside 1 to 3660 days"
        )));
    }
    Ok(days)
}

/// A configuration error: one line naming the setting.
#[derive(Debug)]
pub struct ConfigError(pub String);

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.is_empty())
}

fn pick(env_key: &str, file: Option<String>, default: &str) -> String {
    env(env_key).or(file).unwrap_or_else(|| default.to_owned())
}

impl Config {
    /// Loads and checks the configuration for a command; `addr` is the serve flag (or its env).
    pub fn load(g: &Global, addr: Option<&str>) -> Result<Self, ConfigError> {
        let (file, path) = match &g.config {
            Some(p) => (read_file(p)?, Some(p.clone())),
            None if Path::new("fahrplan.toml").exists() => {
                let p = PathBuf::from("fahrplan.toml");
                (read_file(&p)?, Some(p))
            }
            None => (FileConfig::default(), None),
        };
        let data_dir = g
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let (database_url, database_url_source) = match (&g.database_url, &file.database_url) {
            (Some(u), _) => (u.clone(), "--database-url / FAHRPLAN_DATABASE_URL"),
            (None, Some(u)) => (u.clone(), "database_url in the configuration file"),
            (None, None) => (
                format!("sqlite://{}", data_dir.join("fahrplan.db").display()),
                "--data-dir / FAHRPLAN_DATA_DIR",
            ),
        };
        check_database_url(&database_url, database_url_source)?;
        let addr_text = addr
            .map(str::to_owned)
            .or(file.addr)
            .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let addr: SocketAddr = addr_text.parse().map_err(|_| {
            ConfigError(format!(
                "--addr / FAHRPLAN_ADDR: {addr_text:?} is not an address like 127.0.0.1:8080"
            ))
        })?;
        let content = match g.content.clone().or(file.content).as_deref() {
            None | Some("default") => ContentChoice::Default,
            Some("none") => ContentChoice::None,
            Some(dir) => {
                let p = PathBuf::from(dir);
                if !p.is_dir() {
                    return Err(ConfigError(format!(
                        "--content / FAHRPLAN_CONTENT: {dir:?} is not a folder"
                    )));
                }
                ContentChoice::Dir(p)
            }
        };
        let base_url_set = env("FAHRPLAN_BASE_URL").is_some() || file.base_url.is_some();
        let base_url = pick(
            "FAHRPLAN_BASE_URL",
            file.base_url,
            &format!("http://{addr}"),
        )
        .trim_end_matches('/')
        .to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://"))
            || url::Url::parse(&base_url).is_err()
        {
            return Err(ConfigError(format!(
                "base_url / FAHRPLAN_BASE_URL: {base_url:?} is not an http(s) URL"
            )));
        }
        let hsts = match env("FAHRPLAN_HSTS").as_deref() {
            Some("1" | "true" | "on") => true,
            Some("0" | "false" | "off") => false,
            Some(other) => {
                return Err(ConfigError(format!(
                    "FAHRPLAN_HSTS: {other:?} is not true or false"
                )));
            }
            None => file.hsts.unwrap_or(base_url.starts_with("https://")),
        };
        let operator = crate::operator_config::operator(file.operator)?;
        let form_secret = env("FAHRPLAN_FORM_SECRET")
            .or(file.form_secret)
            .map(SecretString::from);
        if form_secret
            .as_ref()
            .is_some_and(|s| s.expose_secret().len() < 32)
        {
            return Err(ConfigError(
                "form_secret / FAHRPLAN_FORM_SECRET: use at least 32 characters".to_owned(),
            ));
        }
        let totp_key = env("FAHRPLAN_TOTP_KEY")
            .or(file.totp_key)
            .map(SecretString::from);
        if let Some(k) = &totp_key
            && let Err(e) = fahrplan_app::accounts::TotpKey::from_hex(k.expose_secret())
        {
            return Err(ConfigError(format!("{TOTP_KEY_SETTING}: {e}")));
        }
        let audit = crate::audit_config::audit(file.audit_key, file.audit_head_file, &data_dir)?;
        let rate_limits = match env("FAHRPLAN_RATE_LIMITS").as_deref() {
            None | Some("on" | "true" | "1") => true,
            Some("off" | "false" | "0") => false,
            Some(other) => {
                return Err(ConfigError(format!(
                    "FAHRPLAN_RATE_LIMITS: {other:?} is not on or off"
                )));
            }
        };
        if let Some(g) = file.search.synonyms.iter().find(|g| g.len() < 2) {
            return Err(ConfigError(format!(
                "search.synonyms: the group {g:?} needs at least two expressions"
            )));
        }
        let proxies = match env("FAHRPLAN_TRUSTED_PROXIES") {
            Some(v) => v
                .split(',')
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect(),
            None => file.trusted_proxies.unwrap_or_default(),
        };
        let mut trusted_proxies = Vec::new();
        for p in proxies {
            trusted_proxies.push(p.parse::<std::net::IpAddr>().map_err(|_| {
                ConfigError(format!(
                    "trusted_proxies / FAHRPLAN_TRUSTED_PROXIES: {p:?} is not an IP address"
                ))
            })?);
        }
        let site_name = pick("FAHRPLAN_SITE_NAME", file.site_name, "Digitales Hessen");
        let mail = crate::accounts_config::mail(file.mail, &site_name)?;
        let limits = crate::accounts_config::limits(file.rate_limits, rate_limits)?;
        let server = crate::listen::limits(file.server).map_err(ConfigError)?;
        let reporting_cadence_days = reporting_cadence(
            env("FAHRPLAN_REPORTING_CADENCE_DAYS"),
            file.reporting_cadence_days,
        )?;
        let report_threshold = report_threshold(
            env("FAHRPLAN_MODERATION__REPORT_THRESHOLD"),
            file.moderation.report_threshold,
        )?;
        Ok(Self {
            report_threshold,
            reporting_cadence_days,
            base_url_set,
            server,
            trusted_proxies,
            synonyms: file.search.synonyms,
            rate_limits,
            limits,
            mail,
            data_dir,
            database_url: SecretString::from(database_url),
            database_url_source,
            addr,
            content,
            site_name,
            base_url,
            hsts,
            operator,
            form_secret,
            totp_key,
            audit,
            file: path,
        })
    }

    /// Whether the database is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.database_url.expose_secret().starts_with("postgres")
    }

    /// The server's check of the key for second-factor secrets: with PostgreSQL it must be
    /// configured, because nodes share the database and must share the key, and a key file in
    /// a node's data folder (often thrown away with a container) would lock staff out.
    pub fn check_totp_key_for_serving(&self) -> Result<(), ConfigError> {
        if self.totp_key.is_none() && self.is_postgres() {
            return Err(ConfigError(format!(
                "{TOTP_KEY_SETTING}: needed with PostgreSQL, where every node must seal second-factor secrets with the same key; use 64 hexadecimal characters, e.g. from `openssl rand -hex 32`, and keep them with the database backups"
            )));
        }
        Ok(())
    }

    /// The database URL with any password replaced by `***`.
    pub fn database_url_redacted(&self) -> String {
        redact(self.database_url.expose_secret())
    }

    /// The configuration as TOML-like lines, secrets redacted.
    pub fn describe(&self) -> String {
        let content = match &self.content {
            ContentChoice::Default => "default".to_owned(),
            ContentChoice::None => "none".to_owned(),
            ContentChoice::Dir(d) => d.display().to_string(),
        };
        let o = &self.operator;
        format!(
            "config_file = {:?}\ndata_dir = {:?}\ndatabase_url = {:?}\naddr = \"{}\"\ncontent = {:?}\nsite_name = {:?}\nbase_url = {:?}\nhsts = {}\nform_secret = {}\ntotp_key = {}\naudit_key = {}\naudit_head_file = {:?}\nrate_limits = {}\ntrusted_proxies = {:?}\nreporting_cadence_days = {}\n\n[mail]\nfrom = {:?}\nsmtp = {}\n\n[operator]\nauthority = {:?}\naddress = {:?}\nrepresentative = {:?}\nemail = {:?}\nphone = {:?}\ndata_protection_officer = {:?}\nsupervisory_authority = {:?}\naccessibility_statement_date = {:?}\n\n[server]\nheader_read_timeout_secs = {}\nbody_read_timeout_secs = {}\nmax_connections = {}\n\n[moderation]\nreport_threshold = {}\n",
            self.file
                .as_ref()
                .map_or_else(|| "(none)".to_owned(), |p| p.display().to_string()),
            self.data_dir.display().to_string(),
            self.database_url_redacted(),
            self.addr,
            content,
            self.site_name,
            self.base_url,
            self.hsts,
            if self.form_secret.is_some() {
                "\"***\""
            } else {
                "\"(generated in data_dir)\""
            },
            if self.totp_key.is_some() {
                "\"***\""
            } else {
                "\"(key file totp-key in data_dir)\""
            },
            if self.audit.key.is_some() {
                "\"***\""
            } else {
                "\"(key file audit-key in data_dir)\""
            },
            self.audit.head_file.display().to_string(),
            self.rate_limits,
            self.trusted_proxies
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            self.reporting_cadence_days,
            self.mail.from,
            match &self.mail.smtp {
                Some(s) => format!(
                    "\"{}:{} ({}){}\"",
                    s.host,
                    s.port,
                    s.security,
                    if self.mail.smtp_password.is_some() {
                        ", password ***"
                    } else {
                        ""
                    }
                ),
                None => format!(
                    "\"(none: files in {})\"",
                    self.data_dir.join("mail").display()
                ),
            },
            o.authority,
            o.address,
            o.representative,
            o.email,
            o.phone,
            o.data_protection_officer,
            o.supervisory_authority,
            o.accessibility_statement_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            self.server.header_read_timeout.as_secs(),
            self.server.body_read_timeout.as_secs(),
            self.server.max_connections,
            self.report_threshold,
        )
    }
}

fn read_file(p: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(p)
        .map_err(|e| ConfigError(format!("--config {}: {e}", p.display())))?;
    toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        ConfigError(format!(
            "--config {}:{line}: {}",
            p.display(),
            e.message().trim()
        ))
    })
}

fn check_database_url(u: &str, source: &str) -> Result<(), ConfigError> {
    if u.starts_with("sqlite:") {
        return Ok(());
    }
    match url::Url::parse(u) {
        Ok(parsed)
            if matches!(parsed.scheme(), "postgres" | "postgresql")
                && parsed.host_str().is_some() =>
        {
            Ok(())
        }
        Ok(parsed) if matches!(parsed.scheme(), "postgres" | "postgresql") => {
            Err(ConfigError(format!("{source}: {} has no host", redact(u))))
        }
        Ok(_) => Err(ConfigError(format!(
            "{source}: {} must start with sqlite:// or postgres://",
            redact(u)
        ))),
        Err(e) => Err(ConfigError(format!(
            "{source}: cannot parse the database URL ({e})"
        ))),
    }
}

/// Replaces the password of a URL with `***`.
pub fn redact(u: &str) -> String {
    match url::Url::parse(u) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => u.to_owned(),
    }
}

#[cfg(test)]
mod tests;
