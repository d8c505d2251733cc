//! Draws the [`App`] onto a terminal of a given size. Every frame is drawn whole from the
//! state alone: the screen is small, and a whole frame cannot leave stale text behind after a
//! resize. Every line is wrapped to the width (by terminal columns); what does not fit the
//! height scrolls.

use std::io::Write;

use colored::Colorize;
use crossterm::cursor::MoveTo;
use crossterm::queue;
use crossterm::terminal::{Clear, ClearType};

use super::app::{App, CheckState, Input, View, page_title};
use super::text::{char_width, first_problem, sanitize, visible_width, wrap};
use crate::draw::{self, bar};
use crate::runner::Status;

/// Writes one frame of `app` for a `width` x `height` terminal; returns what the app must know
/// of it (the scrolling area's size).
pub fn draw(out: &mut impl Write, app: &App, width: u16, height: u16) -> std::io::Result<Input> {
    let frame = frame(app, usize::from(width.max(1)), usize::from(height.max(1)));
    queue!(out, MoveTo(0, 0), Clear(ClearType::All))?;
    for (row, line) in frame.lines.iter().enumerate() {
        queue!(out, MoveTo(0, row as u16))?;
        // A colour left open by a test's output must not bleed into the next line.
        write!(out, "{}\x1b[0m", fit(line, usize::from(width)))?;
    }
    out.flush()?;
    Ok(Input::Drawn {
        rows: frame.rows,
        max_scroll: frame.max_scroll,
    })
}

/// One frame: exactly `height` lines, none wider than the width.
pub struct Frame {
    pub lines: Vec<String>,
    /// Rows of the scrolling area showing text.
    pub rows: usize,
    /// How many lines the area can scroll past.
    pub max_scroll: usize,
}

/// The frame for a `width` x `height` terminal.
pub fn frame(app: &App, width: usize, height: usize) -> Frame {
    let top = header(app, width);
    let mut bars = bars(app, width);
    let keys = flow(
        legend(app).split("  ").map(|k| k.dimmed().to_string()),
        width,
    );
    let status: Vec<String> = match &app.status {
        Some(s) => wrap_all(&sanitize(&s.text), width)
            .into_iter()
            .map(|l| l.yellow().to_string())
            .collect(),
        None => vec![],
    };
    let area = area(app, width);
    // On a short terminal the two rules go first, then the bars of each rank (the overall bar
    // stays): the result and the keys matter more.
    let wanted = area.len().clamp(1, 6);
    let fixed = |bars: usize, rules: usize| top.len() + rules + bars + keys.len() + status.len();
    let mut rules = 2;
    if height.saturating_sub(fixed(bars.len(), rules)) < wanted {
        rules = 0;
    }
    if height.saturating_sub(fixed(bars.len(), rules)) < wanted && bars.len() > 1 {
        bars.drain(..bars.len() - 1);
    }
    let room = height.saturating_sub(fixed(bars.len(), rules));
    let (shown, rows, max_scroll) = match &app.view {
        View::List { .. } => {
            let (lines, rows) = list_window(app, width, room);
            (lines, rows, 0)
        }
        _ => scroll_window(area, app.scroll, room, width),
    };
    let rule = "─".repeat(width).dimmed().to_string();
    let mut lines = top;
    if rules > 0 {
        lines.push(rule.clone());
    }
    let body_start = lines.len();
    lines.extend(shown);
    lines.resize(body_start + room, String::new());
    if rules > 0 {
        lines.push(rule);
    }
    lines.extend(bars);
    lines.extend(keys);
    lines.extend(status);
    lines.truncate(height);
    lines.resize(height, String::new());
    Frame {
        lines,
        rows,
        max_scroll,
    }
}

/// The lines of `area` from `scroll` on that fit `room` rows, the last row saying where they
/// are when the area does not fit. Returns them, the rows of text and how far it can scroll.
fn scroll_window(
    area: Vec<String>,
    scroll: usize,
    room: usize,
    width: usize,
) -> (Vec<String>, usize, usize) {
    if area.len() <= room {
        return (area, room, 0);
    }
    let rows = room.saturating_sub(1);
    let max_scroll = area.len() - rows;
    let from = scroll.min(max_scroll);
    let total = area.len();
    let mut shown: Vec<String> = area.into_iter().skip(from).take(rows).collect();
    if room > 0 {
        let place = format!(
            "lines {}-{} of {total}: ↑↓ j k PgUp PgDn Home End scroll",
            from + 1,
            from + rows
        );
        shown.push(fit(&place, width).dimmed().to_string());
    }
    (shown, rows, max_scroll)
}

