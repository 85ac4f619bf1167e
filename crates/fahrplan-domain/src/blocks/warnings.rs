//! Writing warnings before a text is published: what makes it harder to read or to navigate with
//! assistive technology (EN 301 549 11.8 on authoring tools, BITV 2.0 § 3; WCAG 1.1.1, 1.3.1,
//! 2.4.4, 2.4.6). They are warnings for the editor, never reasons to refuse a text.

use super::sentences::{sentences, word_count};
use super::split::{OPTIONS, spans};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Link texts that say nothing about where the link leads (WCAG 2.4.4), compared lower-cased,
/// trimmed and without punctuation.
const VAGUE: &[&str] = &[
    "hier",
    "mehr",
    "klicken sie hier",
    "hier klicken",
    "weiter",
    "weiterlesen",
    "mehr lesen",
    "mehr erfahren",
    "mehr dazu",
    "link",
    "dieser link",
    "here",
    "more",
    "click here",
    "read more",
    "learn more",
    "this link",
];

/// The longest sentence in words that Leichte Sprache allows without a warning (rules of the
/// Netzwerk Leichte Sprache: short sentences, one statement each).
const LONGEST_SENTENCE: usize = 15;

/// The longest excerpt, in characters.
const EXCERPT: usize = 80;

/// What a warning is about. Serialised in snake_case, e.g. `"empty_heading"` or
/// `{"skipped_heading_level": {"from": 2, "to": 4}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A heading more than one level below the heading before it, e.g. `##` then `####`
    /// (WCAG 1.3.1: the outline skips a level).
    SkippedHeadingLevel {
        /// The level of the heading before.
        from: u8,
        /// The level of this heading.
        to: u8,
    },
    /// A heading without a letter or digit: empty, or markup and punctuation only (WCAG 2.4.6).
    EmptyHeading,
    /// An image without alternative text, `![](x.png)` (WCAG 1.1.1).
    ImageWithoutAlt,
    /// A link whose text alone does not say where it leads, such as "hier" (WCAG 2.4.4).
    VagueLinkText(String),
    /// A sentence of more than 15 words in a text in Leichte Sprache.
    LongSentence {
        /// How many words the sentence has.
        words: usize,
    },
}

/// A writing warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// The index of the block it is in, as [`split_blocks`](super::split_blocks) counts blocks.
    pub block: usize,
    /// At most 80 characters of the offending text.
    pub excerpt: String,
}

/// The writing warnings of a Markdown text, in the order of the text: skipped heading levels,
/// empty headings, images without alternative text, vague link texts and, when
/// `leichte_sprache` is true, sentences of more than 15 words. Every paragraph, heading, list
/// item and table cell is split into sentences on its own, so a heading or a list item without
/// a full stop is a sentence too.
pub fn writing_warnings(markdown: &str, leichte_sprache: bool) -> Vec<Warning> {
    let blocks: Vec<Range<usize>> = spans(markdown).into_iter().map(|s| s.range).collect();
    let mut w = Walk {
        markdown,
        blocks,
        leichte_sprache,
        out: Vec::new(),
        last_level: None,
        heading: None,
        link: None,
        image: None,
        unit: None,
        in_code: false,
    };
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => w.start_heading(level as u8, range),
            Event::End(TagEnd::Heading(_)) => w.end_heading(),
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                w.flush();
                w.unit = Some((range.start, String::new()));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => w.flush(),
            Event::Start(Tag::CodeBlock(_)) => w.in_code = true,
            Event::End(TagEnd::CodeBlock) => w.in_code = false,
            Event::Start(Tag::Link { .. }) => w.link = Some((range, String::new())),
            Event::End(TagEnd::Link) => w.end_link(),
            Event::Start(Tag::Image { .. }) => w.image = Some((range, String::new())),
            Event::End(TagEnd::Image) => w.end_image(),
            Event::Text(t) | Event::Code(t) if !w.in_code => w.text(&t),
            Event::SoftBreak | Event::HardBreak => w.text(" "),
            _ => {}
        }
    }
    w.flush();
    let mut out = w.out;
    out.sort_by_key(|w| w.block);
    out
}

