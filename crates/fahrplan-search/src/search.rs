//! Running a search: top hits with snippets, the total, facet counts, and "did you mean" when
//! nothing is found.

use crate::analyzer::{GermanTokenizer, HighlightTokenizer, words};
use crate::collect::Ranked;
use crate::fold::fold;
use crate::index::{SearchError, SearchIndex, SearchResult, nfc};
use crate::query::{Built, MAX_QUERY_CHARS, Parsed, Vocabulary, build, parse, rare_at_most};
use crate::synonyms::Synonyms;
use crate::vocabulary::IndexVocabulary;
use std::collections::BTreeMap;
use tantivy::collector::{Collector, Count, FacetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, EnableScoring, FuzzyTermQuery, Occur, Query, TermQuery, Weight,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

/// Characters of a snippet.
const SNIPPET_CHARS: usize = 180;
/// Characters of the stored excerpt that are searched for the snippet.
const SNIPPET_SOURCE: usize = 4_000;
/// Share of the best hit's score below which hits are left out.
const CUT_OFF: f32 = 0.15;
/// Most hits a query may find for a better spelling to be offered beside them ("finds little").
const FEW: usize = 10;
/// How many times as many hits a better spelling must find to be offered beside some hits.
const CLEARLY_MORE: usize = 3;
/// Facet dimensions that are counted.
pub const DIMENSIONS: [&str; 5] = ["type", "edition", "area", "status", "department"];

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

/// The lowest score a hit may have. A query of one word keeps every hit that has the word (or
/// its parts, or a correction): all of them are about it. A query that asks for several things
/// keeps the hits within a share of the best one's (weighted) score, so hits that have only a
/// common one of its words do not trail on for pages.
fn cut_off(searcher: &Searcher, weight: &dyn Weight, asks: usize) -> SearchResult<f32> {
    if asks < 2 || !crate::ablation::on(crate::ablation::Mechanism::CutOff) {
        return Ok(0.0);
    }
    let best = collect(
        searcher,
        weight,
        &Ranked::all(TopDocs::with_limit(1).order_by_score()),
    )?;
    Ok(best.first().map_or(0.0, |(score, _)| score * CUT_OFF))
}

/// Runs `collector` over every segment with a weight made once, so that the cut-off's pass and
/// the page's pass share it: each term is looked up, and its statistics computed, once a search.
fn collect<C: Collector>(
    searcher: &Searcher,
    weight: &dyn Weight,
    collector: &C,
) -> SearchResult<C::Fruit> {
    let fruits = searcher
        .segment_readers()
        .iter()
        .enumerate()
        .map(|(ord, reader)| {
            let ord = u32::try_from(ord).unwrap_or(u32::MAX);
            collector.collect_segment(weight, ord, reader)
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    Ok(collector.merge_fruits(fruits)?)
}

impl SearchIndex {
    /// Runs a search. An empty query or one over 500 characters is an error.
    pub fn search(&self, req: &SearchRequest, synonyms: &Synonyms) -> SearchResult<SearchResults> {
        let q = nfc(req.q.trim());
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(SearchError::Query("too-long"));
        }
        let parsed = parse(&q);
        let searcher = self.reader.searcher();
        let Some(built) = self.build(&searcher, synonyms, &parsed, req.prefix_last) else {
            return Err(SearchError::Query("empty"));
        };
        let query = self.with_filters(built.query, &req.filters);
        let limit = req.limit.clamp(1, 100);
        let weight = query.weight(EnableScoring::enabled_from_searcher(&searcher))?;
        let min = cut_off(&searcher, weight.as_ref(), built.asks)?;
        let top = TopDocs::with_limit(limit)
            .and_offset(req.offset)
            .order_by_score();
        let mut facet_collector = FacetCollector::for_field("facet");
        for d in DIMENSIONS {
            facet_collector.add_facet(Facet::from_path([d]));
        }
        let (docs, total, facet_counts) = if req.facets {
            let (docs, total, counts) = collect(
                &searcher,
                weight.as_ref(),
                &Ranked::at_least(min, (top, Count, facet_collector)),
            )?;
            (docs, total, Some(counts))
        } else {
            let (docs, total) = collect(
                &searcher,
                weight.as_ref(),
                &Ranked::at_least(min, (top, Count)),
            )?;
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
        let did_you_mean = self.did_you_mean(&searcher, synonyms, &built.words, total, req)?;
        Ok(SearchResults {
            total,
            hits,
            facets,
            did_you_mean,
        })
    }

    fn build(
        &self,
        searcher: &Searcher,
        synonyms: &Synonyms,
        parsed: &Parsed,
        prefix_last: bool,
    ) -> Option<Built> {
        let f = &self.fields;
        let vocabulary = self.vocabulary(searcher);
        build(
            f,
            &mut GermanTokenizer::default(),
            synonyms,
            parsed,
            prefix_last,
            &vocabulary,
        )
    }

    /// The text query with the facet filters, each of which must hold.
    fn with_filters(&self, text: Box<dyn Query>, filters: &[(String, String)]) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        for (dim, value) in filters {
            let facet = Facet::from_path([dim.as_str(), value.as_str()]);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_facet(self.fields.facet, &facet),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Hits of `query` above the cut-off.
    fn count(&self, searcher: &Searcher, query: &dyn Query, asks: usize) -> SearchResult<usize> {
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let min = cut_off(searcher, weight.as_ref(), asks)?;
        collect(searcher, weight.as_ref(), &Ranked::at_least(min, Count))
    }

    /// A better-spelled query, offered when the query found nothing, or when it found little
    /// (at most `FEW` hits), a word of it is unknown or rare and the better spelling finds
    /// clearly more than the words as typed (without their typo corrections, which may already
    /// have found some of it).
    fn did_you_mean(
        &self,
        searcher: &Searcher,
        synonyms: &Synonyms,
        ws: &[(String, crate::analyzer::Analysed)],
        total: usize,
        req: &SearchRequest,
    ) -> SearchResult<Option<String>> {
        if total > FEW || (total > 0 && !ws.iter().any(|(_, a)| self.is_rare(searcher, &a.stem))) {
            return Ok(None);
        }
        let Some(better) = self.correction(searcher, ws)? else {
            return Ok(None);
        };
        // A word the index does not know at all finds nothing as typed: what was found came
        // from its corrections, so the better spelling is offered without counting.
        let unknown =
            |a: &crate::analyzer::Analysed| self.vocabulary(searcher).doc_freq(&a.stem) == 0;
        if total == 0 || ws.iter().any(|(_, a)| unknown(a)) {
            return Ok(Some(better));
        }
        let typed = ws
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let count = |q: &str, typos: bool| -> SearchResult<usize> {
            let f = &self.fields;
            let vocabulary = self.vocabulary(searcher);
            let vocabulary: &dyn Vocabulary = if typos {
                &vocabulary
            } else {
                &vocabulary.without_corrections()
            };
            let Some(b) = build(
                f,
                &mut GermanTokenizer::default(),
                synonyms,
                &parse(q),
                false,
                vocabulary,
            ) else {
                return Ok(0);
            };
            self.count(
                searcher,
                self.with_filters(b.query, &req.filters).as_ref(),
                b.asks,
            )
        };
        let as_typed = count(&typed, false)?;
        let found = count(&better, true)?;
        Ok(
            (found >= as_typed.max(1).saturating_mul(CLEARLY_MORE) || (as_typed == 0 && found > 0))
                .then_some(better),
        )
    }

    /// Whether the index holds a stem nowhere or only in a handful of documents.
    fn is_rare(&self, searcher: &Searcher, stem: &str) -> bool {
        self.vocabulary(searcher).doc_freq(stem) <= rare_at_most(searcher.num_docs())
    }

    /// The words of the text fields: titles, headings and extra text walked first, the text
    /// itself after.
    fn vocabulary<'s>(&self, searcher: &'s Searcher) -> IndexVocabulary<'s> {
        let f = &self.fields;
        IndexVocabulary::new(searcher, vec![f.title, f.headings, f.extra], vec![f.body])
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
            escape(&lead(&excerpt, SNIPPET_CHARS))
        } else {
            let frag = snippet.fragment();
            let mut out = String::new();
            // A fragment that does not start or end with the text says so with "…".
            let starts = excerpt.starts_with(frag.trim_start());
            let ends = excerpt.trim_end().ends_with(frag.trim_end());
            if !starts {
                out.push('…');
            }
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
            let mut out = out.trim().to_owned();
            if !ends {
                out.push('…');
            }
            out
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
                // Titles near the word's stem, and titles holding a stem the word may stand
                // for (a typo in the ending keeps the stemmer from taking it off).
                let title = |t: &str| Term::from_field_text(self.fields.title, t);
                let mut any: Vec<(Occur, Box<dyn Query>)> = vec![(
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new(title(&a.stem), 2, true)),
                )];
                let vocabulary = self.vocabulary(searcher);
                // A spelling worth offering is one that more than one document uses.
                for stem in vocabulary.near(a, 2, 3, 2) {
                    any.push((
                        Occur::Should,
                        Box::new(TermQuery::new(title(&stem), IndexRecordOption::Basic)),
                    ));
                }
                let q = BooleanQuery::new(any);
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

/// The start of a text up to `max` characters, cut after a whole word, with "…" when cut.
pub fn lead(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let cut = &text[..end];
    let at = cut
        .rfind(char::is_whitespace)
        .filter(|&i| i > 0)
        .unwrap_or(end);
    format!(
        "{}…",
        cut[..at].trim_end_matches([',', ';', ':', ' ', '–', '-'])
    )
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
