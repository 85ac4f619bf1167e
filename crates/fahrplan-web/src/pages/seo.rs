//! For search engines: `/sitemap.xml` with every public page and `/robots.txt`.

use super::super::cache::Cacheable;
use crate::WebState;
use crate::error::WebError;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use fahrplan_domain::paths;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /sitemap.xml`.
pub async fn show_sitemap(State(state): State<WebState>) -> Result<Response, WebError> {
    let v = state.app.sitemap_view().await?;
    let base = &state.config.base_url;
    let mut urls: Vec<(String, Option<String>)> = vec![(paths::START.into(), None)];
    for p in [
        paths::COMPARISON,
        paths::ORIGIN,
        paths::DEPARTMENTS,
        paths::IMPRESSUM,
        paths::PRIVACY,
        paths::ACCESSIBILITY,
        paths::EASY,
        paths::SIGN,
    ] {
        urls.push((p.into(), None));
    }
    for e in &v.editions {
        urls.push((paths::edition(&e.slug), Some(e.updated.to_string())));
    }
    for a in &v.areas {
        urls.push((
            paths::area(&a.edition, &a.doc.slug),
            Some(a.doc.updated.to_string()),
        ));
    }
    for g in &v.goals {
        urls.push((paths::goal(&g.goal.slug), None));
    }
    for m in &v.measures {
        urls.push((paths::measure(&m.measure.slug), None));
    }
    for d in &v.departments {
        urls.push((paths::department(&d.code), Some(d.updated.to_string())));
    }
    for p in v.pages.iter().filter(|p| !paths::is_legal_page(&p.slug)) {
        urls.push((paths::page(&p.slug), Some(p.updated.to_string())));
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(&format!("{base}{path}")));
        xml.push_str("</loc>");
        if let Some(d) = lastmod.filter(|d| d.len() == 10) {
            xml.push_str("<lastmod>");
            xml.push_str(&d);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    let mut res = xml.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    );
    res.extensions_mut().insert(Cacheable);
    res.extensions_mut()
        .insert(super::super::cache::CacheTags(v.tags()));
    Ok(res)
}

/// `GET /robots.txt`.
pub async fn show_robots(State(state): State<WebState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /api/\nDisallow: /suche\nDisallow: /en/suche\nSitemap: {}/sitemap.xml\n",
        state.config.base_url
    );
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}
