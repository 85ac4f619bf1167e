//! A content folder held in memory: relative path → text. Read from disk, from the binary, or
//! written back to disk.

use std::collections::BTreeMap;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_content.rs"));
}

/// The files of a content folder, keyed by relative path with `/` separators.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentFiles(pub BTreeMap<String, String>);

/// The default content (Hessen) embedded in the binary.
pub fn default_content() -> ContentFiles {
    ContentFiles(
        embedded::FILES
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect(),
    )
}

impl ContentFiles {
    /// Reads every `.toml` file below `dir`.
    pub fn read_dir(dir: &Path) -> std::io::Result<Self> {
        let mut map = BTreeMap::new();
        read_into(dir, dir, &mut map)?;
        if map.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{}: no .toml content files found", dir.display()),
            ));
        }
        Ok(Self(map))
    }

    /// Writes all files below `dir`, creating folders as needed.
    pub fn write_dir(&self, dir: &Path) -> std::io::Result<()> {
        for (rel, text) in &self.0 {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, text)?;
        }
        Ok(())
    }

    /// The text of one file.
    pub fn get(&self, rel: &str) -> Option<&str> {
        self.0.get(rel).map(String::as_str)
    }
}

fn read_into(root: &Path, dir: &Path, map: &mut BTreeMap<String, String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            read_into(root, &path, map)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            map.insert(rel, text);
        }
    }
    Ok(())
}
