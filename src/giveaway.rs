//! The giveaway check of `dev check`: an exercise's comments, the core's runnable examples and
//! its rustdoc examples must not hold the code that the exercise asks the learner to write.
//!
//! "The code the exercise asks for" is the set of lines its solution adds: code lines of the
//! solution's non-test part that the exercise's non-test part does not have, compared with
//! whitespace collapsed, keeping only lines long enough to be an answer rather than syntax.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::course::Course;
use crate::lexer::{self, Kind, Lines};

/// Shorter lines are syntax or a general form (`Ok(())`, `});`, `loop {`), not an answer.
const MIN_LEN: usize = 14;
/// An example or a rustdoc example that holds at least this many of an exercise's added lines...
const EXAMPLE_MIN_LINES: usize = 3;
/// ...and at least this share of them (in percent) solves the exercise. One or two shared lines
/// are the API's general form (`Coroutine::new(move |co| async move {`), which an example has to
/// show; three lines and half of the answer are a worked solution a learner can copy.
const EXAMPLE_MIN_PERCENT: usize = 50;

/// One line of a file with its 1-based number, whitespace collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub text: String,
}

/// Every giveaway in the course, as `dev check` problems.
pub fn check(course: &Course) -> Vec<String> {
    let root = &course.root;
    let mut problems = Vec::new();
    let examples = example_sources(root);
    let mut all = Vec::new();
    for e in &course.exercises {
        let (Ok(ex), Ok(sol)) = (
            fs::read_to_string(root.join(&e.path)),
            fs::read_to_string(root.join(&e.solution)),
        ) else {
            continue; // tests_differ reports unreadable files already
        };
        let added = added_lines(&ex, &sol);
        for (line, code) in comment_giveaways(&ex, &added) {
            problems.push(format!(
                "{}:{line}: its comment holds a line of the solution: `{code}` (keep the answer \
                 in the hints)",
                e.path.display()
            ));
        }
        all.push((e, added));
    }
    let idioms = idioms(all.iter().map(|(_, added)| added.as_slice()));
    for (e, added) in &all {
        let own: Vec<Line> = added
            .iter()
            .filter(|l| !idioms.contains(&l.text))
            .cloned()
            .collect();
        for (place, lines) in &examples {
            let held = held_lines(&own, lines);
            if solves(held, own.len()) {
                problems.push(format!(
                    "{place}: holds {held} of the {} lines that {} adds: an example must not \
                     solve {} (show the idea on another task)",
                    own.len(),
                    e.solution.display(),
                    e.id
                ));
            }
        }
    }
    problems
}

/// Lines that the solutions of this many exercises add are the course's idioms (the close
/// handling `Err(Interrupt::Close) => {`, `match co.yield_(()).await {`): an example must show
/// them, so they do not count towards solving one exercise.
const IDIOM_EXERCISES: usize = 4;

