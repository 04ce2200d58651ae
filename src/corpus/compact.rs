//! The rows of a whole corpus, held compactly while a full build joins the two sides of
//! every interaction.
//!
//! A full build cannot write an interaction before both of its pages are read, so the
//! rows of every page wait in memory. As parsed (`String`s everywhere) they take about
//! 700 bytes each, millions of rows for TFLink; here each string is interned once and
//! a row is a dozen `u32`s. Pages themselves are written and dropped as they are read.

use super::interaction_key;
use crate::model::{Evidence, InteractionSides, Party, Protein, Row};
use lasso::{Key, RodeoResolver, Spur, ThreadedRodeo};
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::ops::Range;

/// One row of a page, keyed by the interaction it lists: (organism, TF, target).
struct Half {
    key: [u32; 3],
    /// [`FROM_TARGET_PAGE`], [`CURATED`] and the row's position on its page: with the
    /// key, unique, so that an unstable sort (in place, where a stable one allocates a
    /// copy of every row) still keeps each page's rows in the page's order.
    tag: u32,
    /// The partner ([`Compactor::pack_party`]) then the evidence lists
    /// ([`Compactor::pack_evidence`]).
    packed: Box<[u32]>,
}

/// The row is from the target's page (its `tfs`), not the TF's (`targets`).
const FROM_TARGET_PAGE: u32 = 1 << 31;
const CURATED: u32 = 1 << 30;

impl Half {
    fn on_tf_page(&self) -> bool {
        self.tag & FROM_TARGET_PAGE == 0
    }

    fn curated(&self) -> bool {
        self.tag & CURATED != 0
    }
}

/// What one page contributes to the join.
pub struct PageRows {
    accession: u32,
    header: Box<[u32]>,
    halves: Vec<Half>,
}

/// Compacts pages on any number of threads, interning every string once.
pub struct Compactor {
    /// Fx rather than SipHash: the keys are our own pages' short strings, hashed tens
    /// of millions of times in a build.
    strings: ThreadedRodeo<Spur, FxBuildHasher>,
}

impl Default for Compactor {
    fn default() -> Self {
        Compactor { strings: ThreadedRodeo::with_hasher(FxBuildHasher) }
    }
}

/// The compacted pages kept so far (those that won their accession).
#[derive(Default)]
pub struct Rows {
    headers: FxHashMap<u32, Box<[u32]>>,
    /// Per page: gathered into one vector at the join, once its size is known, rather
    /// than grown by doubling (millions of rows copied twice, fresh memory faulted in).
    halves: Vec<Vec<Half>>,
}

/// Marks a packed value that is a number written in place rather than an interned string.
const INLINE: u32 = 1 << 31;

/// `text` as a number to write in place: a decimal below [`INLINE`] that reads back as
/// the same text (no sign, no leading zero).
fn inline_number(text: &str) -> Option<u32> {
    let canonical =
        !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && (text == "0" || !text.starts_with('0'));
    if !canonical {
        return None;
    }
    text.parse::<u32>().ok().filter(|n| *n < INLINE)
}

impl Compactor {
    /// An interned string's id: below [`INLINE`] short of two billion distinct strings.
    fn id(&self, text: &str) -> u32 {
        self.strings.get_or_intern(text).into_usize() as u32
    }

    /// A list item: numbers (PubMed and gene ids, nearly all distinct) in place, since
    /// interning them would fill the interner with millions of one-off strings.
    fn item(&self, text: &str) -> u32 {
        inline_number(text).map_or_else(|| self.id(text), |n| n | INLINE)
    }

    fn list(&self, items: &[String], into: &mut Vec<u32>) {
        into.push(items.len() as u32);
        into.extend(items.iter().map(|s| self.item(s)));
    }

    /// Name (0 for none, else id + 1), accession, gene ids.
    fn pack_party(&self, party: &Party, into: &mut Vec<u32>) {
        into.push(party.name.as_deref().map_or(0, |n| self.id(n) + 1));
        into.push(self.id(&party.accession));
        self.list(&party.gene_ids, into);
    }

    fn pack_evidence(&self, evidence: &Evidence, into: &mut Vec<u32>) {
        self.list(&evidence.databases, into);
        self.list(&evidence.methods, into);
        self.list(&evidence.pubmed, into);
    }

