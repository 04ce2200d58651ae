//! The stored form of values kept whole in the index (interaction sides, parsed pages):
//! postcard, smaller and several times faster than JSON both ways, carried in a stored
//! *text* field.
//!
//! Tantivy writes and reads a stored bytes value one byte at a time (a call per byte,
//! about a tenth of a build's CPU for the millions of interactions), but a stored text
//! with a single copy. Postcard output is nearly always ASCII and is then the text
//! itself; otherwise each byte becomes the character of the same number (Latin-1), so
//! any byte string has exactly one text and back.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use thiserror::Error;

/// A stored value that cannot be read back.
#[derive(Debug, Error)]
pub enum StoredError {
    #[error("character U+{0:04X} cannot come from a stored value")]
    NotAByte(u32),
    #[error(transparent)]
    Decode(#[from] postcard::Error),
}

/// `value` as the text to store.
pub fn encode(value: &impl Serialize) -> String {
    // Room for most interactions' sides at once: growing by doubling from empty was a
    // sixth of the cost.
    let bytes = postcard::to_extend(value, Vec::with_capacity(512)).expect("our types serialize");
    if bytes.is_ascii() {
        return String::from_utf8(bytes).expect("ASCII is UTF-8");
    }
    // UTF-8 of U+0080..U+00FF, byte by byte: cheaper than collecting `char`s.
    let mut text = Vec::with_capacity(bytes.len() * 2);
    for b in bytes {
        if b.is_ascii() {
            text.push(b);
        } else {
            text.extend([0xC0 | (b >> 6), 0x80 | (b & 0x3F)]);
        }
    }
    String::from_utf8(text).expect("each byte was written as the UTF-8 of a character")
}

/// The value [`encode`] stored as `text`.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, StoredError> {
    let bytes: Cow<[u8]> = if text.is_ascii() {
        Cow::Borrowed(text.as_bytes())
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| u8::try_from(c).map_err(|_| StoredError::NotAByte(u32::from(c))))
                .collect::<Result<_, _>>()?,
        )
    };
    Ok(postcard::from_bytes(&bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_string_comes_back() {
        let every_byte: Vec<u8> = (0..=255).collect();
        for value in [vec![], b"GATA1|P15976".to_vec(), every_byte, vec![0x80; 300]] {
            let text = encode(&value);
            assert_eq!(decode::<Vec<u8>>(&text).unwrap(), value);
        }
    }

    #[test]
    fn ascii_output_is_stored_as_is() {
        let value = ("P22557".to_string(), vec!["29126285".to_string()]);
        let text = encode(&value);
        assert_eq!(text.as_bytes(), postcard::to_allocvec(&value).unwrap());
        assert_eq!(decode::<(String, Vec<String>)>(&text).unwrap(), value);
    }

    #[test]
    fn text_no_value_was_stored_as_is_an_error() {
        assert!(matches!(decode::<String>("\u{100}"), Err(StoredError::NotAByte(0x100))));
        assert!(matches!(decode::<String>("\u{5}ab"), Err(StoredError::Decode(_))));
    }
}
