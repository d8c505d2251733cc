//! The notes-reference check of `dev check`: every notes section that a hint or an exercise
//! header names must be a heading of that notes file, so that "see section X" never sends a
//! learner looking for something that is not there.
//!
//! A reference reads `notes/rank2.md, section "A yield that receives"` or `sections "A" and "B"`
//! (`"A", "B" and "C"` too); a `section "X"` with no notes file before it in the same text means
//! the exercise's own rank notes.

use std::collections::HashMap;
use std::fs;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::course::Course;

/// A section named in a text: the notes file (as written, relative to the course root), the
/// section, and the byte offset of the word "section" in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub notes: String,
    pub section: String,
    pub at: usize,
}

/// Every broken notes reference in the course's hints and exercise headers.
pub fn check(course: &Course) -> Vec<String> {
    let root = &course.root;
    let mut headings: HashMap<String, Option<Vec<String>>> = HashMap::new();
    let mut headings_of = |notes: &str| {
        headings
            .entry(notes.to_string())
            .or_insert_with(|| {
                fs::read_to_string(root.join(notes))
                    .ok()
                    .map(|md| markdown_headings(&md))
            })
            .clone()
    };
    let mut problems = Vec::new();
    for e in &course.exercises {
        let own = course
            .ranks
            .iter()
            .find(|r| r.number == e.rank)
            .map(|r| r.notes.display().to_string())
            .unwrap_or_default();
        let mut places: Vec<(String, Reference)> = Vec::new();
        for (i, hint) in e.hints.iter().enumerate() {
            for r in references(hint, &own) {
                places.push((format!("{}: hint {}", e.id, i + 1), r));
            }
        }
        if let Ok(src) = fs::read_to_string(root.join(&e.path)) {
            let (header, line_of) = header_text(&src);
            for r in references(&header, &own) {
                places.push((
                    format!("{}:{}: the header", e.path.display(), line_of(r.at)),
                    r,
                ));
            }
        }
        for (place, r) in places {
            match headings_of(&r.notes) {
                None => problems.push(format!("{place} names {}, which does not exist", r.notes)),
                Some(hs) if hs.iter().any(|h| same_heading(h, &r.section)) => {}
                Some(hs) => problems.push(format!(
                    "{place} names section \"{}\" of {}, which has no such heading{}",
                    r.section,
                    r.notes,
                    nearest(&r.section, &hs)
                        .map_or(String::new(), |h| format!(" (nearest: \"{h}\")"))
                )),
            }
        }
    }
    problems
}

/// The sections `text` names, with the notes file each belongs to.
pub fn references(text: &str, default_notes: &str) -> Vec<Reference> {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths outside ASCII; fall back to the text itself then.
    let lower = if lower.len() == text.len() {
        lower
    } else {
        text.to_string()
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("section") {
        let at = from + found;
        from = at + "section".len();
        let word_start = at == 0 || !lower[..at].ends_with(|c: char| c.is_alphanumeric());
        if !word_start {
            continue;
        }
        let mut rest = &text[from..];
        rest = rest.strip_prefix('s').unwrap_or(rest);
        let notes = text[..at]
            .rmatch_indices("notes/")
            .next()
            .and_then(|(i, _)| {
                let path = &text[i..];
                path.find(".md").map(|end| path[..end + 3].to_string())
            })
            .unwrap_or_else(|| default_notes.to_string());
        loop {
            rest = rest.trim_start();
            let Some((open, close)) = [('"', '"'), ('\u{201c}', '\u{201d}')]
                .into_iter()
                .find(|(o, _)| rest.starts_with(*o))
            else {
                break;
            };
            let body = &rest[open.len_utf8()..];
            let Some(end) = body.find(close) else { break };
            out.push(Reference {
                notes: notes.clone(),
                section: body[..end].to_string(),
                at,
            });
            rest = body[end + close.len_utf8()..].trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
            for joiner in ["and ", "or "] {
                rest = rest.strip_prefix(joiner).unwrap_or(rest);
            }
        }
    }
    out
}

/// The headings of a markdown text (any level, ATX or setext; code blocks are not headings),
/// as plain text: inline code keeps its text, emphasis marks go.
pub fn markdown_headings(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// A heading's words as a hint would cite them: case, backticks, spacing and a closing period
/// or colon do not matter.
fn key(s: &str) -> String {
    s.replace('`', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ':'])
        .to_lowercase()
}

fn same_heading(heading: &str, section: &str) -> bool {
    key(heading) == key(section)
}

/// The heading a mistyped or renamed section most likely meant: one that contains it (a heading
/// that grew), else the most similar by edit distance or shared words.
fn nearest<'a>(section: &str, headings: &'a [String]) -> Option<&'a str> {
    let want = key(section);
    let words: Vec<&str> = want.split(' ').collect();
    let score = |h: &str| {
        let have = key(h);
        if have.contains(&want) || want.contains(&have) {
            return 2.0;
        }
        let shared = words
            .iter()
            .filter(|w| have.split(' ').any(|x| x == **w))
            .count();
        let union = words.len() + have.split(' ').count() - shared;
        let overlap = shared as f64 / union.max(1) as f64;
        strsim::normalized_damerau_levenshtein(&want, &have).max(overlap)
    };
    headings
        .iter()
        .map(|h| (score(h), h.as_str()))
        .filter(|(s, _)| *s > 0.3)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, h)| h)
}

