//! Counting the documents two bitsets share, with the CPU's vector population count
//! when it has one.
//!
//! Facet counts of a broad query are some fifty intersections of two-million-bit sets;
//! the portable bit-twiddling count is three times slower than AVX2 code, which counts
//! bits by table look-ups, and AVX-512's own population count (`vpopcntq`, on AMD
//! Zen 4 and Intel since Ice Lake) is faster still. The binary stays portable: the
//! fast variant is chosen at run time.

use super::facets::BLOCK_WORDS;
use fixedbitset::FixedBitSet;

fn portable(a: &[usize], b: &[usize]) -> usize {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones() as usize).sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
fn avx2(a: &[usize], b: &[usize]) -> usize {
    // The same loop: compiled with AVX2 enabled, LLVM vectorises the count.
    portable(a, b)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vpopcntdq,popcnt")]
fn avx512(a: &[usize], b: &[usize]) -> usize {
    // The same loop again: LLVM counts eight words per instruction.
    portable(a, b)
}

/// A vector variant of [`portable`]: callable only on a CPU with its features.
type Variant = unsafe fn(&[usize], &[usize]) -> usize;

/// The vector variants this CPU can run, fastest first.
#[cfg_attr(not(target_arch = "x86_64"), allow(unused_mut))]
fn variants() -> Vec<(&'static str, Variant)> {
    let mut variants: Vec<(&'static str, Variant)> = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        // Every CPU with AVX-512 has POPCNT.
        if has!("avx512f") && has!("avx512vpopcntdq") {
            variants.push(("avx512", avx512));
        }
        if has!("avx2") && has!("popcnt") {
            variants.push(("avx2", avx2));
        }
    }
    variants
}

/// Bits set in both `a` and `b`.
fn words_count(a: &[usize], b: &[usize]) -> usize {
    static FASTEST: std::sync::OnceLock<Option<Variant>> = std::sync::OnceLock::new();
    match FASTEST.get_or_init(|| variants().first().map(|&(_, variant)| variant)) {
        // SAFETY: `variants` lists only what this CPU can run.
        Some(variant) => unsafe { variant(a, b) },
        None => portable(a, b),
    }
}

/// Documents in both `a` and `b` (bitsets over the same segment).
pub fn intersection_count(a: &FixedBitSet, b: &FixedBitSet) -> usize {
    words_count(a.as_slice(), b.as_slice())
}

/// Documents in both `a` and `b` within `blocks` (in increasing order) of
/// [`BLOCK_WORDS`] words: runs of consecutive blocks are counted at once.
pub fn intersection_count_blocks(a: &FixedBitSet, b: &FixedBitSet, blocks: impl Iterator<Item = usize>) -> usize {
    let (a, b) = (a.as_slice(), b.as_slice());
    let mut blocks = blocks.peekable();
    let mut total = 0;
    while let Some(first) = blocks.next() {
        let mut end = first + 1;
        while blocks.next_if_eq(&end).is_some() {
            end += 1;
        }
        let words = first * BLOCK_WORDS..(end * BLOCK_WORDS).min(a.len());
        total += words_count(&a[words.clone()], &b[words]);
    }
    total
}

/// Documents in `a`.
pub fn count(a: &FixedBitSet) -> usize {
    intersection_count(a, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_fixedbitset() {
        let mut a = FixedBitSet::with_capacity(10_007);
        let mut b = FixedBitSet::with_capacity(10_007);
        (0..10_007).step_by(3).for_each(|i| a.insert(i));
        (0..10_007).step_by(7).for_each(|i| b.insert(i));
        assert_eq!(intersection_count(&a, &b), (0..10_007).filter(|i| i % 21 == 0).count());
        assert_eq!(count(&a), 3336);
        assert_eq!(count(&FixedBitSet::with_capacity(0)), 0);
    }

    /// Counting within the blocks either set occupies counts every document both hold,
    /// over blocks in runs, alone, and the last one cut short.
    #[test]
    fn counts_within_occupied_blocks_are_whole_counts() {
        use crate::search::facets::occupied;
        let bits = 23 * BLOCK_WORDS * 64 + 100;
        // Blocks 0–2, 5, 9–10 and the last (short) one hold documents of `a`; `b` holds
        // every third document.
        let in_a = |doc: usize| [0, 1, 2, 5, 9, 10, 23].contains(&(doc / (BLOCK_WORDS * 64))) && !doc.is_multiple_of(5);
        let (mut a, mut b) = (FixedBitSet::with_capacity(bits), FixedBitSet::with_capacity(bits));
        (0..bits).filter(|&doc| in_a(doc)).for_each(|doc| a.insert(doc));
        (0..bits).step_by(3).for_each(|doc| b.insert(doc));
        let blocks = occupied(&a).intersection(&occupied(&b)).collect::<Vec<_>>();
        assert_eq!(blocks, [0, 1, 2, 5, 9, 10, 23]);
        let expected = (0..bits).filter(|&doc| in_a(doc) && doc.is_multiple_of(3)).count();
        assert_eq!(intersection_count_blocks(&a, &b, blocks.into_iter()), expected);
        assert_eq!(intersection_count(&a, &b), expected);
        assert_eq!(intersection_count_blocks(&a, &b, std::iter::empty()), 0);
    }

    /// Each vector variant this CPU can run counts as the portable loop does, over
    /// lengths that leave every remainder of the vector width.
    #[test]
    fn every_variant_counts_alike() {
        let words = |seed: usize, n: usize| -> Vec<usize> {
            (0..n).map(|i| (i * 0x9E37_79B9 + seed).rotate_left(i as u32 % 61)).collect()
        };
        for n in [0, 1, 7, 8, 9, 31, 64, 65, 1000] {
            let (a, b) = (words(1, n), words(7, n));
            for (name, variant) in variants() {
                // SAFETY: `variants` lists only what this CPU can run.
                assert_eq!(unsafe { variant(&a, &b) }, portable(&a, &b), "{name}, {n} words");
            }
        }
    }
}
