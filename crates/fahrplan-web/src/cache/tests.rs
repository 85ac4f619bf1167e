//! Tests of the page cache: what is kept, what a change drops, and what is never stored.

use super::*;

fn hm(v: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
    h
}

#[test]
fn accept_encoding_honours_zero_quality() {
    assert!(accepts(&hm("gzip, deflate, br"), "br"));
    assert!(!accepts(&hm("gzip, br;q=0"), "br"));
    assert!(accepts(&hm("gzip;q=0.5"), "gzip"));
    assert!(!accepts(&hm("identity"), "gzip"));
}

#[test]
fn compressed_forms_decompress_to_the_page() {
    let body = "<p>Digitale Infrastruktur</p>".repeat(50);
    let page = build(
        HeaderValue::from_static("text/html"),
        Bytes::from(body.clone()),
    );
    let mut out = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&page.gzip[..]), &mut out)
        .unwrap();
    assert_eq!(out, body);
    let mut br = Vec::new();
    brotli::BrotliDecompress(&mut &page.brotli[..], &mut br).unwrap();
    assert_eq!(String::from_utf8(br).unwrap(), body);
}

#[test]
fn a_page_rendered_before_an_invalidation_is_not_stored() {
    let cache = PageCache::default();
    let generation = cache.generation.load(Ordering::Acquire);
    cache.invalidate();
    cache.put(
        "/".into(),
        Arc::new(build(
            HeaderValue::from_static("text/html"),
            Bytes::from("x"),
        )),
        vec![ANY.to_owned()],
        generation,
    );
    assert!(cache.is_empty());
}
