//! Search quality on the law corpus, in process (the HTTP benchmark is bench/search.sh):
//! `cargo run --release -p fahrplan-search --example eval -- CORPUS.jsonl.gz QUERIES.jsonl`
//! prints MRR@10 and S@10 per query category, latency and indexing time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a development tool"
)]

use fahrplan_search::{SearchDoc, SearchIndex, SearchRequest, Synonyms, markdown_headings};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let corpus = args.get(1).expect("corpus path");
    let queries = args.get(2).expect("queries path");
    // EVAL_INDEX_DIR keeps the index between runs (indexing is skipped when it is filled).
    let tmp = tempfile::tempdir().unwrap();
    let dir =
        std::env::var("EVAL_INDEX_DIR").map_or(tmp.path().to_owned(), std::path::PathBuf::from);
    let index = SearchIndex::open(&dir).unwrap();
    let started = Instant::now();
    let skip = !index.is_empty();
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(
        std::fs::File::open(corpus).unwrap(),
    ));
    let mut batch = Vec::new();
    let mut n = 0;
    for line in reader.lines().take(if skip { 0 } else { usize::MAX }) {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        let (title, abbr, body) = (s("title"), s("abbr"), s("body"));
        let title = if abbr.is_empty() || title.contains(&abbr) {
            title
        } else {
            format!("{title} ({abbr})")
        };
        batch.push(SearchDoc {
            kind: "document".into(),
            id: s("id"),
            title,
            headings: markdown_headings(&body),
            body,
            url: String::new(),
            facets: Vec::new(),
            ..SearchDoc::default()
        });
        n += 1;
        if batch.len() == 500 {
            index.upsert(&batch).unwrap();
            batch.clear();
        }
    }
    index.upsert(&batch).unwrap();
    index.commit(1).unwrap();
    println!(
        "indexed {n} documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let synonyms = Synonyms::new(&Synonyms::defaults());
    let mut by_cat: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    // Warm up: the dictionary is built on first use.
    let _ = index.search(
        &SearchRequest {
            q: "Gesetz".into(),
            limit: 1,
            ..SearchRequest::default()
        },
        &synonyms,
    );
    let mut times = Vec::new();
    let mut slow: Vec<(f64, String, usize)> = Vec::new();
    let verbose = std::env::var("EVAL_VERBOSE").is_ok();
    for line in std::fs::read_to_string(queries).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (q, target, cat) = (
            v["q"].as_str().unwrap(),
            v["target"].as_str().unwrap(),
            v["cat"].as_str().unwrap(),
        );
        let t = Instant::now();
        let limit = std::env::var("EVAL_LIMIT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10);
        let req = SearchRequest {
            q: q.into(),
            limit,
            ..SearchRequest::default()
        };
        let r = index.search(&req, &synonyms).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        slow.push((t.elapsed().as_secs_f64() * 1000.0, q.to_owned(), r.total));
        let rank = r.hits.iter().position(|h| h.id == target);
        let e = by_cat.entry(cat.to_owned()).or_default();
        e.0 += rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0));
        e.1 += if rank.is_some() { 1.0 } else { 0.0 };
        e.2 += 1;
        if verbose && rank != Some(0) {
            let top: Vec<&str> = r.hits.iter().take(3).map(|h| h.id.as_str()).collect();
            println!("  {cat:9} {q:40} → {target} at {rank:?}; top {top:?}");
        }
    }
    times.sort_by(f64::total_cmp);
    slow.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, q, total) in slow.iter().take(8) {
        println!("slow: {ms:6.1} ms  {total:5} hits  {q}");
    }
    let (mut mrr, mut s10, mut count) = (0.0, 0.0, 0);
    for (cat, (m, s, c)) in &by_cat {
        println!(
            "{cat:10} MRR@10 {:.3}  S@10 {:.3}  ({c})",
            m / *c as f64,
            s / *c as f64
        );
        mrr += m;
        s10 += s;
        count += c;
    }
    println!(
        "{:10} MRR@10 {:.3}  S@10 {:.3}  ({count})",
        "all",
        mrr / count as f64,
        s10 / count as f64
    );
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    println!(
        "latency in process: p50 {:.2} ms  p99 {:.2} ms",
        pct(0.5),
        pct(0.99)
    );
}
