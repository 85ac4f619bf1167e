//! The subcommands. Each returns a one-line error message on failure (CONTRACTS.md, exit codes).

use crate::cli::{AuditAction, Cli, Command, ConfigAction, ExportWhat, ImportWhat};
use crate::config::{Config, ContentChoice};
use fahrplan_app::App;
use fahrplan_app::content::{ContentFiles, ImportError, Removals, default_content};
use secrecy::ExposeSecret;
use std::path::Path;

/// Runs the command the user asked for.
pub async fn run(cli: Cli) -> Result<(), String> {
    let command = cli.command.unwrap_or(Command::Serve(Default::default()));
    let addr = match &command {
        Command::Serve(a) => a.addr.clone(),
        _ => None,
    };
    let cfg = Config::load(&cli.global, addr.as_deref()).map_err(|e| e.0)?;
    match command {
        Command::Serve(_) => crate::serve::serve(cfg).await,
        Command::Migrate => {
            let (app, _) = open(&cfg).await?;
            app.store().close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Config {
            action: ConfigAction::Check,
        } => {
            cfg.check_totp_key_for_serving().map_err(|e| e.0)?;
            cfg.check_audit_key_for_postgres().map_err(|e| e.0)?;
            print!("{}", cfg.describe());
            // Missing operator data does not stop a server (a demonstration may run without
            // it), but the operator must hear of it before readers meet the neutral texts.
            for line in crate::operator_config::missing(&cfg.operator) {
                eprintln!("warning: {line}");
            }
            let store = fahrplan_app::Store::connect(cfg.database_url.expose_secret())
                .await
                .map_err(|e| unreachable_db(&cfg, &e.to_string()))?;
            store
                .ping()
                .await
                .map_err(|e| unreachable_db(&cfg, &e.to_string()))?;
            println!(
                "# configuration ok, database reachable ({})",
                store.backend()
            );
            Ok(())
        }
        Command::Import {
            what:
                ImportWhat::Content {
                    dir,
                    allow_removals,
                },
        } => {
            let files = ContentFiles::read_dir(&dir)
                .map_err(|e| format!("import content {}: {e}", dir.display()))?;
            let (app, _) = open_without_content(&cfg).await?;
            let removals = if allow_removals {
                Removals::Archive
            } else {
                Removals::Refuse
            };
            let imported =
                app.import_content_with(&files, removals)
                    .await
                    .map_err(|e| match e {
                        ImportError::Files(errs) => in_folder(&dir, &errs),
                        ImportError::Removals(removed) => in_folder(&dir, &removed),
                        other => format!("import content {}: {other}", dir.display()),
                    })?;
            for a in &imported.archived {
                println!("{}/{a}", dir.display());
            }
            let set = imported.set;
            let areas: usize = set.editions.iter().map(|e| e.areas.len()).sum();
            println!(
                "imported {} editions, {areas} areas, {} departments, {} processes, {} pages from {}",
                set.editions.len(),
                set.departments.len(),
                set.processes.len(),
                set.pages.len(),
                dir.display()
            );
            Ok(())
        }
        Command::Export {
            what: ExportWhat::Content { dir },
        } => {
            let (app, _) = open(&cfg).await?;
            let files = app
                .export_content()
                .await
                .map_err(|e| format!("export content: {e}"))?;
            files
                .write_dir(&dir)
                .map_err(|e| format!("export content {}: {e}", dir.display()))?;
            println!("exported {} files to {}", files.0.len(), dir.display());
            Ok(())
        }
        Command::Import {
            what: ImportWhat::Observations { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("import observations {}: {e}", file.display()))?;
            let (app, _) = open(&cfg).await?;
            let done = app
                .import_observations(&text, None)
                .await
                .map_err(|e| match e {
                    fahrplan_app::monitoring::ObservationImportError::Rows(rows) => {
                        let shown: Vec<String> = rows
                            .iter()
                            .map(|r| format!("{} {r}", file.display()))
                            .collect();
                        format!("nothing imported:\nerror: {}", shown.join("\nerror: "))
                    }
                    other => format!("import observations {}: {other}", file.display()),
                })?;
            let w = done.written;
            println!(
                "imported {} rows from {}: {} added, {} corrected, {} unchanged",
                done.rows,
                file.display(),
                w.added,
                w.corrected,
                w.unchanged
            );
            Ok(())
        }
        Command::Import {
            what: ImportWhat::Documents { file },
        } => crate::documents::import_documents(&cfg, &file).await,
        Command::Reindex => crate::documents::reindex(&cfg).await,
        Command::Admin { action } => crate::admin::admin(&cfg, action).await,
        Command::Audit {
            action: AuditAction::Verify,
        } => crate::admin::verify_audit(&cfg).await,
        Command::Routes { samples: _ } => {
            // Read-only: creates no data folder and no database where it is run.
            let app = open_for_reading(&cfg).await?;
            for (path, label) in crate::serve::sample_routes(&app).await? {
                println!("{path}\t{label}");
            }
            Ok(())
        }
    }
}

/// One problem a line, each after the first on its own `error: ` line (main adds the first).
fn lines<T: std::fmt::Display>(problems: &[T]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\nerror: ")
}

/// [`lines`], each naming its file inside `dir`.
fn in_folder<T: std::fmt::Display>(dir: &Path, problems: &[T]) -> String {
    problems
        .iter()
        .map(|p| format!("{}/{p}", dir.display()))
        .collect::<Vec<_>>()
        .join("\nerror: ")
}

fn unreachable_db(cfg: &Config, e: &str) -> String {
    format!(
        "database ({}) {} is unreachable: {}",
        cfg.database_url_source,
        cfg.database_url_redacted(),
        e.lines().next().unwrap_or(e)
    )
}

/// Connects, migrates and loads the first content if the database is empty.
pub async fn open(cfg: &Config) -> Result<(App, bool), String> {
    let (app, created) = open_without_content(cfg).await?;
    load_content(&app, cfg).await?;
    Ok((app, created))
}

/// For a command that only reads: the configured database when it exists (or is PostgreSQL),
/// else a database in memory with the configured content, so that nothing is created.
pub async fn open_for_reading(cfg: &Config) -> Result<App, String> {
    let url = cfg.database_url.expose_secret();
    if existing_database(url) {
        return open(cfg).await.map(|(app, _)| app);
    }
    let store = fahrplan_app::Store::connect("sqlite::memory:")
        .await
        .map_err(|e| format!("opening a database in memory: {e}"))?;
    store
        .migrate()
        .await
        .map_err(|e| format!("migrating the database: {e}"))?;
    let app = App::new(store)
        .map_err(|e| format!("opening the search index: {e}"))?
        .with_accounts(crate::admin::account_settings(cfg)?)
        .with_limits(cfg.limits.clone())
        .with_report_threshold(cfg.report_threshold);
    load_content(&app, cfg).await?;
    Ok(app)
}

/// Whether `url` names a database that is already there: PostgreSQL always, SQLite when its
/// file exists (an in-memory SQLite database never is).
fn existing_database(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return true;
    };
    if rest.contains(":memory:") || rest.contains("mode=memory") {
        return false;
    }
    let file = rest.trim_start_matches("//");
    let file = file.split('?').next().unwrap_or(file);
    !file.is_empty() && Path::new(file).exists()
}

