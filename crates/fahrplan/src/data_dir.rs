//! The data folder: created readable by its owner only, tightened at start where an older
//! version left it readable by others (issue 13), and the keys the server keeps in it when the
//! configuration gives none. It decides nothing about what is stored in those files.

use fahrplan_app::private_files;
use std::path::Path;

/// Makes sure the data folder exists (0700 when created now) and can be written, and takes
/// away what others could read in it; returns whether it was created now.
pub fn prepare(dir: &Path) -> Result<bool, String> {
    let created = private_files::create_dir(dir).map_err(|e| {
        format!(
            "--data-dir / FAHRPLAN_DATA_DIR {}: cannot create the folder: {e}",
            dir.display()
        )
    })?;
    if !created {
        tighten(dir);
    }
    let probe = dir.join(format!(".write-test-{}", std::process::id()));
    let written = private_files::create_file(&probe, b"ok");
    let _ = std::fs::remove_file(&probe);
    if let Err(e) = written {
        if created {
            let _ = std::fs::remove_dir_all(dir);
        }
        return Err(format!(
            "--data-dir / FAHRPLAN_DATA_DIR {}: the folder is not writable: {e}",
            dir.display()
        ));
    }
    Ok(created)
}

/// Older versions created the folder 0755 and its files 0644 (with mails holding confirmation
/// and reset links): the group's and others' bits go, and the log says so once.
fn tighten(dir: &Path) {
    let done = private_files::tighten(dir);
    if !done.changed.is_empty() {
        tracing::warn!(
            folder = %dir.display(),
            "made {} files and folders in the data folder owner-only that other users could read; an older version left them so",
            done.changed.len()
        );
    }
    for (path, e) in done.failed.iter().take(5) {
        tracing::warn!(path = %path.display(), error = %e, "cannot restrict this to its owner");
    }
}

/// The text of the key file `name` in the data folder, created 0600 with `new()` if missing.
/// Returns the text and whether the file was created now. Two processes starting at once end
/// up with the same key: the file appears whole or not at all (written beside it, then linked).
pub fn key_file(
    dir: &Path,
    name: &str,
    new: impl FnOnce() -> String,
) -> Result<(String, bool), String> {
    let path = dir.join(name);
    let fail = |e: std::io::Error| {
        format!(
            "--data-dir / FAHRPLAN_DATA_DIR {}: cannot keep the key: {e}",
            path.display()
        )
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => return Ok((text, false)),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
        Err(_) => {}
    }
    let text = format!("{}\n", new());
    let temporary = dir.join(format!(".{name}.{}.new", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    private_files::create_file(&temporary, text.as_bytes()).map_err(fail)?;
    let linked = std::fs::hard_link(&temporary, &path);
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Ok(()) => Ok((text, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::read_to_string(&path)
            .map(|t| (t, false))
            .map_err(fail),
        // A file system without hard links: create the file in place.
        Err(_) => private_files::create_file(&path, text.as_bytes())
            .map(|()| (text, true))
            .map_err(fail),
    }
}
