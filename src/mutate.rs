//! The mutants of a solution for `dev mutants`: small wrong versions of its non-test code, each
//! one edit of one line, that a good test module must reject.
//!
//! Families: binary operators (arithmetic, comparison with its boundary `<` <-> `<=`, `==` <->
//! `!=`, `&&` <-> `||`, compound assignment), unary `!` and `-` removed, literals (integers to
//! n + 1 and to 0 or 1, floats, `true` <-> `false`), a whole statement line deleted, and "ignore
//! the error": `.await?` -> `.await.unwrap_or_default()` (a body that swallows a close or a
//! throw and runs on) and `?;` -> `;` elsewhere. Comments, strings, attributes and `use` lines
//! are never touched.
//!
//! It works on tokens, not a syntax tree, so it tells a binary operator from a generic bracket,
//! a closure or a reference by layout: rustfmt puts spaces around binary operators and none
//! inside `Vec<u8>`, `|x|` or `&x`. A guess that is wrong makes a mutant that does not compile,
//! which the report counts as unviable and leaves out of the score.

use crate::lexer::{self, Kind, Lines, Token};

/// One mutant: replace `start..end` of the source with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutant {
    /// 1-based line of the edit.
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Mutant {
    /// The mutated source.
    pub fn apply(&self, src: &str) -> String {
        let mut out = src.to_string();
        out.replace_range(self.start..self.end, &self.replacement);
        out
    }

    /// `original -> mutant`, both as the whole line trimmed, so that a reader sees the change
    /// in its context.
    pub fn describe(&self, src: &str) -> String {
        let lines = Lines::new(src);
        let from = lines.start_of(self.line);
        let to = src[from..].find('\n').map_or(src.len(), |n| from + n);
        let before = src[from..to].trim();
        let mut after = src[from..to].to_string();
        after.replace_range(self.start - from..self.end - from, &self.replacement);
        let after = after.trim();
        if after.is_empty() {
            format!("`{before}` -> (deleted)")
        } else {
            format!("`{before}` -> `{after}`")
        }
    }
}

/// Keywords after which an operator starts an expression rather than continuing one.
const NOT_AN_OPERAND: &[&str] = &[
    "if", "while", "match", "return", "in", "let", "else", "move", "mut", "ref", "break", "for",
    "loop", "as", "where", "impl", "dyn", "fn", "pub", "yield",
];

fn binary_swaps(op: &str) -> &'static [&'static str] {
    match op {
        "+" => &["-"],
        "-" => &["+"],
        "*" => &["/"],
        "/" => &["*"],
        "%" => &["/"],
        "<" => &["<="],
        "<=" => &["<"],
        ">" => &[">="],
        ">=" => &[">"],
        "==" => &["!="],
        "!=" => &["=="],
        "&&" => &["||"],
        "||" => &["&&"],
        "+=" => &["-="],
        "-=" => &["+="],
        "*=" => &["/="],
        "/=" => &["*="],
        _ => &[],
    }
}

/// Every mutant of the non-test part of `src`, in source order.
pub fn mutants(src: &str) -> Vec<Mutant> {
    let end = crate::verdict::code_end(src);
    let lines = Lines::new(src);
    let code: Vec<Token> = lexer::tokenize(&src[..end])
        .into_iter()
        .filter(|t| !t.is_comment())
        .collect();
    let skip = skipped(src, &code);
    let mut out = Vec::new();
    let mut push = |t: &Token, start: usize, end: usize, replacement: String| {
        out.push(Mutant {
            line: lines.line_of(t.start),
            start,
            end,
            replacement,
        });
    };
    let bytes = src.as_bytes();
    let spaced =
        |t: &Token| t.start > 0 && bytes[t.start - 1] == b' ' && bytes.get(t.end) == Some(&b' ');
    for (i, t) in code.iter().enumerate() {
        if skip[i] {
            continue;
        }
        let text = t.text(src);
        let prev = i.checked_sub(1).map(|p| &code[p]);
        let next = code.get(i + 1);
        let after_operand = prev.is_some_and(|p| is_operand_end(p, src));
        match t.kind {
            Kind::Punct if after_operand && spaced(t) => {
                for swap in binary_swaps(text) {
                    push(t, t.start, t.end, (*swap).to_string());
                }
            }
            // Unary: `!done`, `-x`; the operand follows at once.
            Kind::Punct
                if (text == "!" || text == "-")
                    && !after_operand
                    && next.is_some_and(|n| n.start == t.end) =>
            {
                push(t, t.start, t.end, String::new());
            }
            Kind::Punct if text == "?" => {
                let awaited = prev.is_some_and(|p| p.text(src) == "await");
                if awaited {
                    push(t, t.start, t.end, ".unwrap_or_default()".into());
                } else if next.is_some_and(|n| n.text(src) == ";") {
                    push(t, t.start, t.end, String::new());
                }
            }
            Kind::Int if prev.is_none_or(|p| p.text(src) != ".") => {
                for r in int_swaps(text) {
                    push(t, t.start, t.end, r);
                }
            }
            Kind::Float => {
                for r in float_swaps(text) {
                    push(t, t.start, t.end, r);
                }
            }
            Kind::Ident if text == "true" => push(t, t.start, t.end, "false".into()),
            Kind::Ident if text == "false" => push(t, t.start, t.end, "true".into()),
            _ => {}
        }
    }
    for (start, stop) in statements(src, &code, &skip) {
        out.push(Mutant {
            line: lines.line_of(start),
            start,
            end: stop,
            replacement: String::new(),
        });
    }
    out.sort_by_key(|m| (m.start, m.end));
    out.dedup();
    out
}

