//! `fahrplan import documents FILE` and `fahrplan reindex`.

use crate::commands::open;
use crate::config::Config;
use fahrplan_app::App;
use fahrplan_app::search::Search;
use fahrplan_app::search::import::{LINE_MAX_BYTES, LineError, parse_line};
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::Path;

/// Documents stored per transaction (and per outbox row).
const BATCH: usize = 500;
/// Refused lines reported one by one; beyond this only the count.
const REPORTED: usize = 20;

/// The node's index in the data folder, unless a running server holds it (then `None`: the
/// server picks changes up through the outbox).
fn local_index(app: &App, cfg: &Config) -> Result<Option<App>, String> {
    let dir = cfg.data_dir.join("search");
    Search::open_unless_busy(&dir, &cfg.synonyms)
        .map(|s| s.map(|s| App::with_search(app.store().clone(), s)))
        .map_err(|e| format!("search index {}: {e}", dir.display()))
}

fn reader(path: &Path) -> Result<Box<dyn BufRead>, String> {
    let fail = |e: std::io::Error| format!("import documents {}: {e}", path.display());
    let mut file = BufReader::new(std::fs::File::open(path).map_err(fail)?);
    // gzip by its magic bytes, whatever the file is called.
    let gzip = file.fill_buf().map_err(fail)?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(file)))
    } else {
        Box::new(file)
    })
}

/// Reads the next line into `buf` (without its newline), holding at most [`LINE_MAX_BYTES`]:
/// `Some(true)` for a line, `Some(false)` for one too long to hold (its rest is skipped
/// unread), `None` at the end. A 50 MB line is refused without being kept in memory.
fn next_line(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let limit = u64::try_from(LINE_MAX_BYTES + 1).unwrap_or(u64::MAX);
    if std::io::Read::take(&mut *input, limit).read_until(b'\n', buf)? == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        return Ok(Some(true));
    }
    if buf.len() <= LINE_MAX_BYTES {
        return Ok(Some(true));
    }
    buf.clear();
    loop {
        let (done, used) = {
            let available = input.fill_buf()?;
            match available.iter().position(|b| *b == b'\n') {
                Some(i) => (true, i + 1),
                None => (available.is_empty(), available.len()),
            }
        };
        input.consume(used);
        if done {
            return Ok(Some(false));
        }
    }
}

/// Imports a JSON Lines file; a bad line is reported with its number and skipped.
pub async fn import_documents(cfg: &Config, path: &Path) -> Result<(), String> {
    let input = reader(path)?;
    let (app, _) = open(cfg).await?;
    let terminal = std::io::stderr().is_terminal();
    let (mut imported, mut refused) = (0usize, 0usize);
    let mut batch = Vec::with_capacity(BATCH);
    let mut input = input;
    let mut buf = Vec::new();
    let mut n = 0usize;
    loop {
        let read = next_line(&mut *input, &mut buf)
            .map_err(|e| format!("import documents {}: line {}: {e}", path.display(), n + 1))?;
        let Some(whole) = read else { break };
        n += 1;
        let parsed = if whole {
            match std::str::from_utf8(&buf) {
                Ok(line) if line.trim().is_empty() => continue,
                Ok(line) => parse_line(line),
                Err(_) => Err(LineError::NotUtf8),
            }
        } else {
            Err(LineError::LineTooLong)
        };
        match parsed {
            Ok(doc) => batch.push(doc),
            Err(e) => {
                refused += 1;
                if refused <= REPORTED {
                    eprintln!("{}: line {n}: {e}", path.display());
                }
            }
        }
        if batch.len() == BATCH {
            imported += store(&app, &mut batch).await?;
            if terminal {
                eprint!("\rimported {imported} documents, refused {refused} lines");
                let _ = std::io::stderr().flush();
            }
        }
    }
    imported += store(&app, &mut batch).await?;
    if terminal {
        eprintln!();
    }
    if refused > REPORTED {
        eprintln!(
            "{}: {} more refused lines not shown",
            path.display(),
            refused - REPORTED
        );
    }
    let indexed = match local_index(&app, cfg)? {
        Some(local) => {
            while local
                .sync_search()
                .await
                .map_err(|e| format!("indexing: {e}"))?
                > 0
            {}
            "indexed"
        }
        None => "the running server indexes them",
    };
    println!(
        "imported {imported} documents, refused {refused} lines from {} ({indexed})",
        path.display()
    );
    app.store().close().await;
    if refused > 0 {
        return Err(format!(
            "{refused} lines of {} were refused (see above); the others were imported",
            path.display()
        ));
    }
    Ok(())
}

async fn store(
    app: &App,
    batch: &mut Vec<fahrplan_app::search::import::Document>,
) -> Result<usize, String> {
    let n = batch.len();
    app.import_documents(batch)
        .await
        .map_err(|e| format!("import documents: {e}"))?;
    batch.clear();
    Ok(n)
}

/// Rebuilds the index, or asks the running server to.
pub async fn reindex(cfg: &Config) -> Result<(), String> {
    let (app, _) = open(cfg).await?;
    match local_index(&app, cfg)? {
        Some(local) => {
            let n = local.reindex().await.map_err(|e| format!("reindex: {e}"))?;
            println!("search index rebuilt: {n} documents");
        }
        None => {
            app.request_reindex()
                .await
                .map_err(|e| format!("reindex: {e}"))?;
            println!("a server holds the search index; it rebuilds it now");
        }
    }
    app.store().close().await;
    Ok(())
}