    /// The header and rows of `page`, compacted.
    pub fn compact(&self, page: &Protein) -> PageRows {
        let (organism, own) = (self.id(&page.organism), self.id(&page.party.accession));
        let mut header = Vec::new();
        self.pack_party(&page.party, &mut header);
        let mut halves = Vec::with_capacity(page.targets.len() + page.tfs.len());
        for (rows, on_tf_page) in [(&page.targets, true), (&page.tfs, false)] {
            for (position, row) in rows.iter().enumerate() {
                let partner = self.id(&row.partner.accession);
                let key = if on_tf_page { [organism, own, partner] } else { [organism, partner, own] };
                // Sized exactly: the boxed slice then takes the vector's memory as it is.
                let evidence = &row.evidence;
                let lists = [&row.partner.gene_ids, &evidence.databases, &evidence.methods, &evidence.pubmed];
                let mut packed = Vec::with_capacity(2 + lists.iter().map(|l| 1 + l.len()).sum::<usize>());
                self.pack_party(&row.partner, &mut packed);
                self.pack_evidence(evidence, &mut packed);
                debug_assert_eq!(packed.len(), packed.capacity());
                let position = u32::try_from(position).ok().filter(|p| p & (FROM_TARGET_PAGE | CURATED) == 0);
                let position = position.expect("a page of fewer than a billion rows");
                let side = if on_tf_page { 0 } else { FROM_TARGET_PAGE };
                let tag = side | if row.evidence.curated { CURATED } else { 0 } | position;
                halves.push(Half { key, tag, packed: packed.into() });
            }
        }
        PageRows { accession: own, header: header.into(), halves }
    }
}

impl Rows {
    /// Adds a page that won its accession.
    pub fn add(&mut self, page: PageRows) {
        self.headers.insert(page.accession, page.header);
        self.halves.push(page.halves);
    }

    /// Every interaction's rows side by side.
    pub fn join(self, compactor: Compactor) -> Joined {
        let mut halves = Vec::with_capacity(self.halves.iter().map(Vec::len).sum());
        for page in self.halves {
            halves.extend(page);
        }
        // Rows of one interaction: those of the TF's page, then those of the target's,
        // each in its page's order (so without the curation bit, which would put a
        // page's curated rows first).
        halves.par_sort_unstable_by_key(|half| (half.key, half.tag & !CURATED));
        let mut groups = Vec::new();
        let mut start = 0;
        for end in 1..=halves.len() {
            if end == halves.len() || halves[end].key != halves[start].key {
                groups.push(start..end);
                start = end;
            }
        }
        Joined { strings: compactor.strings.into_resolver(), headers: self.headers, halves, groups }
    }
}

fn resolve(strings: &RodeoResolver<Spur>, id: u32) -> String {
    strings.resolve(&Spur::try_from_usize(id as usize).expect("an interned id")).to_string()
}

/// Reads packed values back.
struct Cursor<'a> {
    strings: &'a RodeoResolver<Spur>,
    values: &'a [u32],
}

impl Cursor<'_> {
    fn next(&mut self) -> u32 {
        let (first, rest) = self.values.split_first().expect("a packed row is complete");
        self.values = rest;
        *first
    }

    fn text(&self, id: u32) -> String {
        resolve(self.strings, id)
    }

    fn list(&mut self) -> Vec<String> {
        let n = self.next();
        (0..n)
            .map(|_| match self.next() {
                value if value & INLINE != 0 => (value & !INLINE).to_string(),
                id => self.text(id),
            })
            .collect()
    }

    fn party(&mut self) -> Party {
        let name = self.next();
        let name = (name > 0).then(|| self.text(name - 1));
        let accession = self.next();
        Party { name, accession: self.text(accession), gene_ids: self.list() }
    }

    fn evidence(&mut self, curated: bool) -> Evidence {
        Evidence { databases: self.list(), methods: self.list(), pubmed: self.list(), curated }
    }
}

/// The rows of a corpus grouped by interaction.
pub struct Joined {
    strings: RodeoResolver<Spur>,
    headers: FxHashMap<u32, Box<[u32]>>,
    halves: Vec<Half>,
    groups: Vec<Range<usize>>,
}

