//! The command line (CONTRACTS.md): global options before or after any subcommand, each with an
//! environment twin; no subcommand means `serve`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// fahrplan: publish, write, monitor and search a government's public strategy.
#[derive(Debug, Parser)]
#[command(name = "fahrplan", version, about)]
pub struct Cli {
    /// Settings every command shares.
    #[command(flatten)]
    pub global: Global,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// Folder for the SQLite database, mail files and the search index.
    #[arg(long, global = true, env = "FAHRPLAN_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL (sqlite:// or postgres://); default: SQLite in the data folder.
    #[arg(
        long,
        global = true,
        env = "FAHRPLAN_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Configuration file; default: ./fahrplan.toml if present.
    #[arg(long, global = true, env = "FAHRPLAN_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Content loaded on first start: "default" (Hessen), "none" or a content folder.
    #[arg(
        long,
        global = true,
        env = "FAHRPLAN_CONTENT",
        value_name = "default|none|DIR"
    )]
    pub content: Option<String>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal over HTTP.
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Check the configuration and print it with secrets redacted.
    Config {
        /// What to do with the configuration.
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Import content from files.
    Import {
        /// What to import.
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export content to files.
    Export {
        /// What to export.
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Rebuild the search index from the database (a running server is asked to do it).
    Reindex,
    /// Accounts and roles for bootstrapping (works while a server runs).
    Admin {
        /// What to do.
        #[command(subcommand)]
        action: AdminAction,
    },
    /// The audit log.
    Audit {
        /// What to do.
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Print one real path for every page template and state, as PATH<TAB>label.
    Routes {
        /// The sample form (CONTRACTS.md); it is the only form there is so far.
        #[arg(long)]
        samples: bool,
    },
}

/// Options of `serve`.
#[derive(Debug, Args, Clone, Default)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "FAHRPLAN_ADDR", value_name = "HOST:PORT")]
    pub addr: Option<String>,
}

/// `config` actions.
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Validate the configuration and print it, secrets redacted.
    Check,
}

/// `import` targets.
#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// A content folder (docs/CONTENT-FORMAT.md); replaces the current content. Content the
    /// folder leaves out while contributions refer to it refuses the import.
    Content {
        /// The folder.
        dir: PathBuf,
        /// Archive what the folder leaves out while contributions refer to it, instead of
        /// refusing: its page stays and says it was withdrawn.
        #[arg(long)]
        allow_removals: bool,
    },
    /// Observations of indicators from a CSV file (CONTRACTS.md, "CSV files"): header
    /// `indicator,period,value,region,source,note`, separator `,` or `;`. A row with the value
    /// already stored changes nothing, another value is a correction; one bad row and nothing
    /// of the file is applied.
    Observations {
        /// The file.
        file: PathBuf,
    },
    /// Documents as JSON Lines, plain or gzip: id, title, body; url and kind optional. A
    /// document imported again with the same id is replaced.
    Documents {
        /// The file.
        file: PathBuf,
    },
}

/// `export` targets.
#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The current content as a folder of files.
    Content {
        /// The folder (created if missing).
        dir: PathBuf,
    },
}

/// `admin` actions.
#[derive(Debug, Subcommand)]
pub enum AdminAction {
    /// Create a confirmed account with a role; the password is read from standard input.
    CreateUser {
        /// Email (never shown to other people).
        #[arg(long)]
        email: String,
        /// Public display name.
        #[arg(long)]
        display_name: String,
        /// admin, editor, moderator, expert, council_member or participant.
        #[arg(long)]
        role: String,
        /// Department code (editors; repeat for several).
        #[arg(long = "department", value_name = "CODE")]
        departments: Vec<String>,
        /// Read the password from standard input (the trailing newline is not part of it).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Grant a role to an existing account.
    Grant {
        /// Email of the account.
        email: String,
        /// Role.
        role: String,
        /// Department code (editors; repeat for several).
        #[arg(long = "department", value_name = "CODE")]
        departments: Vec<String>,
    },
    /// Remove the second factor of an account whose authenticator and recovery codes are lost;
    /// its sessions end and the next login asks for a new set-up.
    ResetSecondFactor {
        /// Email of the account.
        email: String,
    },
}

/// `audit` actions.
#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Check that no audit entry was changed or removed (the hash chain is intact).
    Verify,
}
