//! What every page shares: language, messages, title, breadcrumbs, "Stand" and links; plus the
//! formatting of dates, money and status labels in the reader's language.

use crate::extract::Ctx;
use crate::{I18n, Lang, WebState};
use fahrplan_domain::{AreaKind, MeasureStatus, PartialDate, paths};
use std::sync::Arc;

/// One breadcrumb: label and link (the last one, the current page, has no link).
#[derive(Debug, Clone)]
pub struct Crumb {
    /// Label.
    pub label: String,
    /// Path without language prefix; empty for the current page.
    pub href: String,
    /// Whether the label is a title from the (German) content rather than an interface word,
    /// so that the English interface marks it `lang="de"` (WCAG 3.1.2).
    pub content: bool,
}

/// The frame of every page.
#[derive(Clone)]
pub struct Layout {
    /// Interface language.
    pub lang: Lang,
    i18n: Arc<I18n>,
    /// Name of the site.
    pub site_name: String,
    /// Whether the content is a demonstration (header and Impressum say so).
    pub demonstration: bool,
    /// Page title without the site name.
    pub title: String,
    /// Whether the title starts with "Fehler:" (a form re-rendered with errors).
    pub has_errors: bool,
    /// Path of the page without language prefix.
    pub path: String,
    base_url: String,
    /// Short description for search engines.
    pub description: String,
    /// When the content of the page last changed, in words.
    pub stand: Option<String>,
    /// Breadcrumbs after "Startseite".
    pub crumbs: Vec<Crumb>,
    /// The logged-in person, if any (logout form, warning before the session ends).
    pub account: Option<crate::session::HeaderAccount>,
    /// The editorial change this page previews, and that change's page.
    pub preview: Option<(i64, String)>,
    /// Our own scripts this page loads with `defer` (progressive enhancements: the page works
    /// without them), e.g. [`crate::routes::QUOTE_JS_PATH`].
    pub scripts: Vec<&'static str>,
}

impl Layout {
    /// A layout for `path` (without language prefix) titled `title`, with the request's
    /// language, header account and content facts.
    pub fn new(ctx: &Ctx, path: &str, title: String) -> Self {
        let mut l = Self::bare(&ctx.state, ctx.lang, path);
        l.title = title;
        l.demonstration = ctx.meta.as_ref().is_some_and(|m| m.demonstration);
        l.account = ctx.account.clone();
        l.preview = ctx.preview.clone();
        l
    }

    /// A layout without request context (error pages rendered outside the handlers): no
    /// account in the header, no demonstration notice.
    pub fn bare(state: &WebState, lang: Lang, path: &str) -> Self {
        Self {
            lang,
            i18n: state.i18n.clone(),
            site_name: state.config.site_name.clone(),
            demonstration: false,
            title: String::new(),
            has_errors: false,
            path: path.to_owned(),
            base_url: state.config.base_url.clone(),
            description: String::new(),
            stand: None,
            crumbs: Vec::new(),
            account: None,
            preview: None,
            scripts: Vec::new(),
        }
    }

