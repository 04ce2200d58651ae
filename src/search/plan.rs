//! A compiled query as a small tree of our own, before it becomes a Tantivy query.
//!
//! Every part of a query matches a whole term and scores a constant, so the
//! score of a document depends only on which terms it holds. Keeping that tree lets a
//! broad query be answered from bitsets ([`super::bitsets`]) instead of by visiting
//! every posting, with exactly the scores Tantivy would compute from [`Plan::to_query`].

use super::labelled::Labelled;
use super::partners::Documents;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhrasePrefixQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Score, Term};

#[derive(Debug)]
pub enum Plan {
    /// Documents holding `term`, each scoring `boost`; `label` names it in explanations.
    Term { term: Term, boost: Score, label: String },
    /// Documents holding a term of `field` that starts with `stem`, each scoring `boost`.
    Prefix { field: Field, stem: String, boost: Score, label: String },
    /// Documents chosen when the query was compiled, for the searcher it runs on (the
    /// proteins found through interactions, [`super::partners`]), each scoring `boost`.
    Documents { docs: Documents, boost: Score, label: String },
    /// Documents matching any part, scoring the best part's score.
    Max(Vec<Plan>),
    /// Documents matching any part, scoring the sum of the parts they match.
    Any(Vec<Plan>),
    /// Documents matching every part of `must` and none of `not`, scoring the sum of `must`.
    All { must: Vec<Plan>, not: Vec<Plan> },
    /// No document.
    Nothing,
}

impl Clone for Plan {
    fn clone(&self) -> Self {
        match self {
            Plan::Term { term, boost, label } => Plan::Term { term: term.clone(), boost: *boost, label: label.clone() },
            Plan::Prefix { field, stem, boost, label } => {
                Plan::Prefix { field: *field, stem: stem.clone(), boost: *boost, label: label.clone() }
            }
            Plan::Documents { docs, boost, label } => {
                Plan::Documents { docs: docs.clone(), boost: *boost, label: label.clone() }
            }
            Plan::Max(parts) => Plan::Max(parts.clone()),
            Plan::Any(parts) => Plan::Any(parts.clone()),
            Plan::All { must, not } => Plan::All { must: must.clone(), not: not.clone() },
            Plan::Nothing => Plan::Nothing,
        }
    }
}

impl Plan {
    /// The best of `parts`, without a needless level for zero or one part.
    pub fn max(mut parts: Vec<Plan>) -> Plan {
        match parts.len() {
            0 => Plan::Nothing,
            1 => parts.remove(0),
            _ => Plan::Max(parts),
        }
    }

    /// The Tantivy query that matches and scores exactly as this plan.
    pub fn to_query(&self) -> Box<dyn Query> {
        match self {
            Plan::Term { term, boost, label } => {
                let query = TermQuery::new(term.clone(), IndexRecordOption::Basic);
                Box::new(Labelled::new(Box::new(ConstScoreQuery::new(Box::new(query), *boost)), label.clone()))
            }
            Plan::Prefix { field, stem, boost, label } => {
                // One term: Tantivy reads every term of the range into one bitset; the
                // expansion cap is lifted, or totals would silently stop counting.
                let mut range = PhrasePrefixQuery::new(vec![Term::from_field_text(*field, stem)]);
                range.set_max_expansions(u32::MAX);
                Box::new(Labelled::new(Box::new(ConstScoreQuery::new(Box::new(range), *boost)), label.clone()))
            }
            Plan::Documents { docs, boost, label } => {
                Box::new(Labelled::new(Box::new(ConstScoreQuery::new(Box::new(docs.clone()), *boost)), label.clone()))
            }
            Plan::Max(parts) => Box::new(DisjunctionMaxQuery::new(parts.iter().map(Plan::to_query).collect())),
            Plan::Any(parts) => {
                Box::new(BooleanQuery::new(parts.iter().map(|p| (Occur::Should, p.to_query())).collect()))
            }
            Plan::All { must, not } => {
                let must = must.iter().map(|p| (Occur::Must, p.to_query()));
                Box::new(BooleanQuery::new(must.chain(not.iter().map(|p| (Occur::MustNot, p.to_query()))).collect()))
            }
            Plan::Nothing => Box::new(EmptyQuery),
        }
    }

    /// Calls `visit` on every term the plan matches directly (not inside prefixes).
    pub fn for_each_term(&self, visit: &mut impl FnMut(&Term)) {
        match self {
            Plan::Term { term, .. } => visit(term),
            Plan::Prefix { .. } | Plan::Documents { .. } | Plan::Nothing => {}
            Plan::Max(parts) | Plan::Any(parts) => parts.iter().for_each(|p| p.for_each_term(visit)),
            Plan::All { must, not } => must.iter().chain(not).for_each(|p| p.for_each_term(visit)),
        }
    }
}
