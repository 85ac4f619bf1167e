//! Strategy content as files: parsing a folder (docs/CONTENT-FORMAT.md) into a checked content
//! set, writing one back, and the use cases that import and export it.

mod files;
mod parse;
mod write;

pub use files::{ContentFiles, default_content};
pub use parse::{ContentFileError, parse_content};
pub use write::content_files;

use crate::{App, AppError, AppResult};
use fahrplan_domain::ContentSet;

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// One or more files are malformed or inconsistent; nothing was written.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Files(Vec<ContentFileError>),
    /// The database refused the write; nothing was written.
    #[error(transparent)]
    App(#[from] AppError),
}

impl App {
    /// Parses, checks and stores a content folder in one transaction: only the entities that
    /// differ from the stored ones are written, each announced by its own outbox row, and status
    /// history is only appended to (`fahrplan_store::Store::replace_content`). On any error the
    /// database is left as it was.
    pub async fn import_content(&self, files: &ContentFiles) -> Result<ContentSet, ImportError> {
        let set = parse_content(files).map_err(ImportError::Files)?;
        self.store
            .replace_content(&set)
            .await
            .map_err(AppError::from)?;
        Ok(set)
    }

    /// Loads the default content if the database holds none yet; returns whether it did.
    pub async fn ensure_default_content(&self, files: &ContentFiles) -> Result<bool, ImportError> {
        if !self
            .store
            .content_is_empty()
            .await
            .map_err(AppError::from)?
        {
            return Ok(false);
        }
        self.import_content(files).await?;
        Ok(true)
    }

    /// The current content as files, ready to be written to a folder.
    pub async fn export_content(&self) -> AppResult<ContentFiles> {
        let set = self.store.load_content().await?.ok_or(AppError::NotFound)?;
        content_files(&set).map_err(AppError::internal)
    }
}
