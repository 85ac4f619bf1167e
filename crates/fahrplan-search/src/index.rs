//! The index on disk (or in memory for tests): one long-lived writer, batched commits that carry
//! the last applied outbox sequence number, and a reader reloaded right after each commit so a
//! committed change is searchable at once.

use crate::analyzer::{GERMAN, GermanTokenizer};
use crate::doc::SearchDoc;
use crate::private_dir::PrivateDirectory;
use crate::schema::{EXCERPT_CHARS, Fields, schema};
use std::path::Path;
use std::sync::Mutex;
use tantivy::indexer::LogMergePolicy;
use tantivy::schema::{Facet, TantivyDocument};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

/// Errors of the search index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed (I/O, a locked index, …).
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index folder could not be used.
    #[error("search index folder: {0}")]
    Dir(String),
    /// The query cannot be run (empty or too long).
    #[error("search query: {0}")]
    Query(&'static str),
    /// Another process (a running server) holds the index for writing.
    #[error("the search index is in use by another process")]
    Busy,
}

/// Result of search operations.
pub type SearchResult<T> = Result<T, SearchError>;

/// Segments of a size that are merged into one.
const MERGE_AT: usize = 3;
/// Memory for the writer's indexing threads together (tantivy needs at least 15 MB a thread).
const WRITER_MEMORY: usize = 40 * 1024 * 1024;
/// Text queued for indexing before the writer is made to catch up: tantivy queues added
/// documents (up to thousands) for its indexing thread, so a round of large documents would
/// otherwise sit in memory whole (300 MB of queued documents on the law corpus, heaptrack).
const QUEUED_BYTES: usize = 24 * 1024 * 1024;
/// The index format this code writes; a folder with another version is rebuilt.
const FORMAT: &str = "fahrplan-search-5";

