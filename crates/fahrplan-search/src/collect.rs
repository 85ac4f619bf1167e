//! Ranking beyond the text score: each hit's score is multiplied by the document's weight (so
//! a superseded edition comes after the current one at equal relevance), and hits below a
//! share of the best one are left out, so the list ends where relevance ends.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Wraps a collector: it sees weighted scores, and only those of at least `min`.
pub struct Ranked<C> {
    inner: C,
    min: Score,
}

impl<C> Ranked<C> {
    /// Every matching document, with its weighted score.
    pub fn all(inner: C) -> Self {
        Ranked { inner, min: 0.0 }
    }

    /// Only documents whose weighted score is at least `min`.
    pub fn at_least(min: Score, inner: C) -> Self {
        Ranked { inner, min }
    }
}

/// The segment part of [`Ranked`].
pub struct RankedSegment<S> {
    inner: S,
    weight: Option<Column<f64>>,
    min: Score,
}

impl<C: Collector> Collector for Ranked<C> {
    type Fruit = C::Fruit;
    type Child = RankedSegment<C::Child>;

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(RankedSegment {
            inner: self.inner.for_segment(ord, segment)?,
            weight: crate::ablation::on(crate::ablation::Mechanism::Weight)
                .then(|| segment.fast_fields().f64("weight").ok())
                .flatten(),
            min: self.min,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        self.inner.merge_fruits(fruits)
    }
}

impl<S: SegmentCollector> SegmentCollector for RankedSegment<S> {
    type Fruit = S::Fruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        let weight = self
            .weight
            .as_ref()
            .and_then(|w| w.first(doc))
            .unwrap_or(1.0);
        #[allow(
            clippy::cast_possible_truncation,
            reason = "weights are between 0 and 1"
        )]
        let weighted = score * weight as f32;
        if weighted >= self.min {
            self.inner.collect(doc, weighted);
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.inner.harvest()
    }
}