/// Loads the configured content into a database that has none yet.
async fn load_content(app: &App, cfg: &Config) -> Result<(), String> {
    let files = match &cfg.content {
        ContentChoice::Default => Some(default_content()),
        ContentChoice::None => None,
        ContentChoice::Dir(d) => Some(
            ContentFiles::read_dir(d)
                .map_err(|e| format!("--content / FAHRPLAN_CONTENT {}: {e}", d.display()))?,
        ),
    };
    if let Some(files) = files {
        let loaded = app
            .ensure_default_content(&files)
            .await
            .map_err(|e| match e {
                ImportError::Files(errs) => lines(&errs),
                // The first content goes only into a database without content, which leaves
                // nothing out; were that to change, a removal is refused like an import's.
                ImportError::Removals(removed) => format!("loading content: {}", lines(&removed)),
                other => format!("loading content: {other}"),
            })?;
        if loaded {
            tracing::info!("loaded the first content into the empty database");
        }
    }
    Ok(())
}

/// Connects and migrates, creating the data folder for SQLite if needed.
pub async fn open_without_content(cfg: &Config) -> Result<(App, bool), String> {
    let created = crate::data_dir::prepare(&cfg.data_dir)?;
    let result = async {
        let store = fahrplan_app::Store::connect(cfg.database_url.expose_secret())
            .await
            .map_err(|e| unreachable_db(cfg, &e.to_string()))?;
        store
            .migrate()
            .await
            .map_err(|e| format!("migrating the database: {e}"))?;
        let settings = crate::admin::account_settings(cfg)?;
        Ok::<_, String>(
            App::new(store)
                .map_err(|e| format!("opening the search index: {e}"))?
                .with_accounts(settings)
                .with_limits(cfg.limits.clone())
                .with_report_threshold(cfg.report_threshold),
        )
    }
    .await;
    match result {
        Ok(app) => Ok((app, created)),
        Err(e) => {
            if created {
                let _ = std::fs::remove_dir_all(&cfg.data_dir);
            }
            Err(e)
        }
    }
}
