//! Running a search: top hits with snippets, the total, facet counts, and "did you mean" when
//! nothing is found.

use crate::analyzer::{GermanTokenizer, HighlightTokenizer, words};
use crate::fold::fold;
use crate::index::{SearchError, SearchIndex, SearchResult, nfc};
use crate::query::{MAX_QUERY_CHARS, Synonyms, build, parse};
use std::collections::BTreeMap;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

/// Characters of a snippet.
const SNIPPET_CHARS: usize = 180;
/// Characters of the stored excerpt that are searched for the snippet.
const SNIPPET_SOURCE: usize = 4_000;
/// Facet dimensions that are counted.
pub const DIMENSIONS: [&str; 4] = ["type", "area", "status", "department"];

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query as typed.
    pub q: String,
    /// Only things of these facet values, as (dimension, value); "type" filters by kind.
    pub filters: Vec<(String, String)>,
    /// Hits per page.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Whether to count facet values.
    pub facets: bool,
    /// Whether the last word may be a prefix (search as you type).
    pub prefix_last: bool,
}

/// One hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Type.
    pub kind: String,
    /// Public id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Path.
    pub url: String,
    /// HTML-escaped text with the matches in `<mark>`.
    pub snippet: String,
    /// Facet values of the hit, as (dimension, value).
    pub facets: Vec<(String, String)>,
}

/// The answer to a search.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// Matching documents in all.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts by dimension: value → count.
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
    /// A corrected query when nothing was found and a correction exists.
    pub did_you_mean: Option<String>,
}

impl SearchIndex {
    /// Runs a search. An empty query or one over 500 characters is an error.
    pub fn search(&self, req: &SearchRequest, synonyms: &Synonyms) -> SearchResult<SearchResults> {
        let q = nfc(req.q.trim());
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(SearchError::Query("too-long"));
        }
        let parsed = parse(&q);
        let mut t = GermanTokenizer::default();
        let searcher = self.reader.searcher();
        let fields = [self.fields.title, self.fields.headings, self.fields.body];
        let known = |stem: &str| {
            fields.iter().any(|f| {
                searcher
                    .doc_freq(&Term::from_field_text(*f, stem))
                    .is_ok_and(|n| n > 0)
            })
        };
        let Some(built) = build(
            &self.fields,
            &mut t,
            synonyms,
            &parsed,
            req.prefix_last,
            &known,
        ) else {
            return Err(SearchError::Query("empty"));
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, built.query)];
        for (dim, value) in &req.filters {
            let facet = Facet::from_path([dim.as_str(), value.as_str()]);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_facet(self.fields.facet, &facet),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let limit = req.limit.clamp(1, 100);
        let top = TopDocs::with_limit(limit)
            .and_offset(req.offset)
            .order_by_score();
        let mut facet_collector = FacetCollector::for_field("facet");
        for d in DIMENSIONS {
            facet_collector.add_facet(Facet::from_path([d]));
        }
        let (docs, total, facet_counts) = if req.facets {
            let (docs, total, counts) = searcher.search(&query, &(top, Count, facet_collector))?;
            (docs, total, Some(counts))
        } else {
            let (docs, total) = searcher.search(&query, &(top, Count))?;
            (docs, total, None)
        };
        let snippets = self.snippet_generator(&built.highlight);
        let mut hits = Vec::with_capacity(docs.len());
        for (_, addr) in docs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            hits.push(self.hit(&doc, &snippets));
        }
        let mut facets = BTreeMap::new();
        if let Some(counts) = facet_counts {
            for d in DIMENSIONS {
                let values: Vec<(String, u64)> = counts
                    .get(&format!("/{d}"))
                    .map(|(f, n)| {
                        (
                            f.to_path()
                                .last()
                                .map(|s| (*s).to_owned())
                                .unwrap_or_default(),
                            n,
                        )
                    })
                    .collect();
                if !values.is_empty() {
                    facets.insert(d.to_owned(), values);
                }
            }
        }
        let did_you_mean = if total == 0 {
            self.correction(&searcher, &built.words)?
        } else {
            None
        };
        Ok(SearchResults {
            total,
            hits,
            facets,
            did_you_mean,
        })
    }

    fn snippet_generator(&self, highlight: &[String]) -> SnippetGenerator {
        let terms: BTreeMap<String, f32> = highlight.iter().map(|s| (s.clone(), 1.0)).collect();
        SnippetGenerator::new(
            terms,
            TextAnalyzer::from(HighlightTokenizer::new(highlight.to_vec())),
            self.fields.body,
            SNIPPET_CHARS,
        )
    }

    fn hit(&self, doc: &TantivyDocument, snippets: &SnippetGenerator) -> Hit {
        let f = &self.fields;
        let text = |field| stored_text(doc, field);
        let mut excerpt = text(f.excerpt);
        if let Some((cut, _)) = excerpt.char_indices().nth(SNIPPET_SOURCE) {
            excerpt.truncate(cut);
        }
        let snippet = snippets.snippet(&excerpt);
        let html = if snippet.is_empty() {
            let start: String = excerpt.chars().take(SNIPPET_CHARS).collect();
            escape(start.trim())
        } else {
            let frag = snippet.fragment();
            let mut out = String::new();
            let mut at = 0;
            // A compound and its parts share one range; overlapping ranges are merged.
            for r in tantivy::snippet::collapse_overlapped_ranges(snippet.highlighted()) {
                out.push_str(&escape(&frag[at..r.start]));
                out.push_str("<mark>");
                out.push_str(&escape(&frag[r.start..r.end]));
                out.push_str("</mark>");
                at = r.end;
            }
            out.push_str(&escape(&frag[at..]));
            out.trim().to_owned()
        };
        let facets = doc
            .get_all(f.facet)
            .filter_map(|v| {
                // Stored facets are encoded with NUL between the levels.
                let (dim, value) = v.as_facet()?.split_once('\0')?;
                Some((dim.to_owned(), value.to_owned()))
            })
            .collect();
        Hit {
            kind: text(f.kind),
            id: text(f.id),
            title: text(f.title),
            url: text(f.url),
            snippet: html,
            facets,
        }
    }

    /// For a query that found nothing: each word replaced by the closest title word within two
    /// edits, if any word changes.
    fn correction(
        &self,
        searcher: &Searcher,
        ws: &[(String, crate::analyzer::Analysed)],
    ) -> SearchResult<Option<String>> {
        let mut changed = false;
        let mut out = Vec::new();
        for (written, a) in ws {
            let chars = a.folded.chars().count();
            let mut best: Option<(usize, String)> = None;
            if chars >= 4 {
                let q =
                    FuzzyTermQuery::new(Term::from_field_text(self.fields.title, &a.stem), 2, true);
                let top = searcher.search(&q, &TopDocs::with_limit(20).order_by_score())?;
                for (_, addr) in top {
                    let doc: TantivyDocument = searcher.doc(addr)?;
                    let title = stored_text(&doc, self.fields.title);
                    for (_, w) in words(&title) {
                        let d = distance(&a.folded, &fold(w));
                        if d > 0 && d <= 2 && best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                            best = Some((d, w.to_owned()));
                        }
                    }
                }
            }
            match best {
                Some((_, w)) => {
                    changed = true;
                    out.push(w);
                }
                None => out.push(written.clone()),
            }
        }
        Ok(changed.then(|| out.join(" ")))
    }
}

/// The first stored text of a field, or "".
fn stored_text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Damerau-Levenshtein distance (optimal string alignment) between two words.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// HTML escaping for snippet text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