/// The first lines: where the learner is.
fn header(app: &App, width: usize) -> Vec<String> {
    let exercise = app.exercise();
    let rank_title = app
        .course
        .rank(exercise.rank)
        .map(|r| format!("Rank {} {}", r.number, r.title))
        .unwrap_or_default();
    let mut lines = wrap_all(
        &format!(
            "{}  {}  {}",
            "coro-lings".bold(),
            rank_title.cyan(),
            exercise.id.bold()
        ),
        width,
    );
    // A link cannot be wrapped: it is cut at the edge instead (`fit` keeps it whole).
    lines.push(link(
        &app.course.root.join(&exercise.path),
        &exercise.path.display().to_string(),
    ));
    lines
}

/// One bar per rank, flowed into lines, then the overall bar.
fn bars(app: &App, width: usize) -> Vec<String> {
    // Narrower bars before a second line: five ranks fit 80 columns with four marks each.
    let marks = if width >= 100 { 6 } else { 4 };
    let cells = app.course.ranks.iter().map(|r| {
        let ids: Vec<&str> = app
            .course
            .exercises
            .iter()
            .filter(|e| e.rank == r.number)
            .map(|e| e.id.as_str())
            .collect();
        let done = app.progress.count_done(ids.iter().copied());
        format!("R{} {}", r.number, bar(done, ids.len(), marks))
    });
    let mut lines = flow(cells, width);
    let all = app.course.exercises.iter().map(|e| e.id.as_str());
    let overall = bar(
        app.progress.count_done(all),
        app.course.exercises.len(),
        width.saturating_sub(18).clamp(6, 30),
    );
    lines.extend(wrap_all(&format!("Overall {overall}"), width));
    lines
}

/// What the scrolling area holds, wrapped to the width.
fn area(app: &App, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let push = |text: &str, lines: &mut Vec<String>| lines.extend(wrap_all(text, width));
    match &app.view {
        View::Page(page, text) => {
            push(&page_title(app, page).bold().to_string(), &mut lines);
            lines.push(String::new());
            for line in sanitize(text).lines() {
                push(line, &mut lines);
            }
            return lines;
        }
        View::ConfirmReset { index, .. } => {
            let e = &app.course.exercises[*index];
            let ask = format!(
                "Reset {} to the shipped version? Your version is kept as a backup. (y/n)",
                e.path.display()
            );
            push(&ask.bold().to_string(), &mut lines);
            return lines;
        }
        View::Main | View::List { .. } => {}
    }
    if let Some(rank) = app.notes_offer {
        let title = app.course.rank(rank).map_or("", |r| r.title.as_str());
        let offer = format!(
            "Rank {rank} ({title}) begins here. Its notes explain what its exercises need: \
             press o to read them now, or any other key to go on without them."
        );
        push(&offer.cyan().bold().to_string(), &mut lines);
        lines.push(String::new());
    }
    if app.welcome {
        for l in paragraphs(&app.course.welcome_message) {
            push(&l, &mut lines);
        }
        lines.push(String::new());
    }
    if app.all_done() && app.passed() {
        for l in paragraphs(&app.course.final_message) {
            push(&l.green().to_string(), &mut lines);
        }
        lines.push(String::new());
    }
    if let Some((done, total)) = app.check_all {
        let text = format!("Checking every exercise: {done}/{total}");
        push(&text.bold().to_string(), &mut lines);
        return lines;
    }
    lines.extend(result(app, width));
    lines
}

/// The current exercise's check: its verdict, the first problem, the hints shown, the rest of
/// the output.
fn result(app: &App, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let push = |text: &str, lines: &mut Vec<String>| lines.extend(wrap_all(text, width));
    let exercise = app.exercise();
    let hints = |lines: &mut Vec<String>| {
        for n in 1..=app.hints_shown {
            let text = draw::hint(exercise, n);
            lines.extend(wrap_all(&text.cyan().to_string(), width));
        }
        if app.hints_shown > 0 {
            lines.push(String::new());
        }
    };
    match &app.check {
        CheckState::NotYet => {
            hints(&mut lines);
            let text = "Save the exercise to check it.".dimmed().to_string();
            push(&text, &mut lines);
        }
        CheckState::Running => {
            hints(&mut lines);
            push(&"Checking…".bold().to_string(), &mut lines);
        }
        CheckState::CouldNotRun(why) => {
            let text = format!("{} The check could not run: {why}", "✗".red().bold());
            push(&sanitize(&text), &mut lines);
            lines.push(String::new());
            hints(&mut lines);
        }
        CheckState::Done(o) if o.status == Status::Passed => {
            let passes = format!("{} {} passes!", "✓".green().bold(), exercise.id);
            push(&passes.green().bold().to_string(), &mut lines);
            let next = format!(
                "The reference solution is {}: press s to read it, n for the next exercise.",
                exercise.solution.display()
            );
            push(&next, &mut lines);
            let output = sanitize(&o.output);
            if let Some(last) = output.lines().rev().find(|l| !l.trim().is_empty()) {
                push(last, &mut lines);
            }
            lines.push(String::new());
            hints(&mut lines);
        }
        CheckState::Done(o) => {
            let failed = format!("{} {}", "✗".red().bold(), o.status.label().red().bold());
            push(&failed, &mut lines);
            // Whatever the test printed is shown, never obeyed.
            let (first, rest) = first_problem(&sanitize(&o.output));
            for line in &first {
                push(line, &mut lines);
            }
            if !first.is_empty() {
                lines.push(String::new());
            }
            hints(&mut lines);
            for line in &rest {
                push(line, &mut lines);
            }
        }
    }
    lines
}