impl Joined {
    /// Interactions listed by the pages.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether no interaction was joined.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    fn cursor<'a>(&'a self, values: &'a [u32]) -> Cursor<'a> {
        Cursor { strings: &self.strings, values }
    }

    /// What the pages say of the interaction of `group`: the same as
    /// [`super::interaction_sides`] computes from the parsed pages.
    fn sides(&self, group: &Range<usize>) -> InteractionSides {
        let [organism, tf, target] = self.halves[group.start].key;
        let text = |id: u32| resolve(&self.strings, id);
        let header = |id: u32| self.headers.get(&id).map(|packed| self.cursor(packed).party());
        let mut sides = InteractionSides {
            organism: text(organism),
            tf_accession: text(tf),
            target_accession: text(target),
            tf_header: header(tf),
            target_header: header(target),
            ..InteractionSides::default()
        };
        for half in &self.halves[group.clone()] {
            let mut cursor = self.cursor(&half.packed);
            let row = Row { partner: cursor.party(), evidence: cursor.evidence(half.curated()) };
            let slot = if half.on_tf_page() { &mut sides.on_tf_page } else { &mut sides.on_target_page };
            InteractionSides::add_row(slot, row);
        }
        debug_assert_eq!(sides.key(), interaction_key(&sides.organism, &sides.tf_accession, &sides.target_accession));
        sides
    }

    /// The interactions numbered `range` (of [`Joined::len`]), built on all threads,
    /// each with the rows of the one `AHEAD` of it prefetched.
    pub fn par_sides(&self, range: Range<usize>) -> impl IndexedParallelIterator<Item = InteractionSides> + '_ {
        let start = range.start;
        self.groups[range].par_iter().enumerate().map(move |(at, group)| {
            if let Some(ahead) = self.groups.get(start + at + AHEAD) {
                self.halves[ahead.clone()].iter().for_each(|half| prefetch(&half.packed));
            }
            self.sides(group)
        })
    }
}

/// How many interactions ahead rows are prefetched: enough to cover a memory access
/// with the work of building sides.
const AHEAD: usize = 8;

/// Asks the CPU to bring `values` into its caches ahead of use. Of an interaction's two
/// rows, the one from the target's page lies anywhere in the gigabytes of packed rows:
/// waiting for it was a tenth of the interaction phase of the untruncated full corpus
/// (`perf annotate`: nearly all of `Cursor::party`, at its first load).
fn prefetch(values: &[u32]) {
    #[cfg(target_arch = "x86_64")]
    for value in [values.first(), values.last()].into_iter().flatten() {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch is a hint: it reads nothing the program sees and does not
        // fault, whatever the address (here a valid one).
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::interaction_sides;
    use crate::corpus::tests::protein as page;

    fn party(name: Option<&str>, accession: &str, genes: &[&str]) -> Party {
        Party {
            name: name.map(String::from),
            accession: accession.into(),
            gene_ids: genes.iter().map(|g| g.to_string()).collect(),
        }
    }

    fn row(partner: Party, databases: &[&str], pubmed: &[&str], curated: bool) -> Row {
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        Row {
            partner,
            evidence: Evidence {
                databases: strings(databases),
                methods: vec!["selex".into()],
                pubmed: strings(pubmed),
                curated,
            },
        }
    }

    #[test]
    fn only_canonical_numbers_are_written_in_place() {
        assert_eq!(inline_number("27924024"), Some(27924024));
        assert_eq!(inline_number("0"), Some(0));
        for text in ["", "007", "+1", "-1", "2147483648", "1e3", "12a"] {
            assert_eq!(inline_number(text), None, "{text}");
        }
    }

    #[test]
    fn joins_exactly_as_the_parsed_pages_do() {
        let gata1 = party(Some("GATA1"), "P15976", &["2623"]);
        let alas2 = party(Some("ALAS2"), "P22557", &[]);
        let klf1 = party(None, "Q13351", &["10661", "0662"]);
        let pages = vec![
            // ALAS2 lists GATA1 twice (merged) and a TF without a page.
            page(
                alas2.clone(),
                vec![
                    row(party(Some("GATA-1"), "P15976", &[]), &["HTRI"], &["2", "0", "2147483648"], false),
                    row(klf1.clone(), &["GTRD"], &["007", "2147483647"], false),
                    row(party(Some("GATA-1"), "P15976", &[]), &["GTRD", "HTRI"], &["10", "2"], true),
                ],
                vec![],
            ),
            // GATA1 lists ALAS2 and regulates itself.
            page(
                gata1.clone(),
                vec![row(gata1.clone(), &["ReMap"], &["7"], false)],
                vec![row(alas2.clone(), &["ReMap"], &["1"], false), row(gata1.clone(), &["JASPAR"], &[], true)],
            ),
        ];
        let mut expected: Vec<InteractionSides> = interaction_sides(&pages).into_values().collect();
        expected.sort_by_cached_key(InteractionSides::key);

        let (compactor, mut rows) = (Compactor::default(), Rows::default());
        for page in &pages {
            rows.add(compactor.compact(page));
        }
        let joined = rows.join(compactor);
        let mut got: Vec<InteractionSides> = joined.par_sides(0..joined.len()).collect();
        got.sort_by_cached_key(InteractionSides::key);
        assert_eq!(joined.len(), 3);
        assert_eq!(got, expected);
    }
}
