//! German normalisation: the spellings people use for the same word become one form.
//! ä/ae → a, ö/oe → o, ü/ue → u (but not "ue" after a vowel or q, as in "Treue", "Quelle"),
//! ß → ss, and common Latin diacritics are removed (é → e). The rules follow the German2 Snowball
//! variant that Lucene's GermanNormalizationFilter also implements; applied to index and query
//! alike, "Förderung", "Foerderung" and "Forderung" meet, as do "Straße" and "Strasse".

#[derive(Clone, Copy, PartialEq)]
enum State {
    /// After a consonant or at the start.
    Plain,
    /// After a vowel that cannot start an umlaut spelling.
    Vowel,
    /// After an a, o or u that an "e" would turn into an umlaut spelling.
    Umlaut,
}

/// Lowercases and folds one word (or any text; non-letters pass through unchanged).
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut state = State::Plain;
    for upper in word.chars() {
        for c in upper.to_lowercase() {
            state = push(&mut out, c, state);
        }
    }
    out
}

/// The plain letters a character stands for (itself for most).
fn base(c: char) -> Option<&'static str> {
    Some(match c {
        'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => "a",
        'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
        'ü' | 'ù' | 'ú' | 'û' => "u",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ß' => "ss",
        'ç' => "c",
        'ñ' => "n",
        _ => return None,
    })
}

fn push(out: &mut String, c: char, state: State) -> State {
    match base(c) {
        Some(letters) => letters.chars().fold(state, |s, b| step(out, b, s)),
        None => step(out, c, state),
    }
}

/// One plain character. The state depends only on what was written so far (a dropped "e"
/// leaves it unchanged), which makes folding idempotent: folding a folded word changes nothing.
fn step(out: &mut String, c: char, state: State) -> State {
    match c {
        'a' | 'o' => {
            out.push(c);
            State::Umlaut
        }
        'u' => {
            out.push('u');
            if state == State::Plain {
                State::Umlaut
            } else {
                State::Vowel
            }
        }
        // "ae", "oe", "ue" spell an umlaut: the e goes.
        'e' if state == State::Umlaut => state,
        'e' | 'i' | 'y' | 'q' => {
            out.push(c);
            State::Vowel
        }
        other => {
            out.push(other);
            State::Plain
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn umlaut_spellings_fold_to_one_form() {
        for (a, b) in [
            ("Förderung", "Foerderung"),
            ("Straße", "Strasse"),
            ("Bürger", "Buerger"),
            ("Ärzte", "Aerzte"),
            ("GRÖSSE", "größe"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} / {b}");
        }
    }

    #[test]
    fn ue_after_a_vowel_or_q_is_not_an_umlaut() {
        assert_eq!(fold("Quelle"), "quelle");
        assert_eq!(fold("Treue"), "treue");
        assert_eq!(fold("Frau"), "frau");
    }

    #[test]
    fn folding_is_idempotent_on_many_random_words() {
        use rand::{Rng, SeedableRng};
        let alphabet: Vec<char> = "aeiouäöüßqyAEÖÜbcdstnrlé-1 ".chars().collect();
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..20_000 {
            let len = rng.random_range(0..14);
            let w: String = (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            let once = fold(&w);
            assert_eq!(fold(&once), once, "not idempotent for {w:?}");
        }
    }
}
