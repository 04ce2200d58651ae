//! The parties of the interactions a query matches, as accession codes: how a protein
//! search finds the proteins a TF regulates, those regulating a target, or those a
//! paper cites.
//!
//! Protein documents do not list their partners' identifiers or PubMed ids: the
//! interactions hold them already, and indexing them twice made a fifth of a build.
//! Going through the interactions also finds what either page of an interaction says,
//! where a protein's own table may be truncated.

use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// A party of an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Tf,
    Target,
}

impl Role {
    fn column(self) -> &'static str {
        match self {
            Role::Tf => "tf_code",
            Role::Target => "target_code",
        }
    }
}

/// The accession codes of the `roles` parties of every interaction `query` matches,
/// sorted and distinct.
pub fn codes(searcher: &Searcher, query: &dyn Query, roles: &[Role]) -> tantivy::Result<Arc<[u64]>> {
    Ok(searcher.search(query, &Parties { roles: roles.to_vec() })?.into())
}

struct Parties {
    roles: Vec<Role>,
}

struct SegmentParties {
    columns: Vec<Column<u64>>,
    codes: Vec<u64>,
}

impl Collector for Parties {
    type Fruit = Vec<u64>;
    type Child = SegmentParties;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentParties> {
        let mut columns = Vec::new();
        for role in &self.roles {
            // A segment of proteins only (an update's) has no such column.
            columns.extend(segment.fast_fields().column_opt::<u64>(role.column())?);
        }
        Ok(SegmentParties { columns, codes: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        let mut codes = fruits.concat();
        codes.sort_unstable();
        codes.dedup();
        Ok(codes)
    }
}

impl SegmentCollector for SegmentParties {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.codes.extend(self.columns.iter().filter_map(|column| column.first(doc)));
    }

    fn harvest(self) -> Vec<u64> {
        self.codes
    }
}
