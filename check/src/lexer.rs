//! A small Rust tokenizer for the authoring checks: it knows comments (nested block comments
//! too), strings (escaped, raw, byte and C strings), chars versus lifetimes, and numbers, which is
//! all that the giveaway check and the mutator need to tell code from prose. It never fails: an
//! unterminated string or comment runs to the end of the text, as rustc would report it anyway.
//!
//! Hand-written rather than `syn`: `syn` with its `full` feature would be built a second time for
//! the target (the copy clap and serde use is built for proc macros), adding seconds to every
//! learner's first `cargo run`, for checks that only need token boundaries.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword (raw identifiers included).
    Ident,
    /// A lifetime or a loop label: `'a`.
    Lifetime,
    /// An integer literal, suffix included: `42`, `0xff`, `7u8`.
    Int,
    /// A float literal, suffix included: `1.5`, `2e3`, `1.0f64`.
    Float,
    /// A string literal of any kind: `"a"`, `r#"a"#`, `b"a"`, `c"a"`.
    Str,
    /// A char or byte literal: `'a'`, `b'\n'`.
    Char,
    /// Punctuation, the longest operator that fits: `<=`, `..=`, `::`, `?`.
    Punct,
    /// `// ...` (doc comments too), up to but not including the newline.
    LineComment,
    /// `/* ... */`, nested ones included.
    BlockComment,
}

/// One token: its kind and its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }

    pub fn is_comment(&self) -> bool {
        matches!(self.kind, Kind::LineComment | Kind::BlockComment)
    }
}

const PUNCT3: &[&str] = &["<<=", ">>=", "...", "..="];
const PUNCT2: &[&str] = &[
    "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "^=", "&=",
    "|=", "<<", ">>", "..",
];

/// The tokens of `src`, whitespace left out, in order.
pub fn tokenize(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = src[i..].chars().next().expect("i is on a char boundary");
        let start = i;
        let kind = if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        } else if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(src.len(), |n| i + n);
            Kind::LineComment
        } else if src[i..].starts_with("/*") {
            i = block_comment_end(src, i);
            Kind::BlockComment
        } else if c == '"' {
            i = quoted_end(src, i + 1, '"');
            Kind::Str
        } else if c == '\'' {
            let (end, kind) = quote_or_lifetime(src, i);
            i = end;
            kind
        } else if c.is_ascii_digit() {
            let (end, kind) = number_end(src, i);
            i = end;
            kind
        } else if c.is_alphabetic() || c == '_' {
            let end = ident_end(src, i);
            let word = &src[i..end];
            let next = src[end..].chars().next();
            match (word, next) {
                ("r" | "br" | "cr", Some('"' | '#')) if raw_string_start(src, end) => {
                    i = raw_string_end(src, end);
                    Kind::Str
                }
                ("b" | "c", Some('"')) => {
                    i = quoted_end(src, end + 1, '"');
                    Kind::Str
                }
                ("b", Some('\'')) => {
                    i = quoted_end(src, end + 1, '\'');
                    Kind::Char
                }
                ("r", Some('#')) => {
                    // A raw identifier: r#type.
                    i = ident_end(src, end + 1);
                    Kind::Ident
                }
                _ => {
                    i = end;
                    Kind::Ident
                }
            }
        } else {
            let rest = &src[i..];
            let len = PUNCT3
                .iter()
                .chain(PUNCT2)
                .find(|p| rest.starts_with(**p))
                .map_or(c.len_utf8(), |p| p.len());
            i += len;
            Kind::Punct
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
        });
    }
    tokens
}

fn ident_end(src: &str, from: usize) -> usize {
    src[from..]
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(src.len(), |(n, _)| from + n)
}

fn block_comment_end(src: &str, from: usize) -> usize {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    src.len()
}

/// The end of a literal whose opening quote ends just before `from`: past the closing `quote`,
/// skipping backslash escapes.
fn quoted_end(src: &str, from: usize, quote: char) -> usize {
    let mut chars = src[from..].char_indices();
    while let Some((n, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return from + n + 1;
        }
    }
    src.len()
}

fn raw_string_start(src: &str, from: usize) -> bool {
    let hashes = src[from..].bytes().take_while(|b| *b == b'#').count();
    src[from + hashes..].starts_with('"')
}

fn raw_string_end(src: &str, from: usize) -> usize {
    let hashes = src[from..].bytes().take_while(|b| *b == b'#').count();
    let body = from + hashes + 1;
    let close = format!("\"{}", "#".repeat(hashes));
    src[body..]
        .find(&close)
        .map_or(src.len(), |n| body + n + close.len())
}

/// `'a'` and `'\n'` are chars; `'a` and `'outer` are lifetimes or labels.
fn quote_or_lifetime(src: &str, at: usize) -> (usize, Kind) {
    let mut chars = src[at + 1..].chars();
    match (chars.next(), chars.next()) {
        (Some('\\'), _) => (quoted_end(src, at + 1, '\''), Kind::Char),
        (Some(c), Some('\'')) => (at + 1 + c.len_utf8() + 1, Kind::Char),
        (Some(c), _) if c.is_alphabetic() || c == '_' => (ident_end(src, at + 1), Kind::Lifetime),
        _ => (at + 1, Kind::Punct),
    }
}

