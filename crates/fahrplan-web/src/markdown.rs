//! Markdown to HTML for content texts. Raw HTML in the source is shown as text, never passed
//! through, so content can never inject markup or scripts; headings are moved so that the text's
//! highest heading sits at the level the page asks for, and the outline never skips a level
//! (WCAG 1.3.1), whichever level the author started with.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

fn shift(level: HeadingLevel, by: isize) -> HeadingLevel {
    let n = (level as isize + by).clamp(1, 6);
    HeadingLevel::try_from(n.unsigned_abs()).unwrap_or(HeadingLevel::H6)
}

/// Renders Markdown to safe HTML; the text's highest heading becomes `h{top}`.
pub fn render(src: &str, top: usize) -> String {
    let highest = Parser::new_ext(src, OPTIONS)
        .filter_map(|ev| match ev {
            Event::Start(Tag::Heading { level, .. }) => Some(level as isize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let by = top.cast_signed() - highest;
    let parser = Parser::new_ext(src, OPTIONS).map(|ev| {
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
    // Tables sit in a container that scrolls on its own, so a narrow screen never scrolls sideways.
    let parser = parser.flat_map(|ev| match ev {
        Event::Start(Tag::Table(_)) => {
            vec![
                Event::Html(CowStr::from("<div class=\"table-wrap\">\n")),
                ev,
            ]
        }
        Event::End(TagEnd::Table) => vec![ev, Event::Html(CowStr::from("</div>\n"))],
        other => vec![other],
    });
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// Whether a link written by a participant may stay a link: web addresses and paths on this
/// site, not `javascript:`, `data:` or other schemes.
fn safe_link(dest: &str) -> bool {
    let lower = dest.trim_start().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with('/') && !lower.starts_with("//"))
}

/// Markdown written by participants as safe HTML: paragraphs, emphasis, lists, quotes, code and
/// links. Raw HTML shows as text, headings become paragraphs (the page owns the outline), images
/// become their address, unsafe links become text, and links carry `rel="nofollow ugc"`.
pub fn render_user(src: &str) -> String {
    let mut in_bad_link = Vec::new();
    let events = Parser::new_ext(src, Options::ENABLE_STRIKETHROUGH).filter_map(|ev| {
        Some(match ev {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Start(Tag::Heading { .. }) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Image { dest_url, .. }) => {
                in_bad_link.push(true);
                Event::Text(CowStr::from(format!("[{dest_url}] ")))
            }
            Event::End(TagEnd::Image) => {
                in_bad_link.pop();
                return None;
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let ok = safe_link(dest_url);
                in_bad_link.push(!ok);
                if ok {
                    ev
                } else {
                    return None;
                }
            }
            Event::End(TagEnd::Link) => {
                if in_bad_link.pop().unwrap_or(false) {
                    return None;
                }
                ev
            }
            other => other,
        })
    });
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, events);
    // Raw HTML never reaches the output, so every `<a href` here was written by the renderer.
    out.replace("<a href=", "<a rel=\"nofollow ugc\" href=")
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
    fn tables_are_wrapped_in_a_scroll_container() {
        let out = render("| a | b |\n|---|---|\n| 1 | 2 |\n", 1);
        assert!(
            out.starts_with("<div class=\"table-wrap\">\n<table>"),
            "{out}"
        );
        assert!(out.trim_end().ends_with("</table>\n</div>"), "{out}");
    }

    #[test]
    fn raw_html_is_escaped_not_passed_through() {
        let out = render("Hallo <script>alert(1)</script> *Welt*", 1);
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;"));
        assert!(out.contains("<em>Welt</em>"));
    }

    #[test]
    fn the_highest_heading_of_a_text_lands_on_the_level_the_page_asks_for() {
        assert!(render("# Titel", 3).contains("<h3>Titel</h3>"));
        assert!(render("#### Tief", 4).contains("<h4>Tief</h4>"));
        let out = render("## Teil\n\n### Abschnitt", 2);
        assert!(
            out.contains("<h2>Teil</h2>") && out.contains("<h3>Abschnitt</h3>"),
            "{out}"
        );
        assert!(render("# A\n\n#### B", 5).contains("<h6>B</h6>"));
    }

    #[test]
    fn participants_markdown_keeps_text_and_safe_links_only() {
        let out = render_user(
            "# Titel\n\n<img src=x onerror=alert(1)> [gut](https://hessen.de) [böse](javascript:alert(1)) ![b](https://x.org/a.png)",
        );
        assert!(!out.contains("<h1"), "{out}");
        assert!(out.contains("<p>Titel</p>"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{out}");
        assert!(
            out.contains("<a rel=\"nofollow ugc\" href=\"https://hessen.de\">gut</a>"),
            "{out}"
        );
        assert!(!out.contains("javascript:"), "{out}");
        assert!(out.contains("böse"), "{out}");
        assert!(out.contains("[https://x.org/a.png]"), "{out}");
    }

    #[test]
    fn images_from_other_hosts_are_not_embedded() {
        let out = render("![x](https://example.org/a.png)", 1);
        assert!(!out.contains("<img"), "{out}");
    }
}
