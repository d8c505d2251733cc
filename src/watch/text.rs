//! Text from outside (test output, files) made safe for the screen, and widths in terminal
//! columns. A test can print anything: an escape sequence that leaves the alternate screen,
//! sets the window title or moves the cursor would corrupt the frame, a tab or a wide character
//! would push text past the edge. Only colours (SGR, `ESC [ ... m`) pass through.

use unicode_width::UnicodeWidthChar;

/// Where tabs stop, as in every terminal's default.
const TAB: usize = 8;

/// `text` with every escape sequence but SGR removed, tabs expanded to spaces, and other
/// control characters shown in caret notation (`^G`) or, for C1 controls, as U+FFFD. Newlines
/// are kept; carriage returns are dropped (a progress line that redraws itself shows its last
/// state followed by the earlier ones, which is harmless; moving the cursor is not).
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                Some('[') => {
                    // CSI: parameter and intermediate bytes, then one final byte.
                    let mut body = String::new();
                    let mut final_byte = None;
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            final_byte = Some(c);
                            break;
                        }
                        body.push(c);
                    }
                    let is_sgr = final_byte == Some('m')
                        && body
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == ';' || c == ':');
                    if is_sgr {
                        out.push_str("\x1b[");
                        out.push_str(&body);
                        out.push('m');
                    }
                }
                // OSC, DCS, SOS, PM, APC: a string ended by BEL (OSC only) or ST (`ESC \`).
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    while let Some(c) = chars.next() {
                        if c == '\x07' {
                            break;
                        }
                        if c == '\x1b' {
                            if chars.peek() == Some(&'\\') {
                                chars.next();
                            }
                            break;
                        }
                    }
                }
                // Two- and three-byte sequences (`ESC c` resets the terminal, `ESC ( B`...):
                // the byte after ESC, and any intermediate bytes, go with it.
                Some(c) if (' '..='/').contains(&c) => {
                    chars.next();
                }
                Some(_) | None => {}
            },
            '\n' => {
                out.push('\n');
                column = 0;
            }
            '\r' => {}
            '\t' => {
                let spaces = TAB - column % TAB;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            c if c.is_ascii_control() => {
                out.push('^');
                out.push(char::from((c as u8) ^ 0x40));
                column += 2;
            }
            '\u{80}'..='\u{9f}' => {
                out.push('\u{FFFD}');
                column += 1;
            }
            c => {
                out.push(c);
                column += c.width().unwrap_or(0);
            }
        }
    }
    out
}

/// The columns `c` takes on a terminal: 2 for wide characters, 0 for combining marks and
/// controls.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Breaks `line` (which may hold SGR colours and OSC links) into lines of at most `width`
/// terminal columns: between words where a line has a space, inside a word where it has none.
/// A colour open at a break is opened again on the next line, since each drawn line ends with a
/// reset.
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut columns = 0;
    // Where the last space in `current` is: its byte offset and column.
    let mut space: Option<(usize, usize)> = None;
    // The colours in force: replayed at the start of a continued line.
    let mut style = String::new();
    let mut style_at_space = String::new();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' {
            let len = escape_len(rest);
            let seq = &rest[..len];
            current.push_str(seq);
            if seq.ends_with('m') && seq.starts_with("\x1b[") {
                if seq == "\x1b[0m" || seq == "\x1b[m" {
                    style.clear();
                } else {
                    style.push_str(seq);
                }
            }
            rest = &rest[len..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        let w = char_width(c);
        if columns + w > width && columns > 0 {
            match space {
                // Break at the last space: what follows it moves to the next line.
                Some((at, col)) if col > 0 => {
                    let tail = current[at + 1..].to_string();
                    current.truncate(at);
                    lines.push(std::mem::take(&mut current));
                    current.push_str(&style_at_space);
                    current.push_str(&tail);
                    columns -= col + 1;
                }
                _ => {
                    lines.push(std::mem::take(&mut current));
                    current.push_str(&style);
                    columns = 0;
                }
            }
            space = None;
        }
        if c == ' ' {
            space = Some((current.len(), columns));
            style_at_space = style.clone();
        }
        current.push(c);
        columns += w;
    }
    lines.push(current);
    lines
}

/// The length in bytes of the escape sequence at the start of `text` (CSI or OSC).
fn escape_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match bytes.get(1) {
        Some(b'[') => bytes[2..]
            .iter()
            .position(|b| (b'@'..=b'~').contains(b))
            .map_or(bytes.len(), |p| p + 3),
        Some(b']') => text[2..].find("\x1b\\").map_or(bytes.len(), |p| p + 4),
        Some(_) => 2.min(bytes.len()),
        None => 1,
    }
}

/// The columns `line` takes on a terminal, escape sequences not counted.
pub fn visible_width(line: &str) -> usize {
    let mut columns = 0;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' {
            rest = &rest[escape_len(rest)..];
            continue;
        }
        columns += char_width(c);
        rest = &rest[c.len_utf8()..];
    }
    columns
}