/// The search index of one node.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    writer: Mutex<IndexWriter>,
    pub(crate) fields: Fields,
    /// Bytes of text added since the writer last caught up.
    queued: std::sync::atomic::AtomicUsize,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it (or recreating it when its format is older).
    /// The folder and every file in it are readable by their owner only (issue 13).
    pub fn open(dir: &Path) -> SearchResult<SearchIndex> {
        create_private_dir(dir).map_err(|e| SearchError::Dir(format!("{}: {e}", dir.display())))?;
        let marker = dir.join("FORMAT");
        let current = std::fs::read_to_string(&marker).unwrap_or_default();
        if current.trim() != FORMAT {
            // An index of another format (or none): start empty; the caller reindexes.
            for entry in std::fs::read_dir(dir)
                .map_err(|e| SearchError::Dir(e.to_string()))?
                .flatten()
            {
                let p = entry.path();
                let _ = if p.is_dir() {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_file(&p)
                };
            }
            write_private(&marker, FORMAT).map_err(|e| SearchError::Dir(e.to_string()))?;
        }
        let (schema, fields) = schema();
        let directory = PrivateDirectory::open(dir).map_err(|e| SearchError::Dir(e.to_string()))?;
        let index = Index::open_or_create(directory, schema)?;
        Self::wrap(index, fields)
    }

    /// A fresh index in memory (tests, benchmarks).
    pub fn in_memory() -> SearchResult<SearchIndex> {
        let (schema, fields) = schema();
        Self::wrap(Index::create_in_ram(schema), fields)
    }

    /// Tantivy's log merge policy, merging as soon as three segments of a size are there
    /// (tantivy waits for eight): a search looks every term up once per segment, so fewer
    /// segments make each search cheaper, and the small segments of batched commits are cheap
    /// to merge.
    fn merge_policy() -> LogMergePolicy {
        let mut policy = LogMergePolicy::default();
        policy.set_min_num_segments(MERGE_AT);
        policy
    }

    fn wrap(index: Index, fields: Fields) -> SearchResult<SearchIndex> {
        index
            .tokenizers()
            .register(GERMAN, TextAnalyzer::from(GermanTokenizer::default()));
        // One indexing thread: the server keeps the other core for answering requests, and memory
        // stays low; a bulk import is still indexed at several MB of text a second.
        let threads = 1;
        let writer = index
            .writer_with_num_threads(threads, WRITER_MEMORY)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => SearchError::Busy,
                other => SearchError::Index(other),
            })?;
        writer.set_merge_policy(Box::new(Self::merge_policy()));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            queued: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        self.writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds or replaces documents (visible after the next commit).
    pub fn upsert(&self, docs: &[SearchDoc]) -> SearchResult<()> {
        use std::sync::atomic::Ordering;
        let mut w = self.writer();
        for d in docs {
            let key = d.key();
            w.delete_term(Term::from_field_text(self.fields.key, &key));
            w.add_document(self.to_tantivy(d, &key))?;
            let size = d.body.len() + d.title.len();
            if self.queued.fetch_add(size, Ordering::Relaxed) + size > QUEUED_BYTES {
                // Let the indexing thread catch up: a commit that keeps the last applied
                // sequence number, so a crash now only means indexing this round again. The
                // reader is not reloaded; searches see the new state at the round's commit.
                let mut prepared = w.prepare_commit()?;
                prepared.set_payload(&self.applied_seq().to_string());
                prepared.commit()?;
                self.queued.store(0, Ordering::Relaxed);
            }
        }
        Ok(())
    }

    /// Removes documents by key (visible after the next commit).
    pub fn delete(&self, keys: &[String]) {
        let w = self.writer();
        for k in keys {
            w.delete_term(Term::from_field_text(self.fields.key, k));
        }
    }

    /// Removes every document of one kind, e.g. before the strategy content is indexed anew.
    pub fn delete_kind(&self, kind: &str) {
        self.writer()
            .delete_term(Term::from_field_text(self.fields.kind, kind));
    }

    /// Removes everything (visible after the next commit).
    pub fn clear(&self) -> SearchResult<()> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Commits what was written, recording `applied_seq`, and makes it searchable.
    pub fn commit(&self, applied_seq: i64) -> SearchResult<()> {
        {
            let mut w = self.writer();
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(&applied_seq.to_string());
            prepared.commit()?;
            self.queued.store(0, std::sync::atomic::Ordering::Relaxed);
        }
        self.reader.reload()?;
        Ok(())
    }

    /// The outbox sequence number of the last commit (0 for a new index).
    pub fn applied_seq(&self) -> i64 {
        self.index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    /// Number of searchable documents.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether nothing is searchable.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Waits for background merges and releases the writer (on shutdown).
    pub fn close(self) -> SearchResult<()> {
        let writer = self
            .writer
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        writer.wait_merging_threads()?;
        Ok(())
    }

    fn to_tantivy(&self, d: &SearchDoc, key: &str) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, key);
        doc.add_text(f.id, &d.id);
        doc.add_text(f.kind, &d.kind);
        doc.add_text(f.title, nfc(&d.title).as_ref());
        for h in &d.headings {
            doc.add_text(f.headings, nfc(h).as_ref());
        }
        let body = nfc(&d.body);
        // Only the start of a long text is needed for the excerpt.
        let mut head = body.len().min(EXCERPT_CHARS * 4);
        while !body.is_char_boundary(head) {
            head -= 1;
        }
        let excerpt: String = crate::doc::plain_text(&body[..head])
            .chars()
            .take(EXCERPT_CHARS)
            .collect();
        doc.add_text(f.body, body.as_ref());
        if !d.extra.is_empty() {
            doc.add_text(f.extra, nfc(&d.extra).as_ref());
        }
        doc.add_f64(f.weight, f64::from(d.weight));
        doc.add_text(f.excerpt, &excerpt);
        doc.add_text(f.url, &d.url);
        doc.add_facet(f.facet, Facet::from_path(["type", d.kind.as_str()]));
        for (dim, value) in &d.facets {
            doc.add_facet(f.facet, Facet::from_path([dim.as_str(), value.as_str()]));
        }
        doc
    }
}

/// Creates the index folder (and missing parents) 0700 whatever the umask, if missing.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
        builder.mode(0o700).create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    builder.create(dir)
}

/// Writes a small file, created 0600 (the umask can only take bits away).
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)?.write_all(text.as_bytes())
}

/// Unicode NFC, so umlauts written as a + combining diaeresis (common in text from PDFs) are
/// the same letters as precomposed ones.
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    }
}
