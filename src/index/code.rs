//! Accessions as numbers, for fast columns.
//!
//! A protein search for the partners of some interactions (proteins regulated by
//! GATA1, proteins a paper cites) reads each matching interaction's TF or target from
//! a column: a number per document is read in nanoseconds, a string needs a dictionary
//! look-up. UniProt accessions are 6 or 10 upper-case letters and digits (the pages'
//! parser accepts no other), so each has a number of its own.

/// Set on the codes of 10-character accessions, which would otherwise share the codes
/// of the 6-character ones written with leading zeros (`00000A` and `000000000A`).
const LONG: u64 = 1 << 60;

fn digit(b: u8) -> Option<u64> {
    match b {
        b'0'..=b'9' => Some(u64::from(b - b'0')),
        b'A'..=b'Z' => Some(u64::from(b - b'A') + 10),
        _ => None,
    }
}

/// The code of `accession`, or `None` if it is not shaped as one (36^10 < 2^60).
pub fn encode(accession: &str) -> Option<u64> {
    let bytes = accession.as_bytes();
    let long = match bytes.len() {
        6 => 0,
        10 => LONG,
        _ => return None,
    };
    bytes.iter().try_fold(0u64, |code, &b| Some(code * 36 + digit(b)?)).map(|code| code | long)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accession_shape_has_a_code_and_no_two_share_one() {
        let accessions =
            ["P22557", "A0A0B4LEI2", "000000", "00000A", "0000A0", "000000000A", "ZZZZZZZZZZ", "ZZZZZZ", "Q9VUU7"];
        let codes: Vec<u64> = accessions.iter().map(|a| encode(a).unwrap()).collect();
        let distinct: std::collections::BTreeSet<u64> = codes.iter().copied().collect();
        assert_eq!(distinct.len(), codes.len());
    }

    #[test]
    fn what_is_not_an_accession_has_no_code() {
        for text in ["", "P2255", "P225577", "p22557", "P22557 ", "P2255-", "É22557"] {
            assert_eq!(encode(text), None, "{text:?}");
        }
    }
}
