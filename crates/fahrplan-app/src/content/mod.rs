//! Strategy content as files: parsing a folder (docs/CONTENT-FORMAT.md) into a checked content
//! set, writing one back, and the use cases that import and export it. An import never drops
//! content that contributions refer to: it refuses, or archives it (`removals.rs`).

mod files;
mod parse;
mod removals;
mod write;

pub use fahrplan_store::ContentKind;
pub use files::{ContentFiles, default_content};
pub use parse::{ContentFileError, parse_content};
pub use removals::{Removals, Removed};
pub use write::{area_file, content_files};

use crate::{App, AppError, AppResult};
use fahrplan_domain::{ContentSet, PartialDate};
use fahrplan_store::ContentImport;

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// One or more files are malformed or inconsistent; nothing was written.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Files(Vec<ContentFileError>),
    /// The folder leaves out content that contributions or archived content refer to; nothing
    /// was written. One line per entity.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Removals(Vec<Removed>),
    /// The database refused the write; nothing was written.
    #[error(transparent)]
    App(#[from] AppError),
}

/// What an import wrote.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The content of the folder.
    pub set: ContentSet,
    /// Outbox rows written: one per changed entity.
    pub changes: usize,
    /// What was archived instead of dropped, with the file it was read from.
    pub archived: Vec<Removed>,
}

impl App {
    /// Parses, checks and stores a content folder in one transaction: only the entities that
    /// differ from the stored ones are written, each announced by its own outbox row, and status
    /// history is only appended to (`fahrplan_store::Store::replace_content`). On any error the
    /// database is left as it was. Content that the folder leaves out while contributions refer
    /// to it refuses the import (`ImportError::Removals`); [`App::import_content_with`] can
    /// archive it instead.
    pub async fn import_content(&self, files: &ContentFiles) -> Result<ContentSet, ImportError> {
        Ok(self.import_content_with(files, Removals::Refuse).await?.set)
    }

    /// [`App::import_content`], with what to do about content the folder leaves out while
    /// something refers to it: refuse, or archive it with today's date (Europe/Berlin).
    pub async fn import_content_with(
        &self,
        files: &ContentFiles,
        removals: Removals,
    ) -> Result<Imported, ImportError> {
        let set = parse_content(files).map_err(ImportError::Files)?;
        let removals = match removals {
            Removals::Refuse => fahrplan_store::Removals::Refuse,
            Removals::Archive => {
                let (year, month, day) = crate::participation::today();
                fahrplan_store::Removals::Archive(PartialDate {
                    year,
                    month: Some(month),
                    day: Some(day),
                })
            }
        };
        let outcome = self
            .store
            .replace_content(&set, removals)
            .await
            .map_err(AppError::from)?;
        match outcome {
            ContentImport::Refused(blocked) => Err(ImportError::Removals(
                blocked.into_iter().map(Removed::blocked).collect(),
            )),
            ContentImport::Written { changes, archived } => {
                if !archived.is_empty() {
                    tracing::info!(count = archived.len(), "content archived by an import");
                }
                // Comments on paragraphs move onto the blocks of the versions just imported.
                self.reanchor_all_annotations().await?;
                Ok(Imported {
                    archived: archived.into_iter().map(Removed::archived).collect(),
                    set,
                    changes,
                })
            }
        }
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