/// The state of a walk over a text's events.
struct Walk<'a> {
    markdown: &'a str,
    /// The source ranges of the text's blocks, in order.
    blocks: Vec<Range<usize>>,
    leichte_sprache: bool,
    out: Vec<Warning>,
    /// The level of the last heading.
    last_level: Option<u8>,
    /// The open heading's source and text.
    heading: Option<(Range<usize>, String)>,
    /// The open link's source and text.
    link: Option<(Range<usize>, String)>,
    /// The open image's source and alternative text.
    image: Option<(Range<usize>, String)>,
    /// Where the open paragraph, heading, list item or table cell starts, and its text.
    unit: Option<(usize, String)>,
    in_code: bool,
}

impl Walk<'_> {
    fn warn(&mut self, kind: WarningKind, at: usize, text: &str) {
        let block = self
            .blocks
            .partition_point(|r| r.end <= at)
            .min(self.blocks.len().saturating_sub(1));
        self.out.push(Warning {
            kind,
            block,
            excerpt: excerpt(text),
        });
    }

    fn start_heading(&mut self, level: u8, range: Range<usize>) {
        self.flush();
        if let Some(from) = self.last_level
            && level > from + 1
        {
            let kind = WarningKind::SkippedHeadingLevel { from, to: level };
            self.warn(kind, range.start, &self.markdown[range.clone()]);
        }
        self.last_level = Some(level);
        self.unit = Some((range.start, String::new()));
        self.heading = Some((range, String::new()));
    }

    fn end_heading(&mut self) {
        if let Some((range, text)) = self.heading.take()
            && !text.chars().any(char::is_alphanumeric)
        {
            self.warn(
                WarningKind::EmptyHeading,
                range.start,
                &self.markdown[range],
            );
        }
        self.flush();
    }

    fn end_link(&mut self) {
        if let Some((range, text)) = self.link.take()
            && is_vague(&text)
        {
            let kind = WarningKind::VagueLinkText(text.trim().to_owned());
            self.warn(kind, range.start, &self.markdown[range]);
        }
    }

    fn end_image(&mut self) {
        let Some((range, alt)) = self.image.take() else {
            return;
        };
        if alt.trim().is_empty() {
            self.warn(
                WarningKind::ImageWithoutAlt,
                range.start,
                &self.markdown[range],
            );
        }
        // An image's alternative text names a heading or link it stands in, but is no sentence.
        for text in [self.heading.as_mut(), self.link.as_mut()]
            .into_iter()
            .flatten()
        {
            text.1.push_str(&alt);
        }
    }

    fn text(&mut self, t: &str) {
        if let Some((_, alt)) = self.image.as_mut() {
            alt.push_str(t);
            return;
        }
        for text in [self.heading.as_mut(), self.link.as_mut()]
            .into_iter()
            .flatten()
        {
            text.1.push_str(t);
        }
        if let Some((_, text)) = self.unit.as_mut() {
            text.push_str(t);
        }
    }

    /// Ends the open unit, checking its sentences' length in Leichte Sprache.
    fn flush(&mut self) {
        let Some((at, text)) = self.unit.take() else {
            return;
        };
        if !self.leichte_sprache {
            return;
        }
        for sentence in sentences(&text) {
            let words = word_count(&sentence);
            if words > LONGEST_SENTENCE {
                self.warn(WarningKind::LongSentence { words }, at, &sentence);
            }
        }
    }
}

/// Whether a link text is one of [`VAGUE`], ignoring case, punctuation and surrounding space.
fn is_vague(text: &str) -> bool {
    let normal: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let normal = normal.split_whitespace().collect::<Vec<_>>().join(" ");
    VAGUE.contains(&normal.as_str())
}

/// `text` on one line, cut to at most [`EXCERPT`] characters with an ellipsis.
fn excerpt(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= EXCERPT {
        return line;
    }
    let mut cut: String = line.chars().take(EXCERPT - 1).collect();
    cut.push('…');
    cut
}