/// `text` without escape sequences: what a terminal shows of it.
#[cfg(test)]
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' {
            rest = &rest[escape_len(rest)..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A check's output split in two: what the learner must read first (the first compiler error
/// up to the blank line after it, or the first failing test's `---- name stdout ----` section)
/// and the rest in its order. Nothing is dropped; with neither, all of it is the rest.
pub fn first_problem(output: &str) -> (Vec<String>, Vec<String>) {
    let lines: Vec<&str> = output.lines().collect();
    let plain: Vec<String> = lines.iter().map(|l| crate::runner::strip_ansi(l)).collect();
    let owned = |part: &[&str]| part.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let start = plain
        .iter()
        .position(|l| l.starts_with("---- ") && l.ends_with(" stdout ----"))
        .or_else(|| {
            plain
                .iter()
                .position(|l| l.starts_with("error") && !l.starts_with("error: aborting"))
        });
    let Some(start) = start else {
        return (vec![], owned(&lines));
    };
    // A test's section starts with a blank line; the block ends at the first blank after text.
    let text_from = (start + 1..lines.len())
        .find(|&i| !plain[i].trim().is_empty())
        .unwrap_or(lines.len());
    let end = (text_from..lines.len())
        .find(|&i| plain[i].trim().is_empty())
        .unwrap_or(lines.len());
    let block = owned(&lines[start..end]);
    let mut rest = owned(&lines[..start]);
    rest.extend(owned(&lines[end..]));
    // Where the block was, two blank lines may now meet.
    rest.dedup_by(|a, b| a.trim().is_empty() && b.trim().is_empty());
    (block, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_pass_and_every_other_sequence_is_removed() {
        let text = "\x1b[1;31mred\x1b[0m \x1b[?1049lscreen \x1b]0;title\x07t \x1b]8;;x\x1b\\l \
                    \x1b[2Jclear \x1bcreset \x1b(Bcharset \x1bPdcs\x1b\\end";
        assert_eq!(
            sanitize(text),
            "\x1b[1;31mred\x1b[0m screen t l clear reset charset end"
        );
    }

    #[test]
    fn tabs_expand_to_the_next_stop_counting_wide_characters() {
        assert_eq!(sanitize("a\tb"), "a       b");
        assert_eq!(sanitize("漢字\tb"), "漢字    b");
        assert_eq!(sanitize("x\n\ty"), "x\n        y");
    }

    #[test]
    fn controls_become_visible_and_carriage_returns_go() {
        assert_eq!(
            sanitize("bell\x07 nul\0 cr\r del\x7f c1\u{9b}"),
            "bell^G nul^@ cr del^? c1\u{FFFD}"
        );
    }

    #[test]
    fn widths_are_terminal_columns() {
        assert_eq!(visible_width("abc"), 3);
        assert_eq!(visible_width("漢字"), 4);
        assert_eq!(visible_width("e\u{301}"), 1);
        assert_eq!(
            visible_width("\x1b[31mab\x1b[0m \x1b]8;;file:///x\x1b\\c\x1b]8;;\x1b\\"),
            4
        );
    }

    #[test]
    fn wrap_breaks_between_words_and_inside_a_word_too_long_for_a_line() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("漢字漢字", 5), ["漢字", "漢字"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn wrap_carries_the_colour_onto_the_next_line_and_ignores_escapes_in_widths() {
        let red = "\x1b[31mAFTER_DROP: dropping\x1b[0m";
        let lines = wrap(red, 12);
        assert_eq!(
            lines.iter().map(|l| plain(l)).collect::<Vec<_>>(),
            ["AFTER_DROP:", "dropping"]
        );
        assert!(lines[1].starts_with("\x1b[31m"), "{lines:?}");
        assert_eq!(visible_width(&lines[0]), 11);
    }

    #[test]
    fn the_first_compile_error_goes_before_the_warnings() {
        let output = "warning: unused variable\n  --> a.rs:1\n\nerror[E0308]: mismatched types\n  --> a.rs:5\n\nerror: aborting\n";
        let (first, rest) = first_problem(output);
        assert_eq!(first, ["error[E0308]: mismatched types", "  --> a.rs:5"]);
        assert_eq!(
            rest,
            [
                "warning: unused variable",
                "  --> a.rs:1",
                "",
                "error: aborting"
            ]
        );
    }

    #[test]
    fn the_first_failing_test_goes_before_the_test_list() {
        let output = "running 2 tests\ntest a ... ok\ntest b ... FAILED\n\nfailures:\n\n---- b stdout ----\n\nthread 'b' panicked at x.rs:3:5:\nboom\n\nfailures:\n    b\n";
        let (first, rest) = first_problem(output);
        assert_eq!(
            first,
            [
                "---- b stdout ----",
                "",
                "thread 'b' panicked at x.rs:3:5:",
                "boom"
            ]
        );
        assert!(rest.contains(&"test b ... FAILED".to_string()));
        assert_eq!(
            first.len() + rest.len(),
            output.lines().count() - 1,
            "a doubled blank goes"
        );
    }

    #[test]
    fn output_without_an_error_is_all_rest() {
        let (first, rest) = first_problem("hello\nworld\n");
        assert!(first.is_empty());
        assert_eq!(rest, ["hello", "world"]);
    }
}
