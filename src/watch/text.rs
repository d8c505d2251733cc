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

/// The columns plain `text` (no escape sequences) takes.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
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
        assert_eq!(width("abc"), 3);
        assert_eq!(width("漢字"), 4);
        assert_eq!(width("e\u{301}"), 1);
    }
}