/// The list: each rank's notes and examples, then its exercises; the window follows the
/// selection. Returns the lines and the rows the list has.
fn list_window(app: &App, width: usize, room: usize) -> (Vec<String>, usize) {
    let View::List {
        selected,
        filter,
        typing,
    } = &app.view
    else {
        return (vec![], 0);
    };
    let title = if *typing || !filter.is_empty() {
        let cursor = if *typing { "▏" } else { "" };
        format!("Exercises matching /{filter}{cursor}")
    } else {
        "Exercises, beside each rank's notes (o) and examples (e)".to_string()
    };
    let mut lines = wrap_all(&title.bold().to_string(), width);
    let mut body = Vec::new();
    let mut selected_row = 0;
    let mut rank = None;
    for (pos, &i) in app.listed().iter().enumerate() {
        let e = &app.course.exercises[i];
        if rank != Some(e.rank) {
            rank = Some(e.rank);
            if let Some(r) = app.course.rank(e.rank) {
                let examples = app.examples_of(e.rank).join(", ");
                let heading = format!("Rank {} {}", r.number, r.title);
                body.push(fit_with_ellipsis(&heading.cyan().bold().to_string(), width));
                let extras = format!("  notes {}  examples {examples}", r.notes.display());
                body.push(fit_with_ellipsis(&extras.dimmed().to_string(), width));
            }
        }
        let status = if app.progress.done.contains(&e.id) {
            "done   ".green()
        } else {
            "pending".yellow()
        };
        let marker = if pos == *selected { "▶" } else { " " };
        let current = if i == app.current { "*" } else { " " };
        if pos == *selected {
            selected_row = body.len();
        }
        let row = format!(
            "{marker}{current} {status}  {:<32} {}",
            e.id,
            e.summary.dimmed()
        );
        body.push(fit_with_ellipsis(&row, width));
    }
    let rows = room.saturating_sub(lines.len());
    // Keep the selection on screen, a third of the way down.
    let skip = selected_row
        .saturating_sub(rows / 3)
        .min(body.len().saturating_sub(rows));
    lines.extend(body.into_iter().skip(skip).take(rows));
    (lines, rows)
}

/// `items` on lines of at most `width` columns, two spaces apart, never split (an item wider
/// than a line is wrapped on its own).
fn flow(items: impl IntoIterator<Item = String>, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![];
    for item in items {
        match lines.last_mut() {
            Some(line) if visible_width(line) + 2 + visible_width(&item) <= width => {
                line.push_str("  ");
                line.push_str(&item);
            }
            _ => lines.extend(wrap(&item, width)),
        }
    }
    lines
}

/// The paragraphs of prose written with line breaks of its own (`info.toml`'s messages), each
/// on one line for [`wrap`]; a blank line between paragraphs stays.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, paragraph) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.push(
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    out
}

/// Every line of `text` wrapped to `width`.
fn wrap_all(text: &str, width: usize) -> Vec<String> {
    text.lines().flat_map(|l| wrap(l, width)).collect()
}

/// `line` cut to `width` columns, with `…` where it was cut.
fn fit_with_ellipsis(line: &str, width: usize) -> String {
    if visible_width(line) <= width {
        return line.to_string();
    }
    format!("{}…", fit(line, width.saturating_sub(1)))
}

fn legend(app: &App) -> &'static str {
    match app.view {
        View::List { typing: true, .. } => "type to filter  Enter done  Esc done",
        View::List { .. } => "↑/k ↓/j move  / filter  Enter jump  x reset  Esc back",
        View::ConfirmReset { .. } => "y reset  any other key cancels",
        View::Page(..) => "↑↓ PgUp PgDn scroll  Esc back  n next  h hint  q quit",
        View::Main => {
            "n next  h hint  s solution  o notes  e example  l list  c check all  x reset  \
             r rerun  q quit"
        }
    }
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
mod tests;
