//! Draws the [`App`] onto a terminal of a given size. Every frame is drawn whole: the screen is
//! small, and a whole frame cannot leave stale text behind after a resize.

use std::io::Write;

use colored::Colorize;
use crossterm::cursor::MoveTo;
use crossterm::queue;
use crossterm::terminal::{Clear, ClearType};

use super::app::{App, View};
use super::text::{char_width, sanitize, width as text_width};
use crate::draw::{self, bar};
use crate::runner::Status;

/// Writes one frame of `app` for a `width` x `height` terminal.
pub fn draw(out: &mut impl Write, app: &App, width: u16, height: u16) -> std::io::Result<()> {
    let width = usize::from(width.max(20));
    let height = usize::from(height.max(8));
    let lines = frame(app, width, height);
    queue!(out, MoveTo(0, 0), Clear(ClearType::All))?;
    for (row, line) in lines.iter().take(height).enumerate() {
        queue!(out, MoveTo(0, row as u16))?;
        // A colour left open by a test's output must not bleed into the next line.
        write!(out, "{}\x1b[0m", fit(line, width))?;
    }
    out.flush()
}

/// The frame as lines, before they are cut to the width.
pub fn frame(app: &App, width: usize, height: usize) -> Vec<String> {
    let exercise = &app.course.exercises[app.current];
    let rank_title = app
        .course
        .rank(exercise.rank)
        .map(|r| format!("Rank {} {}", r.number, r.title))
        .unwrap_or_default();
    let mut top = vec![
        format!(
            "{}  {}  {}",
            "coro-lings".bold(),
            rank_title.cyan(),
            exercise.id.bold()
        ),
        link(
            &app.course.root.join(&exercise.path),
            &exercise.path.display().to_string(),
        ),
        "─".repeat(width).dimmed().to_string(),
    ];

    let mut bottom = vec!["─".repeat(width).dimmed().to_string()];
    let ranks: Vec<String> = app
        .course
        .ranks
        .iter()
        .map(|r| {
            let ids = app
                .course
                .exercises
                .iter()
                .filter(|e| e.rank == r.number)
                .map(|e| e.id.as_str());
            let total = app
                .course
                .exercises
                .iter()
                .filter(|e| e.rank == r.number)
                .count();
            format!(
                "R{} {}",
                r.number,
                bar(app.progress.count_done(ids), total, 6)
            )
        })
        .collect();
    bottom.push(ranks.join("  "));
    let all = app.course.exercises.iter().map(|e| e.id.as_str());
    bottom.push(format!(
        "Overall {}",
        bar(app.progress.count_done(all), app.course.exercises.len(), 30)
    ));
    bottom.push(legend(app));
    if let Some(m) = &app.message {
        bottom.extend(
            wrap(&sanitize(m), width)
                .into_iter()
                .map(|l| l.yellow().to_string()),
        );
    }

    let room = height.saturating_sub(top.len() + bottom.len());
    let mut body = body(app, width);
    if body.len() > room {
        let hidden = body.len() - room + 1;
        body.truncate(room.saturating_sub(1));
        body.push(
            format!(
                "… {hidden} more lines: `coro-lings run {}` shows everything",
                exercise.name
            )
            .dimmed()
            .to_string(),
        );
    }
    body.resize(room, String::new());
    top.extend(body);
    top.extend(bottom);
    top
}