fn idioms<'a>(added: impl Iterator<Item = &'a [Line]>) -> HashSet<String> {
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for lines in added {
        for l in lines {
            *count.entry(l.text.as_str()).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter(|(_, n)| *n >= IDIOM_EXERCISES)
        .map(|(text, _)| text.to_string())
        .collect()
}

/// Whether holding `held` of `added` lines gives the answer away.
fn solves(held: usize, added: usize) -> bool {
    held >= EXAMPLE_MIN_LINES && held * 100 >= added * EXAMPLE_MIN_PERCENT
}

/// How many of `added` stand in `lines`, equal or inside a longer line.
fn held_lines(added: &[Line], lines: &[String]) -> usize {
    added
        .iter()
        .filter(|a| lines.iter().any(|l| l.contains(&a.text)))
        .count()
}

/// The code of every runnable example (`coro/examples/*.rs`) and every rustdoc example of the
/// core (`coro/src/**/*.rs`), each named by where it is.
fn example_sources(root: &Path) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for path in rust_files(&root.join("coro").join("examples")) {
        if let Ok(src) = fs::read_to_string(&path) {
            let lines = code_lines(&src, src.len())
                .into_iter()
                .map(|l| l.text)
                .collect();
            found.push((relative(root, &path), lines));
        }
    }
    for path in rust_files(&root.join("coro").join("src")) {
        if let Ok(src) = fs::read_to_string(&path) {
            for (line, code) in doc_examples(&src) {
                found.push((format!("{}:{line}", relative(root, &path)), code));
            }
        }
    }
    found
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The `.rs` files under `dir`, recursively, sorted; none if it does not exist.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a normalised code line is long enough and real enough to be part of an answer.
fn is_answer_like(text: &str) -> bool {
    text.chars().count() >= MIN_LEN && text.chars().any(char::is_alphanumeric)
}

/// The code lines of `src[..upto]`, comments removed, whitespace collapsed, empty ones left out.
pub fn code_lines(src: &str, upto: usize) -> Vec<Line> {
    let mut blanked = src[..upto].to_string();
    for t in lexer::tokenize(&src[..upto]) {
        if t.is_comment() {
            // Keep the newlines of block comments so that line numbers stay right.
            let spaces: String = t
                .text(src)
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' })
                .collect();
            blanked.replace_range(t.start..t.end, &spaces);
        }
    }
    blanked
        .lines()
        .enumerate()
        .map(|(i, l)| Line {
            number: i + 1,
            text: normalize(l),
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// The answer-like lines the solution's non-test part adds to the exercise's non-test part,
/// each once, numbered as in the solution. "Adds" is by a line diff (longest common
/// subsequence), not a set difference: a debug exercise whose fix moves a line
/// (keeps_its_place moves `let mut count = 0;` out of the loop) adds that line where it goes.
pub fn added_lines(exercise: &str, solution: &str) -> Vec<Line> {
    let old = code_lines(exercise, crate::verdict::code_end(exercise));
    let new = code_lines(solution, crate::verdict::code_end(solution));
    // Where a line moved, two alignments are equally long (keep the moved line, or keep what it
    // moved past): a line is kept only when both alignments keep it.
    let kept: Vec<bool> = common_subsequence(&old, &new, false)
        .into_iter()
        .zip(common_subsequence(&old, &new, true))
        .map(|(a, b)| a && b)
        .collect();
    let mut seen = HashSet::new();
    new.into_iter()
        .zip(kept)
        .filter(|(l, kept)| !kept && is_answer_like(&l.text))
        .map(|(l, _)| l)
        .filter(|l| seen.insert(l.text.clone()))
        .collect()
}

/// For each line of `new`, whether it belongs to a longest common subsequence with `old`; on a
/// tie, `prefer_old` keeps the line of `old`. Files are a few hundred lines, so the quadratic
/// table is small; a diff crate would be one more dependency for twenty lines.
fn common_subsequence(old: &[Line], new: &[Line], prefer_old: bool) -> Vec<bool> {
    let (n, m) = (old.len(), new.len());
    // len[i][j]: the LCS length of old[i..] and new[j..].
    let mut len = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if old[i].text == new[j].text {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let mut kept = vec![false; m];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i].text == new[j].text {
            kept[j] = true;
            i += 1;
            j += 1;
        } else if len[i + 1][j] > len[i][j + 1] || (len[i + 1][j] == len[i][j + 1] && !prefer_old) {
            i += 1;
        } else {
            j += 1;
        }
    }
    kept
}

/// Every comment line of `src` (any kind: `//`, `///`, `//!`, block comments), marker
/// stripped, whitespace collapsed, with its line number.
pub fn comment_lines(src: &str) -> Vec<Line> {
    let lines = Lines::new(src);
    let mut out = Vec::new();
    for t in lexer::tokenize(src) {
        let first = lines.line_of(t.start);
        let text = t.text(src);
        match t.kind {
            Kind::LineComment => {
                let body = text.trim_start_matches('/').trim_start_matches('!');
                out.push(Line {
                    number: first,
                    text: normalize(body),
                });
            }
            Kind::BlockComment => {
                let inner = text
                    .strip_prefix("/*")
                    .unwrap_or(text)
                    .trim_start_matches(['*', '!']);
                let inner = inner.strip_suffix("*/").unwrap_or(inner);
                for (i, l) in inner.lines().enumerate() {
                    out.push(Line {
                        number: first + i,
                        text: normalize(l.trim_start().trim_start_matches('*')),
                    });
                }
            }
            _ => {}
        }
    }
    out.retain(|l| !l.text.is_empty());
    out
}

/// The comment lines of `exercise` that hold one of `added`, each with the first line it holds.
pub fn comment_giveaways(exercise: &str, added: &[Line]) -> Vec<(usize, String)> {
    comment_lines(exercise)
        .into_iter()
        .filter_map(|c| {
            added
                .iter()
                .find(|a| c.text.contains(&a.text))
                .map(|a| (c.number, a.text.clone()))
        })
        .collect()
}

/// The rustdoc examples of `src`: the fenced code blocks of its doc comments (`///`, `//!`),
/// each with the line where it starts and its code lines (doctest-hidden `# ` lines included,
/// since a learner reading the source sees them).
pub fn doc_examples(src: &str) -> Vec<(usize, Vec<String>)> {
    let lines = Lines::new(src);
    let mut out = Vec::new();
    let mut current: Option<(usize, Vec<String>)> = None;
    let mut last_line = 0;
    for t in lexer::tokenize(src) {
        let text = t.text(src);
        let doc = t.kind == Kind::LineComment
            && (text.starts_with("///") && !text.starts_with("////") || text.starts_with("//!"));
        let line = lines.line_of(t.start);
        // A fence left open by a doc block that ended (or by code in between) closes there.
        if !doc || line != last_line + 1 {
            out.extend(current.take());
        }
        if !doc {
            continue;
        }
        last_line = line;
        let body = text[3..].strip_prefix(' ').unwrap_or(&text[3..]);
        let fence = body.trim_start().starts_with("```");
        match (&mut current, fence) {
            (None, true) => current = Some((line, Vec::new())),
            (Some(_), true) => out.extend(current.take()),
            (Some((_, code)), false) => {
                let code_line = body
                    .strip_prefix("# ")
                    .or_else(|| (body == "#").then_some(""))
                    .unwrap_or(body);
                let code_line = normalize(code_line);
                if !code_line.is_empty() {
                    code.push(code_line);
                }
            }
            (None, false) => {}
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXERCISE: &str = "\
// countdown
//
// Python:              coro:
//   for i in r:          for i in numbers(n) { co.yield_(i).await?; }
/* a block comment:
 *     let total = values.iter().sum::<u32>();
 */
fn countdown(n: u32) -> Coroutine<u32> {
    todo!()
}

#[cfg(test)]
mod tests {
    // let tests_only = something_long_here();
}
";

    const SOLUTION: &str = "\
// countdown: the solution
fn countdown(n: u32) -> Coroutine<u32> {
    Coroutine::new(move |co| async move {
        for i in numbers(n) {
            co.yield_(i).await?;
        }
        let total = values.iter().sum::<u32>(); // a trailing comment is not code
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    // let tests_only = something_long_here();
    fn tests_only() { let tests_only = something_long_here(); }
}
";

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn added_lines_are_the_long_new_code_lines_of_the_non_test_part() {
        let added = added_lines(EXERCISE, SOLUTION);
        assert_eq!(
            texts(&added),
            [
                "Coroutine::new(move |co| async move {",
                "for i in numbers(n) {",
                "co.yield_(i).await?;",
                "let total = values.iter().sum::<u32>();",
            ]
        );
        assert_eq!(added[0].number, 3);
    }

    #[test]
    fn a_comment_holding_a_solution_line_is_found_in_line_and_block_comments() {
        let added = added_lines(EXERCISE, SOLUTION);
        assert_eq!(
            comment_giveaways(EXERCISE, &added),
            [
                (4, "for i in numbers(n) {".to_string()),
                (6, "let total = values.iter().sum::<u32>();".to_string()),
            ]
        );
    }

    #[test]
    fn a_line_the_fix_moves_counts_as_added() {
        let exercise =
            "fn f() {\n    loop {\n        let mut count = 0;\n        count += 1;\n    }\n}\n";
        let solution =
            "fn f() {\n    let mut count = 0;\n    loop {\n        count += 1;\n    }\n}\n";
        assert_eq!(
            texts(&added_lines(exercise, solution)),
            ["let mut count = 0;"]
        );
    }

    #[test]
    fn general_forms_and_short_lines_are_not_giveaways() {
        let exercise =
            "// Use `co.yield_(value).await?` to suspend; end with Ok(())\nfn f() { todo!() }\n";
        let solution = "fn f() {\n    co.yield_(x).await?;\n    Ok(())\n}\n";
        let added = added_lines(exercise, solution);
        assert_eq!(texts(&added), ["co.yield_(x).await?;"]);
        assert!(comment_giveaways(exercise, &added).is_empty());
    }

    #[test]
    fn rustdoc_examples_are_the_fenced_blocks_of_doc_comments() {
        let src = "\
/// Makes one.
///
/// ```
/// # use coro::Coroutine;
/// let c = make();
/// ```
pub fn make() {}
// ```
// not a doc comment
// ```
//! ```rust
//! inner();
//! ```
";
        assert_eq!(
            doc_examples(src),
            [
                (
                    3,
                    vec![
                        "use coro::Coroutine;".to_string(),
                        "let c = make();".to_string()
                    ]
                ),
                (11, vec!["inner();".to_string()]),
            ]
        );
    }

    #[test]
    fn an_example_solves_an_exercise_with_three_lines_and_half_of_the_answer() {
        assert!(!solves(2, 2), "two lines are a general form");
        assert!(solves(3, 6));
        assert!(!solves(3, 7));
        let added = added_lines(EXERCISE, SOLUTION);
        let example: Vec<String> = code_lines(SOLUTION, SOLUTION.len())
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(held_lines(&added, &example), 4);
    }
}