/// The leading comment block of an exercise as one text (markers stripped, one line per
/// comment line), and a map from a byte offset in it back to the file's line.
fn header_text(src: &str) -> (String, impl Fn(usize) -> usize) {
    let mut text = String::new();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let Some(body) = line.trim_start().strip_prefix("//") else {
            break;
        };
        starts.push((text.len(), i + 1));
        text.push_str(body.trim_start_matches(['/', '!']));
        text.push('\n');
    }
    let line_of = move |at: usize| {
        starts
            .iter()
            .rev()
            .find(|(s, _)| *s <= at)
            .map_or(1, |(_, l)| *l)
    };
    (text, line_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(text: &str) -> Vec<(String, String)> {
        references(text, "notes/rank9.md")
            .into_iter()
            .map(|r| (r.notes, r.section))
            .collect()
    }

    fn pair(n: &str, s: &str) -> (String, String) {
        (n.to_string(), s.to_string())
    }

    #[test]
    fn one_section_several_sections_and_the_default_notes_file_are_read() {
        assert_eq!(
            sections(
                "notes/rank2.md, sections \"A yield that receives\" and \"Timeline of one send\". More."
            ),
            [
                pair("notes/rank2.md", "A yield that receives"),
                pair("notes/rank2.md", "Timeline of one send")
            ]
        );
        assert_eq!(
            sections("See section \"Priming\", then sections \"A\", \"B\" and \"C\"."),
            [
                pair("notes/rank9.md", "Priming"),
                pair("notes/rank9.md", "A"),
                pair("notes/rank9.md", "B"),
                pair("notes/rank9.md", "C")
            ]
        );
        assert_eq!(
            sections("notes/rank3.md, Section \u{201c}Windows\u{201d}; intersections \"no\""),
            [pair("notes/rank3.md", "Windows")]
        );
        assert!(sections("a section without quotes").is_empty());
    }

    #[test]
    fn headings_are_found_at_every_level_but_not_in_code_blocks() {
        let md = "# Rank 4\n\n## Python and `coro`, side by side\n\ntext\n\n```\n# not a heading\n```\n\n### Timeline *of* one round\n";
        assert_eq!(
            markdown_headings(md),
            [
                "Rank 4",
                "Python and coro, side by side",
                "Timeline of one round"
            ]
        );
    }

    #[test]
    fn a_section_matches_its_heading_regardless_of_case_and_backticks() {
        assert!(same_heading(
            "Python and coro, side by side",
            "python and `coro`, side by side"
        ));
        assert!(!same_heading(
            "Pipelines that grow, and lazy comparison",
            "Lazy comparison"
        ));
    }

    #[test]
    fn the_nearest_heading_is_one_that_grew_or_the_most_similar() {
        let hs: Vec<String> = [
            "Who drives whom",
            "Pipelines that grow, and lazy comparison",
            "Round robin",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            nearest("Lazy comparison", &hs),
            Some("Pipelines that grow, and lazy comparison")
        );
        assert_eq!(nearest("Round-robin", &hs), Some("Round robin"));
        assert_eq!(nearest("Zebra", &hs), None);
    }

    #[test]
    fn header_references_know_their_line() {
        let src = "// title\n//\n// Read notes/rank1.md, section \"States\".\nfn main() {}\n// section \"Not header\"\n";
        let (text, line_of) = header_text(src);
        let refs = references(&text, "notes/rank1.md");
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].section, "States");
        assert_eq!(line_of(refs[0].at), 3);
    }
}
