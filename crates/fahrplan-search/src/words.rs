//! The words of a query as one tantivy query: any word may match and the scores add up; hits
//! that hold all (or all but one) of the covering words get a bonus; and where the query has
//! common words, a hit must hold a word that opens it. One scorer per segment walks every
//! word's postings once, where a `BooleanQuery` for the bonus tiers would walk (and look up in
//! every segment's term dictionary) each word again per tier.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// One word of a query (or adjacent words read as one) and what it counts for.
#[derive(Debug)]
pub struct Word {
    /// What finds the word.
    pub query: Box<dyn Query>,
    /// It counts for the coverage bonus.
    pub covers: bool,
    /// A hit that holds it may be an answer when the query is gated.
    pub opens: bool,
}

impl Clone for Word {
    fn clone(&self) -> Self {
        Word {
            query: self.query.box_clone(),
            covers: self.covers,
            opens: self.opens,
        }
    }
}

/// The words of a query (see the module documentation).
#[derive(Clone, Debug)]
pub struct Words {
    words: Vec<Word>,
    /// For each bonus tier, how many covering words a hit must hold.
    tiers: Vec<usize>,
    /// Weight of each tier's bonus: that many times the covering words' scores.
    cover: Score,
    /// A hit must hold a word that opens it.
    gated: bool,
}

impl Words {
    /// The words with their bonus tiers (least covering words per tier), the bonus weight and
    /// the gate.
    pub fn new(words: Vec<Word>, tiers: Vec<usize>, cover: Score, gated: bool) -> Self {
        Words {
            words,
            tiers,
            cover,
            gated,
        }
    }
}

/// What a word counts for, in a scorer.
#[derive(Clone, Copy)]
struct Counts {
    covers: bool,
    opens: bool,
}

impl Query for Words {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .words
            .iter()
            .map(|w| {
                let counts = Counts {
                    covers: w.covers,
                    opens: w.opens,
                };
                Ok((w.query.weight(scoring)?, counts))
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(WordsWeight {
            weights,
            tiers: self.tiers.clone(),
            cover: self.cover,
            gated: self.gated,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for w in &self.words {
            w.query.query_terms(visitor);
        }
    }
}

struct WordsWeight {
    weights: Vec<(Box<dyn Weight>, Counts)>,
    tiers: Vec<usize>,
    cover: Score,
    gated: bool,
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let children = self
            .weights
            .iter()
            .map(|(w, counts)| Ok((w.scorer(reader, boost)?, *counts)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut scorer = WordsScorer {
            children,
            doc: 0,
            tiers: self.tiers.clone(),
            cover: self.cover,
            gated: self.gated,
        };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "words with coverage bonus",
            scorer.score(),
        ))
    }
}

struct WordsScorer {
    /// Each word's scorer and what it counts for.
    children: Vec<(Box<dyn Scorer>, Counts)>,
    doc: DocId,
    tiers: Vec<usize>,
    cover: Score,
    gated: bool,
}

impl WordsScorer {
    /// Moves to the first document at or after the children's current ones that is a hit.
    fn settle(&mut self) -> DocId {
        loop {
            let doc = self
                .children
                .iter()
                .map(|(s, ..)| s.doc())
                .min()
                .unwrap_or(TERMINATED);
            let open = !self.gated || self.children.iter().any(|(s, c)| c.opens && s.doc() == doc);
            if doc == TERMINATED || open {
                self.doc = doc;
                return doc;
            }
            for (s, ..) in &mut self.children {
                if s.doc() == doc {
                    s.advance();
                }
            }
        }
    }
}

impl DocSet for WordsScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        if doc == TERMINATED {
            return TERMINATED;
        }
        for (s, ..) in &mut self.children {
            if s.doc() == doc {
                s.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (s, ..) in &mut self.children {
            if s.doc() < target {
                s.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.children
            .iter()
            .map(|(s, ..)| s.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for WordsScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let (mut all, mut covering, mut covered) = (0.0, 0.0, 0);
        for (s, c) in &mut self.children {
            if s.doc() == doc {
                let score = s.score();
                all += score;
                if c.covers {
                    covering += score;
                    covered += 1;
                }
            }
        }
        let tiers = self.tiers.iter().filter(|&&m| covered >= m).count();
        #[allow(clippy::cast_precision_loss, reason = "at most a few tiers")]
        let bonus = self.cover * tiers as Score * covering;
        all + bonus
    }
}