    /// The idle expiry of the session as local time ("14:05"), for the warning.
    pub fn session_ends(&self) -> String {
        self.account
            .as_ref()
            .and_then(|a| jiff::Timestamp::from_second(a.idle_expires_at).ok())
            .map(|t| {
                t.in_tz("Europe/Berlin")
                    .map(|z| z.strftime("%H:%M").to_string())
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }

    /// Loads our script `src` (a path under `/static/`) once, with `defer`.
    pub fn script(&mut self, src: &'static str) {
        if !self.scripts.contains(&src) {
            self.scripts.push(src);
        }
    }

    /// Sets the title to an interface message.
    pub fn title_key(mut self, key: &str) -> Self {
        self.title = self.t(key);
        self
    }

    /// Adds a breadcrumb.
    pub fn crumb(mut self, label: impl Into<String>, href: impl Into<String>) -> Self {
        self.crumbs.push(Crumb {
            label: label.into(),
            href: href.into(),
            content: false,
        });
        self
    }

    /// Adds a breadcrumb whose label is a title from the content (in German).
    pub fn content_crumb(mut self, label: impl Into<String>, href: impl Into<String>) -> Self {
        self.crumbs.push(Crumb {
            label: label.into(),
            href: href.into(),
            content: true,
        });
        self
    }

    /// Sets "Stand".
    pub fn stand(mut self, date: PartialDate) -> Self {
        self.stand = Some(self.date(&date));
        self
    }

    /// Sets the description.
    pub fn describe(mut self, text: &str) -> Self {
        let mut d: String = text.chars().take(220).collect();
        if text.chars().count() > 220 {
            d.push('…');
        }
        self.description = d;
        self
    }

    /// A message.
    pub fn t(&self, key: &str) -> String {
        self.i18n.get(self.lang, key, &[])
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.i18n.get(self.lang, key, &[(name, &value.to_string())])
    }

    /// A message with two arguments.
    pub fn t2(
        &self,
        key: &str,
        n1: &str,
        v1: impl std::fmt::Display,
        n2: &str,
        v2: impl std::fmt::Display,
    ) -> String {
        self.i18n.get(
            self.lang,
            key,
            &[(n1, &v1.to_string()), (n2, &v2.to_string())],
        )
    }

    /// The `<title>`: "Fehler: " when the form has errors, then page title and site name.
    pub fn full_title(&self) -> String {
        let mut t = String::new();
        if self.has_errors {
            t.push_str(&self.t("error-prefix"));
            t.push_str(": ");
        }
        if self.title != self.site_name {
            t.push_str(&self.title);
            t.push_str(" – ");
        }
        t.push_str(&self.site_name);
        t
    }

    /// A link into the site in the reader's language.
    pub fn href(&self, path: impl AsRef<str>) -> String {
        match self.lang {
            Lang::De => path.as_ref().to_owned(),
            Lang::En => paths::english(path.as_ref()),
        }
    }

    /// This page in the other language.
    pub fn other_lang_href(&self) -> String {
        match self.lang {
            Lang::De => paths::english(&self.path),
            Lang::En => self.path.clone(),
        }
    }

    /// Language code of the other language.
    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::De => "en",
            Lang::En => "de",
        }
    }

    /// Absolute URL of this page in German (the canonical form) or English.
    pub fn absolute(&self, lang: Lang) -> String {
        let p = match lang {
            Lang::De => self.path.clone(),
            Lang::En => paths::english(&self.path),
        };
        format!("{}{}", self.base_url, p)
    }

    /// Canonical URL of this page.
    pub fn canonical(&self) -> String {
        self.absolute(self.lang)
    }

    /// German URL of this page.
    pub fn url_de(&self) -> String {
        self.absolute(Lang::De)
    }

    /// English URL of this page.
    pub fn url_en(&self) -> String {
        self.absolute(Lang::En)
    }

    /// A date in words.
    pub fn date(&self, d: &PartialDate) -> String {
        match self.lang {
            Lang::De => d.german(),
            Lang::En => d.english(),
        }
    }

    /// An amount of euros with grouped digits.
    pub fn euro(&self, amount: &i64) -> String {
        let digits = amount.unsigned_abs().to_string();
        let sep = match self.lang {
            Lang::De => '.',
            Lang::En => ',',
        };
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(sep);
            }
            grouped.push(c);
        }
        let sign = if *amount < 0 { "-" } else { "" };
        match self.lang {
            Lang::De => format!("{sign}{grouped} €"),
            Lang::En => format!("{sign}€{grouped}"),
        }
    }

    /// Label of a measure status.
    pub fn status(&self, s: &MeasureStatus) -> String {
        self.label(*s)
    }

    /// Label of an area kind.
    pub fn kind(&self, k: &AreaKind) -> String {
        self.label(*k)
    }

    /// Label of any wire value in the reader's language.
    pub fn label<L: crate::i18n::Labelled>(&self, value: L) -> String {
        self.i18n.label(self.lang, value)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn euros_are_grouped_in_thousands() {
        let state_less = |lang| {
            let grouped = |n: i64| {
                let l = super::Layout {
                    lang,
                    i18n: std::sync::Arc::new(crate::I18n::load()),
                    site_name: String::new(),
                    demonstration: false,
                    title: String::new(),
                    has_errors: false,
                    path: "/".into(),
                    base_url: String::new(),
                    description: String::new(),
                    stand: None,
                    crumbs: vec![],
                    account: None,
                    preview: None,
                    scripts: vec![],
                };
                l.euro(&n)
            };
            (grouped(40_000_000), grouped(950), grouped(1_000))
        };
        assert_eq!(
            state_less(crate::Lang::De),
            ("40.000.000 €".into(), "950 €".into(), "1.000 €".into())
        );
        assert_eq!(
            state_less(crate::Lang::En),
            ("€40,000,000".into(), "€950".into(), "€1,000".into())
        );
    }
}
