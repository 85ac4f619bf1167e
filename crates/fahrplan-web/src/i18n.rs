//! Interface messages from Fluent files: German complete, English for the interface. Content
//! stays in the language it was written in.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// German, the default, at `/`.
    De,
    /// English, at `/en/`.
    En,
}

impl Lang {
    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The language of a page by its address: `/en` and everything below it is English, the
    /// rest German. The one place that decides it.
    pub fn of_path(path: &str) -> Self {
        if path == "/en" || path.starts_with("/en/") {
            Lang::En
        } else {
            Lang::De
        }
    }

    /// The path prefix of this language ("" or "/en").
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::De => "",
            Lang::En => "/en",
        }
    }
}

/// A wire value whose label on a page is the Fluent message `{PREFIX}-{wire value}`, so labels
/// live in the message files only (the domain knows wire values, not words).
pub trait Labelled: Copy {
    /// The message family, e.g. `label-role`.
    const PREFIX: &'static str;
    /// The wire value (CONTRACTS.md).
    fn wire(self) -> &'static str;
    /// Every value, for the test that each has its message.
    fn all() -> &'static [Self];
    /// The message id of this value's label.
    fn label_key(self) -> String {
        format!("{}-{}", Self::PREFIX, self.wire())
    }
}

macro_rules! labelled {
    ($($t:ty => $prefix:literal),+ $(,)?) => {
        $(impl Labelled for $t {
            const PREFIX: &'static str = $prefix;
            fn wire(self) -> &'static str {
                self.as_str()
            }
            fn all() -> &'static [Self] {
                <$t>::ALL
            }
        })+
        /// Every message id a label can take, for the completeness test.
        #[cfg(test)]
        pub fn all_label_keys() -> Vec<String> {
            let mut out = Vec::new();
            $(out.extend(<$t>::ALL.iter().map(|v| v.label_key()));)+
            out
        }
    };
}

labelled! {
    fahrplan_domain::MeasureStatus => "status",
    fahrplan_domain::AreaKind => "kind",
    fahrplan_domain::EditionStatus => "label-edition-status",
    fahrplan_domain::PhaseKind => "label-phase",
    fahrplan_domain::Role => "label-role",
    fahrplan_domain::Allowance => "label-allowance",
    fahrplan_domain::ContributionKind => "label-contribution",
    fahrplan_domain::TargetKind => "label-target",
    fahrplan_domain::monitoring::Trajectory => "label-trajectory",
    fahrplan_domain::monitoring::Direction => "label-direction",
    fahrplan_domain::monitoring::KreisKind => "label-kreis-kind",
    fahrplan_domain::AssessmentRating => "label-assessment",
    fahrplan_domain::AnswerState => "label-answer",
}

/// German messages.
pub const DE_FTL: &str = include_str!("../i18n/de.ftl");
/// English messages.
pub const EN_FTL: &str = include_str!("../i18n/en.ftl");

/// Both bundles.
pub struct I18n {
    de: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: &str, src: &str) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    let res = FluentResource::try_new(src.to_owned()).unwrap_or_else(|(res, errors)| {
        tracing::error!(?errors, lang, "errors in message file");
        res
    });
    if let Err(errors) = b.add_resource(res) {
        tracing::error!(?errors, lang, "duplicate messages");
    }
    b
}

impl I18n {
    /// Loads the embedded message files.
    pub fn load() -> Self {
        Self {
            de: bundle("de", DE_FTL),
            en: bundle("en", EN_FTL),
        }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }

    /// The message `key` in `lang`, with arguments; the key itself if it is missing.
    pub fn get(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let b = self.bundle(lang);
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = lang.code(), "missing message");
            return key.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            // Whole numbers are numbers to Fluent, so plural variants ([one], [other]) apply.
            match v.parse::<u32>() {
                Ok(n) if !v.starts_with('0') || *v == "0" => fargs.set(*k, FluentValue::from(n)),
                _ => fargs.set(*k, FluentValue::String(Cow::Borrowed(v))),
            }
        }
        let mut errors = Vec::new();
        b.format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }

    /// The label of a wire value in `lang`.
    pub fn label<L: Labelled>(&self, lang: Lang, value: L) -> String {
        self.get(lang, &value.label_key(), &[])
    }

    /// Whether `key` exists in `lang`.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).has_message(key)
    }
}