fn body(app: &App, width: usize) -> Vec<String> {
    let exercise = &app.course.exercises[app.current];
    let mut lines = Vec::new();
    match &app.view {
        View::List {
            selected,
            filter,
            typing,
        } => {
            let listed = app.listed();
            let title = if *typing || !filter.is_empty() {
                format!(
                    "Exercises matching /{filter}{}",
                    if *typing { "▏" } else { "" }
                )
            } else {
                "Exercises".to_string()
            };
            lines.push(title.bold().to_string());
            for (pos, &i) in listed.iter().enumerate() {
                let e = &app.course.exercises[i];
                let status = if app.progress.done.contains(&e.id) {
                    "done   ".green()
                } else {
                    "pending".yellow()
                };
                let marker = if pos == *selected { "▶" } else { " " };
                let current = if i == app.current { "*" } else { " " };
                lines.push(format!(
                    "{marker}{current} {status}  {:<32} {}",
                    e.id,
                    e.summary.dimmed()
                ));
            }
            // Keep the selection on screen: start the list a little above it.
            let skip = selected.saturating_sub(8);
            if skip > 0 {
                lines.drain(1..=skip.min(lines.len() - 1));
            }
            return lines;
        }
        View::Solution => {
            lines.push(format!(
                "{} {}",
                "Solution:".green().bold(),
                exercise.solution.display()
            ));
            match std::fs::read_to_string(app.course.root.join(&exercise.solution)) {
                Ok(text) => lines.extend(sanitize(&text).lines().map(str::to_string)),
                Err(e) => lines.push(format!("cannot read it: {e}")),
            }
            return lines;
        }
        View::ConfirmReset { index, .. } => {
            let e = &app.course.exercises[*index];
            lines.push(
                format!(
                    "Reset {} to the shipped version? Your version is kept as a backup. (y/n)",
                    e.path.display()
                )
                .bold()
                .to_string(),
            );
            return lines;
        }
        View::Main => {}
    }

    if app.welcome {
        for l in app.course.welcome_message.lines() {
            lines.extend(wrap(l, width));
        }
        lines.push(String::new());
    }
    if app.all_done() && app.passed() {
        for l in app.course.final_message.lines() {
            lines.extend(wrap(l, width).into_iter().map(|l| l.green().to_string()));
        }
        lines.push(String::new());
    }
    for k in 1..=app.hints_shown {
        let text = draw::hint(exercise, k);
        lines.extend(wrap(&text, width).into_iter().map(|l| l.cyan().to_string()));
    }
    if app.hints_shown > 0 {
        lines.push(String::new());
    }
    if let Some((done, total)) = app.check_all {
        lines.push(
            format!("Checking every exercise: {done}/{total}")
                .bold()
                .to_string(),
        );
        return lines;
    }
    if app.checking {
        lines.push("Checking…".bold().to_string());
    }
    match &app.outcome {
        None if !app.checking => lines.push("Save the exercise to check it.".dimmed().to_string()),
        None => {}
        Some(o) if o.status == Status::Passed => {
            lines.push(
                format!("{} {} passes!", "✓".green().bold(), exercise.id)
                    .green()
                    .bold()
                    .to_string(),
            );
            lines.push(format!(
                "The reference solution is {}: press s to read it, n for the next exercise.",
                exercise.solution.display()
            ));
            let output = sanitize(&o.output);
            let tail: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
            if let Some(last) = tail.last() {
                lines.push(last.to_string());
            }
        }
        Some(o) => {
            lines.push(format!(
                "{} {}",
                "✗".red().bold(),
                o.status.label().red().bold()
            ));
            // Whatever the test printed is shown, never obeyed.
            lines.extend(sanitize(&o.output).lines().map(str::to_string));
        }
    }
    lines
}

fn legend(app: &App) -> String {
    let keys = match app.view {
        View::List { typing: true, .. } => "type to filter  Enter done  Esc done",
        View::List { .. } => "↑/k ↓/j move  / filter  Enter jump  x reset  Esc back",
        View::ConfirmReset { .. } => "y reset  any other key cancels",
        View::Solution => "s/Esc back  n next  q quit",
        View::Main => "n next  h hint  s solution  l list  c check all  x reset  r rerun  q quit",
    };
    keys.dimmed().to_string()
}

/// A terminal hyperlink (OSC 8) to `path`, showing `text`; terminals without support show the
/// text alone.
fn link(path: &std::path::Path, text: &str) -> String {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    format!(
        "\x1b]8;;file://{}\x1b\\{}\x1b]8;;\x1b\\",
        absolute.display(),
        text.underline()
    )
}

/// Word-wraps plain text to `width` terminal columns.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().expect("never empty");
        if !last.is_empty() && text_width(last) + 1 + text_width(word) > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// Cuts `line` to `width` terminal columns, keeping escape sequences (colors, links) intact.
/// A wide character that would straddle the edge is left out rather than wrapped.
pub fn fit(line: &str, width: usize) -> String {
    let mut out = String::with_capacity(line.len());
    let mut visible = 0;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            out.push(c);
            // CSI (`ESC [ ... final`) or OSC (`ESC ] ... ESC \`).
            match chars.next() {
                Some('[') => {
                    out.push('[');
                    for c in chars.by_ref() {
                        out.push(c);
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    out.push(']');
                    while let Some(c) = chars.next() {
                        out.push(c);
                        if c == '\x1b' && chars.peek() == Some(&'\\') {
                            out.push(chars.next().expect("peeked"));
                            break;
                        }
                    }
                }
                Some(other) => out.push(other),
                None => {}
            }
            continue;
        }
        if c == '\t' {
            // Text from outside is sanitized already; this is for tabs of our own.
            let spaces = 8 - visible % 8;
            if visible + spaces > width {
                out.push_str("\x1b[0m");
                break;
            }
            visible += spaces;
            out.extend(std::iter::repeat_n(' ', spaces));
            continue;
        }
        let w = char_width(c);
        if visible + w > width {
            out.push_str("\x1b[0m");
            break;
        }
        visible += w;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_only_visible_characters_and_keeps_escapes() {
        let red = "\x1b[31mabcdef\x1b[0m";
        assert_eq!(fit(red, 3), "\x1b[31mabc\x1b[0m");
        let linked = "\x1b]8;;file:///x\x1b\\ab\x1b]8;;\x1b\\";
        assert_eq!(fit(linked, 10), linked);
    }

    #[test]
    fn fit_measures_terminal_columns() {
        assert_eq!(fit("漢字漢字", 5), "漢字\x1b[0m");
        assert_eq!(fit("e\u{301}tc", 2), "e\u{301}t\x1b[0m");
        assert_eq!(fit("a\tb", 20), "a       b");
    }

    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
    }
}