/// Whether a token ends an operand, so that an operator after it is binary.
fn is_operand_end(t: &Token, src: &str) -> bool {
    match t.kind {
        Kind::Ident => !NOT_AN_OPERAND.contains(&t.text(src)),
        Kind::Int | Kind::Float | Kind::Str | Kind::Char => true,
        Kind::Punct => matches!(t.text(src), ")" | "]" | "?"),
        _ => false,
    }
}

/// Which tokens no mutant may touch: attributes (`#[...]`, `#![...]`), `use` declarations and
/// `macro_rules!` definitions.
fn skipped(src: &str, code: &[Token]) -> Vec<bool> {
    let mut skip = vec![false; code.len()];
    let mut i = 0;
    while i < code.len() {
        let text = code[i].text(src);
        let next = |k: usize| code.get(i + k).map(|t| t.text(src));
        let region_end = if text == "#" && (next(1) == Some("[") || next(1) == Some("!")) {
            matching(src, code, i + usize::from(next(1) == Some("!")) + 1)
        } else if text == "use" {
            (i..code.len()).find(|&k| code[k].text(src) == ";")
        } else if text == "macro_rules" {
            (i..code.len())
                .find(|&k| code[k].text(src) == "{")
                .and_then(|k| matching(src, code, k))
        } else {
            None
        };
        match region_end {
            Some(end) => {
                skip[i..=end].iter_mut().for_each(|s| *s = true);
                i = end + 1;
            }
            None => i += 1,
        }
    }
    skip
}

/// The index of the bracket that closes the one at `open`.
fn matching(src: &str, code: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (k, t) in code.iter().enumerate().skip(open) {
        match t.text(src) {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// Keywords that start a line whose deletion is a declaration gone, not a behaviour changed:
/// it cannot compile, or it changes nothing a test can see.
const NOT_A_STATEMENT: &[&str] = &[
    "let", "use", "const", "static", "type", "mod", "extern", "pub", "fn", "struct", "enum",
    "impl", "trait",
];

/// The byte ranges of whole statements that fill one line: the line's code starts with a name,
/// `*`, `(` or a keyword like `return`, ends with `;`, and its brackets balance.
fn statements(src: &str, code: &[Token], skip: &[bool]) -> Vec<(usize, usize)> {
    let lines = Lines::new(src);
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let line = lines.line_of(code[i].start);
        let mut j = i;
        while j + 1 < code.len() && lines.line_of(code[j + 1].start) == line {
            j += 1;
        }
        let (first, last) = (&code[i], &code[j]);
        let starts_a_statement = match first.kind {
            Kind::Ident => !NOT_A_STATEMENT.contains(&first.text(src)),
            Kind::Punct => matches!(first.text(src), "*" | "("),
            _ => false,
        };
        // A line that starts in the middle of an expression (`.collect();`) is not a statement.
        let continues = i > 0
            && !matches!(code[i - 1].text(src), ";" | "{" | "}")
            && lines.line_of(code[i - 1].start) != line;
        let depth: i32 = code[i..=j]
            .iter()
            .map(|t| match t.text(src) {
                "(" | "[" | "{" => 1,
                ")" | "]" | "}" => -1,
                _ => 0,
            })
            .sum();
        if starts_a_statement
            && !continues
            && last.text(src) == ";"
            && depth == 0
            && !skip[i..=j].iter().any(|s| *s)
        {
            out.push((first.start, last.end));
        }
        i = j + 1;
    }
    out
}

/// `n` -> `n + 1`, and `n` -> 0 (or -> 1 when n is 0), suffix kept. Only decimal literals: a
/// hex mask changed by one is rarely a mistake a learner makes.
fn int_swaps(text: &str) -> Vec<String> {
    let digits_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '_'))
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(digits_end);
    if suffix.starts_with(['x', 'o', 'b']) {
        return Vec::new();
    }
    let Ok(n) = digits.replace('_', "").parse::<u128>() else {
        return Vec::new();
    };
    let mut out = vec![format!("{}{suffix}", n.saturating_add(1))];
    out.push(format!("{}{suffix}", if n == 0 { 1 } else { 0 }));
    out.dedup();
    out
}