fn number_end(src: &str, from: usize) -> (usize, Kind) {
    let bytes = src.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut i = from;
    if at(i) == b'0' && matches!(at(i + 1), b'x' | b'o' | b'b') {
        i += 2;
        while at(i).is_ascii_hexdigit() || at(i) == b'_' {
            i += 1;
        }
        return (ident_end(src, i), Kind::Int);
    }
    while at(i).is_ascii_digit() || at(i) == b'_' {
        i += 1;
    }
    let mut kind = Kind::Int;
    // `1.5` is a float; `1..5`, `1.max(2)` and `t.0.1` are not.
    if at(i) == b'.' && at(i + 1).is_ascii_digit() {
        kind = Kind::Float;
        i += 1;
        while at(i).is_ascii_digit() || at(i) == b'_' {
            i += 1;
        }
    }
    if matches!(at(i), b'e' | b'E')
        && (at(i + 1).is_ascii_digit()
            || (matches!(at(i + 1), b'+' | b'-') && at(i + 2).is_ascii_digit()))
    {
        kind = Kind::Float;
        i += 2;
        while at(i).is_ascii_digit() || at(i) == b'_' {
            i += 1;
        }
    }
    let end = ident_end(src, i);
    if src[i..end].starts_with('f') {
        kind = Kind::Float;
    }
    (end, kind)
}

/// Byte offsets to 1-based line numbers.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// The byte offset where a 1-based line starts.
    pub fn start_of(&self, line: usize) -> usize {
        self.starts[line - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, &str)> {
        tokenize(src)
            .iter()
            .map(|t| (t.kind, t.text(src)))
            .collect()
    }

    #[test]
    fn comments_strings_and_operators_are_told_apart() {
        assert_eq!(
            kinds("let x = a <= b; // c < d\n/* a /* nested */ b */ \"s // t\""),
            [
                (Kind::Ident, "let"),
                (Kind::Ident, "x"),
                (Kind::Punct, "="),
                (Kind::Ident, "a"),
                (Kind::Punct, "<="),
                (Kind::Ident, "b"),
                (Kind::Punct, ";"),
                (Kind::LineComment, "// c < d"),
                (Kind::BlockComment, "/* a /* nested */ b */"),
                (Kind::Str, "\"s // t\""),
            ]
        );
    }

    #[test]
    fn chars_and_lifetimes_are_told_apart() {
        assert_eq!(
            kinds("f::<'a>('x', '\\'', b'y', 'outer: loop {})"),
            [
                (Kind::Ident, "f"),
                (Kind::Punct, "::"),
                (Kind::Punct, "<"),
                (Kind::Lifetime, "'a"),
                (Kind::Punct, ">"),
                (Kind::Punct, "("),
                (Kind::Char, "'x'"),
                (Kind::Punct, ","),
                (Kind::Char, "'\\''"),
                (Kind::Punct, ","),
                (Kind::Char, "b'y'"),
                (Kind::Punct, ","),
                (Kind::Lifetime, "'outer"),
                (Kind::Punct, ":"),
                (Kind::Ident, "loop"),
                (Kind::Punct, "{"),
                (Kind::Punct, "}"),
                (Kind::Punct, ")"),
            ]
        );
    }

    #[test]
    fn raw_and_escaped_strings_hide_their_quotes() {
        assert_eq!(
            kinds(r###"r#"a "quote" // no"# "esc \" x" br"b" c"c" r#type"###),
            [
                (Kind::Str, r###"r#"a "quote" // no"#"###),
                (Kind::Str, r#""esc \" x""#),
                (Kind::Str, r#"br"b""#),
                (Kind::Str, r#"c"c""#),
                (Kind::Ident, "r#type"),
            ]
        );
    }

    #[test]
    fn numbers_keep_their_suffixes_and_ranges_stay_ranges() {
        assert_eq!(
            kinds("1..=10 2.5 7u8 0xff 1e3 3f64 t.0 x.max(1)"),
            [
                (Kind::Int, "1"),
                (Kind::Punct, "..="),
                (Kind::Int, "10"),
                (Kind::Float, "2.5"),
                (Kind::Int, "7u8"),
                (Kind::Int, "0xff"),
                (Kind::Float, "1e3"),
                (Kind::Float, "3f64"),
                (Kind::Ident, "t"),
                (Kind::Punct, "."),
                (Kind::Int, "0"),
                (Kind::Ident, "x"),
                (Kind::Punct, "."),
                (Kind::Ident, "max"),
                (Kind::Punct, "("),
                (Kind::Int, "1"),
                (Kind::Punct, ")"),
            ]
        );
    }

    #[test]
    fn unterminated_literals_run_to_the_end_without_a_panic() {
        assert_eq!(kinds("\"abc"), [(Kind::Str, "\"abc")]);
        assert_eq!(kinds("/* abc"), [(Kind::BlockComment, "/* abc")]);
        assert_eq!(kinds("'"), [(Kind::Punct, "'")]);
    }

    #[test]
    fn lines_are_numbered_from_one() {
        let lines = Lines::new("a\nbc\n\nd");
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(2), 2);
        assert_eq!(lines.line_of(5), 3);
        assert_eq!(lines.line_of(6), 4);
        assert_eq!(lines.start_of(4), 6);
    }
}
