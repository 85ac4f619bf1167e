//! Splitting German plain text into sentences for the Leichte Sprache check: a sentence ends at
//! `.`, `!` or `?` before a space or the end, but not at an abbreviation (`z. B.`, `Nr. 5`,
//! `bzw.`), an ordinal number (`3. Oktober`) or a full stop followed by a small letter.

/// Abbreviations that end in a full stop without ending a sentence, lower-cased, without their
/// last full stop. Single letters (`z.`, `B.`, `d.`, `h.`) and abbreviations with an inner full
/// stop (`z.B.`, `u.a.`, `e.V.`) are recognised without the list.
const ABBREVIATIONS: &[&str] = &[
    "abs", "allg", "art", "bd", "bes", "bspw", "bzgl", "bzw", "ca", "chr", "dr", "dt", "ebd",
    "einschl", "etc", "evtl", "ff", "gem", "ggf", "hrsg", "inkl", "insb", "jh", "kap", "lfd", "lt",
    "max", "min", "mind", "mio", "mrd", "mtl", "nr", "prof", "rd", "sog", "st", "std", "str",
    "tel", "tsd", "usf", "usw", "vgl", "vs", "ziff", "zzgl", "zzt",
];

/// Characters that may follow a sentence's final mark: closing quotes and brackets.
const CLOSING: &[char] = &['"', '\'', '”', '“', '’', '‘', '»', '«', ')', ']'];

/// The sentences of `text`, each with its words joined by single spaces.
pub(crate) fn sentences(text: &str) -> Vec<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        current.push(token);
        if ends_sentence(token, tokens.get(i + 1).copied()) {
            out.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// The number of words of a sentence: tokens with at least one letter or digit.
pub(crate) fn word_count(sentence: &str) -> usize {
    sentence
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .count()
}

/// Whether `token`, followed by `next`, ends a sentence.
fn ends_sentence(token: &str, next: Option<&str>) -> bool {
    let core = token.trim_end_matches(CLOSING);
    if core.ends_with(['!', '?']) {
        return true;
    }
    if !core.ends_with(['.', '…']) {
        return false;
    }
    let stem = core
        .trim_end_matches(['.', '…'])
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some(next) = next else {
        return true;
    };
    if stem.is_empty() || !stem.chars().any(char::is_alphanumeric) {
        return false;
    }
    // German sentences start with a capital letter: a small letter or a number after a full
    // stop continues the sentence ("ca. zehn", "Nr. 5").
    let starts_small = next
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_none_or(|c| c.is_lowercase() || c.is_numeric());
    !(starts_small || is_abbreviation(stem) || is_ordinal(stem))
}

/// `z`, `B`, `z.B`, `u.a`, `bzw`, `Nr`: an abbreviation, not the last word of a sentence.
fn is_abbreviation(stem: &str) -> bool {
    let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
    let single_letter = letters == 1 && stem.chars().count() == 1;
    let inner_stop = stem.contains('.') && stem.chars().any(char::is_alphabetic);
    single_letter || inner_stop || ABBREVIATIONS.contains(&stem.to_lowercase().as_str())
}

/// `3`, `1.000`: a number before a full stop is an ordinal in German ("am 3. Oktober").
fn is_ordinal(stem: &str) -> bool {
    stem.chars().all(|c| c.is_ascii_digit() || c == '.')
}