/// `x` -> 0.0 (1.0 when x is 0) and `x` -> x + 1, suffix kept.
fn float_swaps(text: &str) -> Vec<String> {
    let body_end = text.find(['f']).unwrap_or(text.len());
    let (body, suffix) = text.split_at(body_end);
    let Ok(x) = body.replace('_', "").parse::<f64>() else {
        return Vec::new();
    };
    let zero = if x == 0.0 { "1.0" } else { "0.0" };
    vec![format!("{zero}{suffix}"), format!("{:?}{suffix}", x + 1.0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(src: &str) -> Vec<String> {
        mutants(src)
            .iter()
            .map(|m| format!("{}: {}", m.line, m.describe(src)))
            .collect()
    }

    #[test]
    fn binary_operators_are_swapped_but_generics_closures_and_references_are_not() {
        let src = "fn f(v: Vec<u8>, a: &u8) -> bool {\n    let c = || a;\n    v.len() < 3 && *a != x\n}\n";
        assert_eq!(
            described(src),
            [
                "3: `v.len() < 3 && *a != x` -> `v.len() <= 3 && *a != x`",
                "3: `v.len() < 3 && *a != x` -> `v.len() < 4 && *a != x`",
                "3: `v.len() < 3 && *a != x` -> `v.len() < 0 && *a != x`",
                "3: `v.len() < 3 && *a != x` -> `v.len() < 3 || *a != x`",
                "3: `v.len() < 3 && *a != x` -> `v.len() < 3 && *a == x`",
            ]
        );
    }

    #[test]
    fn unary_operators_are_removed_and_macros_left_alone() {
        let src = "fn f() {\n    if !done { println!(\"{}\", -x); }\n}\n";
        assert_eq!(
            described(src),
            [
                "2: `if !done { println!(\"{}\", -x); }` -> `if done { println!(\"{}\", -x); }`",
                "2: `if !done { println!(\"{}\", -x); }` -> `if !done { println!(\"{}\", x); }`",
            ]
        );
    }

    #[test]
    fn literals_change_and_strings_comments_and_tuple_fields_do_not() {
        let src = "fn f() {\n    // 5 < 6\n    g(\"1 + 2\", t.0, 0u8, 2.5, true)\n}\n";
        let got: Vec<String> = mutants(src)
            .iter()
            .map(|m| m.apply(src).lines().nth(2).unwrap().trim().to_string())
            .collect();
        assert_eq!(
            got,
            [
                "g(\"1 + 2\", t.0, 1u8, 2.5, true)",
                "g(\"1 + 2\", t.0, 0u8, 0.0, true)",
                "g(\"1 + 2\", t.0, 0u8, 3.5, true)",
                "g(\"1 + 2\", t.0, 0u8, 2.5, false)",
            ]
        );
    }

    #[test]
    fn ignoring_the_error_replaces_await_question_and_drops_a_lone_question_mark() {
        let src = "fn f() {\n    let x = co.yield_(1).await?;\n    check(x)?;\n}\n";
        let got: Vec<String> = mutants(src).iter().map(|m| m.describe(src)).collect();
        assert!(
            got.contains(
                &"`let x = co.yield_(1).await?;` -> `let x = co.yield_(1).await.unwrap_or_default();`"
                    .to_string()
            ),
            "{got:?}"
        );
        assert!(
            got.contains(&"`check(x)?;` -> `check(x);`".to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn whole_statement_lines_are_deleted_but_not_lets_items_or_continuations() {
        let src = "use std::fmt;\nfn f() {\n    let v = it\n        .map(g)\n        .collect();\n    log.push(v);\n    total += g(\n        1);\n}\n";
        let deleted: Vec<usize> = mutants(src)
            .iter()
            .filter(|m| m.replacement.is_empty() && m.end - m.start > 1)
            .map(|m| m.line)
            .collect();
        assert_eq!(deleted, [6]);
    }

    #[test]
    fn tests_and_attributes_are_never_mutated() {
        let src = "#[derive(Debug)]\n#[cfg_attr(x, y = 1)]\nstruct S;\n#[cfg(test)]\nmod tests {\n    fn t() { assert!(1 < 2); }\n}\n";
        assert!(mutants(src).is_empty(), "{:?}", described(src));
    }

    #[test]
    fn integers_go_up_by_one_and_to_zero_or_one() {
        assert_eq!(int_swaps("0"), ["1"]);
        assert_eq!(int_swaps("1"), ["2", "0"]);
        assert_eq!(int_swaps("1_000u32"), ["1001u32", "0u32"]);
        assert!(int_swaps("0xff").is_empty());
        assert_eq!(float_swaps("0.5f64"), ["0.0f64", "1.5f64"]);
    }
}
