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

    /// The path prefix of this language ("" or "/en").
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::De => "",
            Lang::En => "/en",
        }
    }
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

    #[test]
    fn every_message_used_in_templates_and_code_exists() {
        let i18n = I18n::load();
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/templates"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src/pages"),
        ];
        let mut used = Vec::new();
        for dir in dirs {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for call in [".t(\"", ".t1(\"", ".t2(\""] {
                    for part in text.split(call).skip(1) {
                        if let Some(end) = part.find('"') {
                            used.push((path.display().to_string(), part[..end].to_owned()));
                        }
                    }
                }
            }
        }
        assert!(used.len() > 30, "found only {} uses", used.len());
        for (file, key) in used {
            if key.contains(' ') || key.is_empty() {
                continue;
            }
            assert!(i18n.has(Lang::De, &key), "{file}: {key} missing in de.ftl");
            assert!(i18n.has(Lang::En, &key), "{file}: {key} missing in en.ftl");
        }
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
