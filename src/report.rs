//! Machine-readable verify reports for CI: JSON lines and JUnit XML.

use std::fmt::Write;

use anyhow::Result;
use serde::Serialize;

use crate::course::Course;
use crate::runner::{Outcome, Status, strip_ansi};
use crate::trace::TestTrace;

/// How `verify` reports: text for people, or a format for CI systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
// No doc comments on the variants: clap would show them in `--help`, which already says it.
pub enum Format {
    Text,
    Json,
    Junit,
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    rank: u32,
    status: Word,
    duration_ms: u128,
    first_error: Option<String>,
    /// The turns of the coroutines of each failing test (empty when there are none to show).
    trace: &'a [TestTrace],
}

/// A line's `status`: the check's own (`passed`, `compile_error`, ...) or `error` when the
/// check could not run.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Word {
    Error,
    #[serde(untagged)]
    Checked(Status),
}

/// One JSON object per exercise, one per line, in course order.
pub fn json_lines(course: &Course, results: &[Result<Outcome>]) -> String {
    let mut out = String::new();
    for (e, r) in course.exercises.iter().zip(results) {
        let line = match r {
            Ok(o) => Line {
                id: &e.id,
                rank: e.rank,
                status: Word::Checked(o.status),
                duration_ms: o.duration.as_millis(),
                first_error: o.first_error_line(),
                trace: &o.trace,
            },
            Err(err) => Line {
                id: &e.id,
                rank: e.rank,
                status: Word::Error,
                duration_ms: 0,
                first_error: Some(format!("{err:#}")),
                trace: &[],
            },
        };
        out.push_str(&serde_json::to_string(&line).expect("plain data serializes"));
        out.push('\n');
    }
    out
}

/// A JUnit XML report: one test suite per rank, one test case per exercise.
pub fn junit(course: &Course, results: &[Result<Outcome>]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failures = results
        .iter()
        .filter(|r| !matches!(r, Ok(o) if o.status == Status::Passed))
        .count();
    let _ = writeln!(
        out,
        "<testsuites name=\"coro-lings\" tests=\"{}\" failures=\"{failures}\">",
        results.len()
    );
    for rank in &course.ranks {
        let cases: Vec<_> = course
            .exercises
            .iter()
            .zip(results)
            .filter(|(e, _)| e.rank == rank.number)
            .collect();
        let failed = cases
            .iter()
            .filter(|(_, r)| !matches!(r, Ok(o) if o.status == Status::Passed))
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"rank{} {}\" tests=\"{}\" failures=\"{failed}\">",
            rank.number,
            xml(&rank.title),
            cases.len()
        );
        for (e, r) in cases {
            let time = r.as_ref().map_or(0.0, |o| o.duration.as_secs_f64());
            let _ = write!(
                out,
                "    <testcase classname=\"rank{}\" name=\"{}\" time=\"{time:.3}\"",
                e.rank,
                xml(&e.id)
            );
            match r {
                Ok(o) if o.status == Status::Passed => out.push_str("/>\n"),
                Ok(o) => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                        crate::course::variant_name(&o.status),
                        xml(&o.first_error_line().unwrap_or_default()),
                        xml(&strip_ansi(&o.output))
                    );
                }
                Err(err) => {
                    let _ = writeln!(
                        out,
                        ">\n      <error message=\"{}\"/>\n    </testcase>",
                        xml(&format!("{err:#}"))
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for XML. Characters XML 1.0 does not allow anywhere, not even as references
/// (control characters other than tab, newline and carriage return; U+FFFE and U+FFFF), become
/// U+FFFD, so that a test printing them cannot make the whole report unreadable while the reader
/// still sees that something was there.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if xml_allowed(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0's `Char` production. Rust's `char` has no surrogates, so these are all the gaps.
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_replaces_characters_xml_forbids() {
        assert_eq!(
            xml("a<b & \"c\"\u{1b}\tz"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}\tz"
        );
        assert_eq!(xml("\u{FFFE}\u{FFFF}\u{0}"), "\u{FFFD}\u{FFFD}\u{FFFD}");
        assert_eq!(xml("\u{FFFD}\u{10000}é"), "\u{FFFD}\u{10000}é");
    }

    #[test]
    fn a_status_is_written_as_serde_names_it_and_a_check_that_could_not_run_as_error() {
        let word = |w: Word| serde_json::to_string(&w).unwrap();
        assert_eq!(
            word(Word::Checked(Status::CompileError)),
            "\"compile_error\""
        );
        assert_eq!(
            word(Word::Checked(Status::TestsChanged)),
            "\"tests_changed\""
        );
        assert_eq!(word(Word::Error), "\"error\"");
    }
}
