//! Markdown to HTML for content texts. Raw HTML in the source is shown as text, never passed
//! through, so content can never inject markup or scripts; headings are shifted below the
//! page's own h1/h2 so the outline stays correct (WCAG 1.3.1).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

fn shift(level: HeadingLevel, by: usize) -> HeadingLevel {
    let n = (level as usize + by).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

/// Renders Markdown to safe HTML; headings start at `h{top}`.
pub fn render(src: &str, top: usize) -> String {
    let by = top.saturating_sub(1);
    let parser =
        Parser::new_ext(src, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|ev| {
            match ev {
                Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => Event::Start(Tag::Heading {
                    level: shift(level, by),
                    id,
                    classes,
                    attrs,
                }),
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level, by))),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    // Images from other hosts would be third-party requests; show their address as a link.
                    if dest_url.starts_with('/') {
                        Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })
                    } else {
                        Event::Text(CowStr::from(format!("[{dest_url}]")))
                    }
                }
                other => other,
            }
        });
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// Markdown reduced to plain text (for meta descriptions and summaries).
pub fn plain(src: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new(src) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped_not_passed_through() {
        let out = render("Hallo <script>alert(1)</script> *Welt*", 1);
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;"));
        assert!(out.contains("<em>Welt</em>"));
    }

    #[test]
    fn headings_are_shifted_below_the_page_heading() {
        assert!(render("# Titel", 3).contains("<h3>Titel</h3>"));
        assert!(render("#### Tief", 4).contains("<h6>Tief</h6>"));
    }

    #[test]
    fn images_from_other_hosts_are_not_embedded() {
        let out = render("![x](https://example.org/a.png)", 1);
        assert!(!out.contains("<img"), "{out}");
    }
}