#[cfg(test)]
/// Message ids defined in a Fluent source (lines of the form `id = …`).
pub fn message_ids(src: &str) -> Vec<String> {
    src.lines()
        .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" ="))
        .filter_map(|l| l.split(" =").next())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_english_define_the_same_messages() {
        let mut de = message_ids(DE_FTL);
        let mut en = message_ids(EN_FTL);
        de.sort();
        en.sort();
        let only_de: Vec<_> = de.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !de.contains(k)).collect();
        assert!(
            only_de.is_empty() && only_en.is_empty(),
            "only de: {only_de:?}, only en: {only_en:?}"
        );
        assert!(de.len() > 50);
    }

    /// Hyphenated lowercase literals in the sources that are not message ids: header names and
    /// values, slugs, form and error-type names. Every other such literal is a message id.
    const NOT_MESSAGES: &[&str] = &[
        "bad-request",
        "content-too-large",
        "cross-origin-opener-policy",
        "fahrplan-dummy-password",
        "fahrplan-mail",
        "method-not-allowed",
        "no-cache",
        "no-store",
        "not-found",
        "permissions-policy",
        "rat-fuer-digitalethik",
        "rate-limited",
        "request-timeout",
        "same-origin",
        "sec-fetch-site",
        "strict-origin-when-cross-origin",
        "too-long",
        "unsupported-media-type",
        "unterstuetzung-zurueck",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-forwarded-proto",
        "a11y-feedback",
    ];

    /// Families of ids built at run time (`format!("search-type-{kind}")`), with every value
    /// they take: the search hit types of CONTRACTS.md and the facet dimensions of the page.
    const FAMILIES: &[(&str, &[&str])] = &[
        (
            "search-type-",
            &[
                "edition",
                "area",
                "goal",
                "measure",
                "department",
                "page",
                "indicator",
                "process",
                "contribution",
                "document",
            ],
        ),
        ("search-facet-", &["type", "area", "status", "department"]),
    ];

    fn files(dir: &std::path::Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }

    /// Message ids a template looks up: `t("…")`, `t1("…"`, `t2("…"`, and literal arguments of
    /// macro calls in the places where the macro passes them to `l.t(…)`.
    fn template_uses(dir: &std::path::Path) -> Vec<(String, String)> {
        let mut paths = Vec::new();
        files(dir, "html", &mut paths);
        let texts: Vec<(String, String)> = paths
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
            .collect();
        // Which parameters each macro hands to l.t / l.t1 / l.t2.
        let mut translated: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (_, text) in &texts {
            for part in text.split("{% macro ").skip(1) {
                let (head, rest) = part.split_once(')').unwrap();
                let (name, params) = head.split_once('(').unwrap();
                let body = rest.split("{% endmacro %}").next().unwrap();
                let positions = params
                    .split(',')
                    .map(str::trim)
                    .enumerate()
                    .filter(|(_, p)| {
                        ["t(", "t1(", "t2("].iter().any(|call| {
                            body.contains(&format!("l.{call}{p})"))
                                || body.contains(&format!("l.{call}{p},"))
                        })
                    })
                    .map(|(i, _)| i)
                    .collect();
                translated.insert(name.trim().to_owned(), positions);
            }
        }
        let mut used = Vec::new();
        for (file, text) in &texts {
            for call in ["t(\"", "t1(\"", "t2(\""] {
                for part in text.split(call).skip(1) {
                    used.push((file.clone(), part[..part.find('"').unwrap()].to_owned()));
                }
            }
            for part in text.split("{% call ").skip(1) {
                let (head, _) = part.split_once(") %}").unwrap();
                let (name, args) = head.split_once('(').unwrap();
                let name = name.rsplit("::").next().unwrap();
                let args: Vec<&str> = args.split(',').map(str::trim).collect();
                for i in translated.get(name).into_iter().flatten() {
                    if let Some(lit) = args.get(*i).and_then(|a| a.strip_prefix('"')) {
                        let key = lit.trim_end_matches('"');
                        if !key.is_empty() {
                            used.push((format!("{file} ({name})"), key.to_owned()));
                        }
                    }
                }
            }
        }
        used
    }

    /// Message ids the Rust sources name: every hyphenated lowercase string literal outside
    /// tests, except those in [`NOT_MESSAGES`]. That catches ids however they are looked up
    /// (`t`, `title_key`, `titled`, notice tables, field error codes of the use cases).
    fn source_uses(dir: &std::path::Path) -> Vec<(String, String)> {
        let mut paths = Vec::new();
        files(dir, "rs", &mut paths);
        let mut used = Vec::new();
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap();
            let text = text.split("#[cfg(test)]").next().unwrap();
            for (i, part) in text.split('"').enumerate() {
                let literal = i % 2 == 1
                    && part.contains('-')
                    && part.starts_with(|c: char| c.is_ascii_lowercase())
                    && part.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                    })
                    && !part.ends_with('-');
                if literal && !NOT_MESSAGES.contains(&part) {
                    used.push((p.display().to_string(), part.to_owned()));
                }
            }
        }
        used
    }

    #[test]
    fn every_message_used_in_templates_and_code_exists() {
        let i18n = I18n::load();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = template_uses(&root.join("templates"));
        let from_templates = used.len();
        used.extend(source_uses(&root.join("src")));
        // The use cases name the messages of their field errors.
        used.extend(source_uses(&root.join("../fahrplan-app/src")));
        for (prefix, values) in FAMILIES {
            used.extend(
                values
                    .iter()
                    .map(|v| ("family".to_owned(), format!("{prefix}{v}"))),
            );
        }
        used.extend(
            all_label_keys()
                .into_iter()
                .map(|k| ("labels".to_owned(), k)),
        );
        assert!(
            from_templates > 100,
            "found only {from_templates} uses in templates"
        );
        assert!(used.len() > 300, "found only {} uses", used.len());
        let missing: Vec<_> = used
            .iter()
            .filter(|(_, key)| !i18n.has(Lang::De, key) || !i18n.has(Lang::En, key))
            .collect();
        assert!(missing.is_empty(), "messages missing: {missing:?}");
    }

    #[test]
    fn a_message_used_in_a_macro_argument_is_found() {
        let dir = tempfile_dir();
        std::fs::write(
            dir.join("t.html"),
            "{% macro input(l, name, label) %}{{ l.t(label) }}{% endmacro %}\n{% call m::input(l, \"x\", \"no-such-message\") %}",
        )
        .unwrap();
        let used = template_uses(&dir);
        assert_eq!(used.len(), 1, "{used:?}");
        assert_eq!(used[0].1, "no-such-message");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("fahrplan-i18n-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn arguments_are_filled_in() {
        let i18n = I18n::load();
        assert_eq!(
            i18n.get(Lang::De, "stand", &[("date", "1. Mai 2021")]),
            "Stand: 1. Mai 2021"
        );
        assert_eq!(
            i18n.get(Lang::En, "stand", &[("date", "1 May 2021")]),
            "Last changed: 1 May 2021"
        );
    }
}
