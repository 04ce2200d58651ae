//! A query that names itself in score explanations ("symbol \"gata1\"" rather than
//! Tantivy's "Const"), so `explain` tells a researcher why a hit matched.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, Score, SegmentReader, Term};

#[derive(Debug)]
pub struct Labelled {
    inner: Box<dyn Query>,
    label: String,
}

impl Clone for Labelled {
    fn clone(&self) -> Self {
        Labelled { inner: self.inner.box_clone(), label: self.label.clone() }
    }
}

impl Labelled {
    pub fn new(inner: Box<dyn Query>, label: String) -> Self {
        Labelled { inner, label }
    }
}

impl Query for Labelled {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(LabelledWeight { inner: self.inner.weight(enable_scoring)?, label: self.label.clone() }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct LabelledWeight {
    inner: Box<dyn Weight>,
    label: String,
}

impl Weight for LabelledWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.inner.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut explanation = Explanation::new_with_string(self.label.clone(), inner.value());
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}
