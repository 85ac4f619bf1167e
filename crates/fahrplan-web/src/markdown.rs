//! Markdown to HTML for content texts and for participants' contributions. Raw HTML in the
//! source is shown as text, never passed through, so neither can inject markup or scripts; a link
//! stays a link only when its target is a web address or a path on this site
//! ([`fahrplan_domain::link::is_safe_link`]), the same check for content files and participants;
//! headings are moved so that the text's highest heading sits at the level the page asks for, and
//! the outline never skips a level (WCAG 1.3.1), whichever level the author started with.

use fahrplan_domain::link;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

fn shift(level: HeadingLevel, by: isize) -> HeadingLevel {
    let n = (level as isize + by).clamp(1, 6);
    HeadingLevel::try_from(n.unsigned_abs()).unwrap_or(HeadingLevel::H6)
}

/// Drops the start and end of every link whose target is not safe, so that its text stays as
/// plain text (`javascript:`, `data:`, `vbscript:`, another host behind `//` or `/\`).
#[derive(Default)]
struct Links {
    /// For each open link, whether it was dropped.
    dropped: Vec<bool>,
}

impl Links {
    /// Whether event `ev` stays.
    fn keep(&mut self, ev: &Event<'_>) -> bool {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let ok = link::is_safe_link(dest_url);
                self.dropped.push(!ok);
                ok
            }
            Event::End(TagEnd::Link) => !self.dropped.pop().unwrap_or(false),
            _ => true,
        }
    }
}

/// Renders Markdown to safe HTML; the text's highest heading becomes `h{top}`.
pub fn render(src: &str, top: usize) -> String {
    render_shifted(src, shift_for(src, top))
}

/// How many levels `render` moves the headings of `src` so that its highest is `h{top}`; the
/// blocks of one text rendered one by one use the whole text's shift.
pub fn shift_for(src: &str, top: usize) -> isize {
    let highest = Parser::new_ext(src, OPTIONS)
        .filter_map(|ev| match ev {
            Event::Start(Tag::Heading { level, .. }) => Some(level as isize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    top.cast_signed() - highest
}

/// Renders Markdown to safe HTML with every heading moved `by` levels.
pub fn render_shifted(src: &str, by: isize) -> String {
    let mut links = Links::default();
    let parser = Parser::new_ext(src, OPTIONS)
        .filter(move |ev| links.keep(ev))
        .map(|ev| {
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
                    // Images from other hosts would be third-party requests; show their address as text.
                    if link::is_site_path(&dest_url) {
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
    let events: Vec<Event<'_>> = parser.collect();
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, wrap_tables(events).into_iter());
    out
}

/// Puts every table in a container that scrolls on its own, so a wide table never makes the page
/// scroll sideways (WCAG 1.4.10). The container is a region named after the table's column
/// headings that takes the focus, so it can be scrolled by keyboard (WCAG 2.1.1).
fn wrap_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len() + 4);
    for (i, ev) in events.iter().enumerate() {
        match ev {
            Event::Start(Tag::Table(_)) => {
                let label = column_headings(&events[i..]);
                let open = if label.is_empty() {
                    "<div class=\"table-wrap\">\n".to_owned()
                } else {
                    format!(
                        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                        attribute(&label)
                    )
                };
                out.push(Event::Html(CowStr::from(open)));
                out.push(ev.clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(ev.clone());
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// The text of a table's head row, cells joined by commas (`events` starts at the table).
fn column_headings(events: &[Event<'_>]) -> String {
    let mut cells: Vec<String> = Vec::new();
    let mut in_head = false;
    for ev in events {
        match ev {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => break,
            Event::Start(Tag::TableCell) if in_head => cells.push(String::new()),
            Event::Text(t) | Event::Code(t) if in_head => {
                if let Some(cell) = cells.last_mut() {
                    cell.push_str(t);
                }
            }
            _ => {}
        }
    }
    let cells: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    cells.join(", ")
}

/// Escapes text for a double-quoted HTML attribute (and for element content).
pub fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Markdown written by participants as safe HTML: paragraphs, emphasis, lists, quotes, code and
/// links. Raw HTML shows as text, headings become paragraphs (the page owns the outline), images
/// become their address, unsafe links become text, and links carry `rel="nofollow ugc"`.
pub fn render_user(src: &str) -> String {
    let mut links = Links::default();
    let events = Parser::new_ext(src, Options::ENABLE_STRIKETHROUGH)
        .filter(move |ev| links.keep(ev))
        .filter_map(|ev| {
            Some(match ev {
                Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
                Event::Start(Tag::Heading { .. }) => Event::Start(Tag::Paragraph),
                Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Paragraph),
                Event::Start(Tag::Image { dest_url, .. }) => {
                    Event::Text(CowStr::from(format!("[{dest_url}] ")))
                }
                Event::End(TagEnd::Image) => return None,
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
        assert!(out.starts_with("<div class=\"table-wrap\""), "{out}");
        assert!(out.trim_end().ends_with("</table>\n</div>"), "{out}");
    }

    #[test]
    fn a_table_scrolls_in_a_focusable_region_named_after_its_column_headings() {
        let out = render(
            "| Feld 2016 | weitergeführt \"2021\" in |\n|---|---|\n| Breitband | Infrastruktur |\n",
            1,
        );
        assert!(
            out.starts_with(
                "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Feld 2016, weitergeführt &quot;2021&quot; in\">\n<table>"
            ),
            "{out}"
        );
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
    fn content_links_to_scripts_data_and_other_schemes_become_text() {
        for src in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](<java script:alert(1)>)",
            "[x](&#106;avascript:alert(1))",
            "[x](&#x6A;&#x61;vascript:alert(1))",
            "[x](java&#9;script:alert(1))",
            "[x](&#1;javascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](vbscript:msgbox(1))",
            "[x](VBScript:msgbox(1))",
            "[x][ref]\n\n[ref]: javascript:alert(1)",
            "<javascript:alert(1)>",
            "[x](//evil.example/)",
            "[x](/\\evil.example/)",
            "[x](/&#9;/evil.example/)",
        ] {
            let out = render(src, 1);
            assert!(!out.contains("<a"), "{src}: {out}");
            let user = render_user(src);
            assert!(!user.contains("<a"), "{src}: {user}");
        }
        let out = render("[Hessen](https://hessen.de) und [hier](/strategie/2021)", 1);
        assert!(
            out.contains("<a href=\"https://hessen.de\">Hessen</a>")
                && out.contains("<a href=\"/strategie/2021\">hier</a>"),
            "{out}"
        );
        assert!(render("[x](javascript:alert(1))", 1).contains("<p>x</p>"));
    }

    #[test]
    fn images_from_other_hosts_in_disguise_are_not_embedded() {
        for src in ["![x](//evil.example/a.png)", "![x](/\\evil.example/a.png)"] {
            let out = render(src, 1);
            assert!(!out.contains("<img"), "{src}: {out}");
        }
        assert!(
            render("![Karte](/static/karte.png)", 1).contains("<img src=\"/static/karte.png\"")
        );
    }

    #[test]
    fn images_from_other_hosts_are_not_embedded() {
        let out = render("![x](https://example.org/a.png)", 1);
        assert!(!out.contains("<img"), "{out}");
    }
}
