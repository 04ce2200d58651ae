//! List fields: all of a document's values of one field in a single text value.
//!
//! Tantivy's cost per value (a boxed token stream, a document node, a sort entry)
//! exceeds the cost of indexing a short term, and an interaction has some twenty
//! values. Joined by [`SEPARATOR`] and split again by [`ListTokenizer`], the index holds
//! exactly the terms it would hold for separate values, for a fraction of the work.

use tantivy::TantivyDocument;
use tantivy::schema::Field;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Joins the values of a list field. No page can hold it: YAML forbids control
/// characters in plain and single-quoted text, and [`List::push`] replaces it in the
/// rest.
pub const SEPARATOR: char = '\u{1F}';
const SEPARATOR_BYTE: u8 = 0x1F;

/// One field's values, joined.
#[derive(Debug)]
pub struct List(String);

impl Default for List {
    fn default() -> List {
        // Room for most fields' values at once.
        List(String::with_capacity(128))
    }
}

impl List {
    /// Adds one value.
    pub fn push(&mut self, value: &str) {
        if !self.0.is_empty() {
            self.0.push(SEPARATOR);
        }
        if value.bytes().any(|b| b == SEPARATOR_BYTE) {
            self.0.push_str(&value.replace(SEPARATOR, " "));
        } else {
            self.0.push_str(value);
        }
    }

    /// Adds each of `values`.
    pub fn extend<'a>(&mut self, values: impl IntoIterator<Item = &'a str>) {
        values.into_iter().for_each(|value| self.push(value));
    }

    /// Adds the values to `doc` as one value of `field`, if there are any, and empties
    /// the list for reuse.
    pub fn add_to(&mut self, doc: &mut TantivyDocument, field: Field) {
        if !self.0.is_empty() {
            doc.add_text(field, &self.0);
            self.0.clear();
        }
    }
}

/// One token per non-empty value of a [`List`], whole, lower-cased as `str::to_lowercase`
/// does (as queries are) or with its case kept.
#[derive(Clone, Default)]
pub struct ListTokenizer {
    lowercase: bool,
    /// The text lower-cased: at once for all values, which the separator keeps apart
    /// (lower-casing no character turns it into or out of one).
    lowered: String,
    token: Token,
}

impl ListTokenizer {
    /// Whole values, lower-cased.
    pub fn lowercase() -> ListTokenizer {
        ListTokenizer { lowercase: true, ..ListTokenizer::default() }
    }

    /// Whole values as written.
    pub fn cased() -> ListTokenizer {
        ListTokenizer::default()
    }
}

/// The values of one [`List`] text, one token each.
pub struct ListTokens<'a> {
    text: &'a str,
    /// Where the values after `offset` end.
    ends: memchr::Memchr<'a>,
    /// Where the next value starts.
    offset: usize,
    token: &'a mut Token,
}

impl Tokenizer for ListTokenizer {
    type TokenStream<'a> = ListTokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ListTokens<'a> {
        self.token.reset();
        let text = if self.lowercase {
            self.lowered.clear();
            if text.is_ascii() {
                self.lowered.push_str(text);
                self.lowered.make_ascii_lowercase();
            } else {
                self.lowered.push_str(&text.to_lowercase());
            }
            &self.lowered
        } else {
            text
        };
        ListTokens {
            text,
            ends: memchr::memchr_iter(SEPARATOR_BYTE, text.as_bytes()),
            offset: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for ListTokens<'_> {
    fn advance(&mut self) -> bool {
        while self.offset <= self.text.len() {
            let (from, to) = (self.offset, self.ends.next().unwrap_or(self.text.len()));
            self.offset = to + 1;
            if from == to {
                continue;
            }
            let token = &mut *self.token;
            token.text.clear();
            token.text.push_str(&self.text[from..to]);
            (token.offset_from, token.offset_to) = (from, to);
            token.position = token.position.wrapping_add(1);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mut tokenizer: ListTokenizer, list: &List) -> Vec<(String, usize, usize)> {
        let mut out = Vec::new();
        tokenizer.token_stream(&list.0).process(&mut |t| out.push((t.text.clone(), t.offset_from, t.position)));
        out
    }

    #[test]
    fn each_value_is_one_whole_token() {
        let mut list = List::default();
        list.extend(["NKX2-5", "", "HBA1;HBA2", "Ünal Σ"]);
        let lower: Vec<_> = tokens(ListTokenizer::lowercase(), &list).into_iter().map(|t| t.0).collect();
        assert_eq!(lower, ["nkx2-5", "hba1;hba2", "Ünal Σ".to_lowercase().as_str()]);
        let cased = tokens(ListTokenizer::cased(), &list);
        assert_eq!(cased, [("NKX2-5".into(), 0, 0), ("HBA1;HBA2".into(), 8, 1), ("Ünal Σ".into(), 18, 2)]);
    }

    #[test]
    fn a_value_holding_the_separator_stays_one_value() {
        let mut list = List::default();
        list.push("A\u{1F}B");
        assert_eq!(tokens(ListTokenizer::cased(), &list).len(), 1);
    }

    #[test]
    fn added_lists_are_emptied_and_empty_ones_add_nothing() {
        let field = tantivy::schema::Schema::builder().add_text_field("f", tantivy::schema::STORED);
        let (mut doc, mut list) = (TantivyDocument::new(), List::default());
        list.add_to(&mut doc, field);
        list.push("x");
        list.add_to(&mut doc, field);
        list.add_to(&mut doc, field);
        assert_eq!(doc.len(), 1);
    }
}
