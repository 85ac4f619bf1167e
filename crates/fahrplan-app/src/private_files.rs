//! Files and folders readable by their owner only (issue 13): what fahrplan writes into its data
//! folder (the database, mails with confirmation and reset links, keys, the search index) is
//! created 0600 and 0700 whatever the umask, and what an older version left readable by others
//! is tightened at start. On systems other than Unix the modes do not exist and these are plain
//! file operations. It never loosens a mode, and never follows a symbolic link inside the folder.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Mode of a folder: owner only.
pub const DIR_MODE: u32 = 0o700;
/// Mode of a file: owner reads and writes.
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` and any missing parents 0700; returns whether `dir` was missing. An existing
/// folder is left as it is (`tighten` deals with those).
pub fn create_dir(dir: &Path) -> std::io::Result<bool> {
    if dir.is_dir() {
        return Ok(false);
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
        builder.mode(DIR_MODE);
        builder.create(dir)?;
        // The umask may have taken bits away that the owner needs.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(DIR_MODE))?;
    }
    #[cfg(not(unix))]
    builder.create(dir)?;
    Ok(true)
}

/// Creates a new file 0600 with `bytes` (an existing file is an `AlreadyExists` error, so a
/// file of someone else's is never written through).
pub fn create_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // The umask can only take bits away from 0600.
        options.mode(FILE_MODE);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// What `tighten` did.
#[derive(Debug, Default)]
pub struct Tightened {
    /// Files and folders that others could read, write or enter, and now cannot.
    pub changed: Vec<PathBuf>,
    /// Those whose mode could not be changed (owned by another user), with the reason.
    pub failed: Vec<(PathBuf, std::io::Error)>,
}

/// Takes the group's and others' bits away from `dir` and everything in it; the owner's bits
/// stay as they are. Symbolic links are neither changed nor followed.
pub fn tighten(dir: &Path) -> Tightened {
    let mut out = Tightened::default();
    #[cfg(unix)]
    tighten_unix(dir, true, &mut out);
    #[cfg(not(unix))]
    let _ = dir;
    out
}

#[cfg(unix)]
fn tighten_unix(path: &Path, top: bool, out: &mut Tightened) {
    use std::os::unix::fs::PermissionsExt as _;
    // The data folder itself may be a link the operator made; what is inside is not followed.
    let meta = if top {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    };
    let meta = match meta {
        Ok(m) => m,
        Err(e) => {
            out.failed.push((path.to_path_buf(), e));
            return;
        }
    };
    if meta.file_type().is_symlink() {
        return;
    }
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        match std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o077)) {
            Ok(()) => out.changed.push(path.to_path_buf()),
            Err(e) => out.failed.push((path.to_path_buf(), e)),
        }
    }
    if meta.is_dir() {
        match std::fs::read_dir(path) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    tighten_unix(&entry.path(), false, out);
                }
            }
            Err(e) => out.failed.push((path.to_path_buf(), e)),
        }
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    fn mode(p: &Path) -> u32 {
        std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn new_folders_and_files_are_owner_only_and_existing_files_are_not_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        assert!(create_dir(&dir).unwrap());
        assert!(!create_dir(&dir).unwrap());
        assert_eq!((mode(&tmp.path().join("a")), mode(&dir)), (0o700, 0o700));
        let file = dir.join("f");
        create_file(&file, b"x").unwrap();
        assert_eq!(mode(&file), 0o600);
        let again = create_file(&file, b"y").unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&file).unwrap(), b"x");
    }

    #[test]
    fn tightening_takes_only_group_and_other_bits_and_leaves_links_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let outside = tmp.path().join("outside");
        std::fs::write(&outside, "x").unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();
        std::fs::write(dir.join("sub/loose"), "x").unwrap();
        std::fs::write(dir.join("readonly"), "x").unwrap();
        for (p, m) in [
            (dir.clone(), 0o755),
            (dir.join("sub"), 0o775),
            (dir.join("sub/loose"), 0o664),
            (dir.join("readonly"), 0o400),
            (outside.clone(), 0o644),
        ] {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(m)).unwrap();
        }
        let done = tighten(&dir);
        assert!(done.failed.is_empty(), "{:?}", done.failed);
        assert_eq!(done.changed.len(), 3, "{:?}", done.changed);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("sub")), 0o700);
        assert_eq!(mode(&dir.join("sub/loose")), 0o600);
        assert_eq!(mode(&dir.join("readonly")), 0o400, "never loosened");
        assert_eq!(mode(&outside), 0o644, "links are not followed");
        assert!(tighten(&dir).changed.is_empty());
    }
}
