//! Renders the course notes (Markdown) for a terminal: headings, emphasis, inline code, lists,
//! tables and code blocks, with pulldown-cmark doing the parsing. Watch mode and `notes` both
//! show this. A code block's info string (`rust,ignore`, `compile_fail`) is for rustdoc, not
//! the reader, and is left out.

use colored::Colorize;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The notes as terminal text with ANSI styles (none when colours are off), with the source's
/// line breaks, for a pager.
pub fn render(markdown: &str) -> String {
    render_with(markdown, '\n')
}

/// Like [`render`], with each paragraph on one line, for a screen that wraps text to its own
/// width.
pub fn render_flowing(markdown: &str) -> String {
    render_with(markdown, ' ')
}

fn render_with(markdown: &str, soft_break: char) -> String {
    let mut r = Renderer::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(tag) => r.start(tag),
            Event::End(tag) => r.end(tag),
            Event::Text(text) => r.text(&text),
            Event::Code(code) => r.out.push_str(&code.yellow().to_string()),
            Event::SoftBreak => r.out.push(if r.pending_item { ' ' } else { soft_break }),
            Event::HardBreak => r.out.push('\n'),
            Event::Rule => r.out.push_str(&format!("{}\n\n", "─".repeat(40).dimmed())),
            _ => {}
        }
    }
    r.out
}

/// Where the renderer is in the document.
#[derive(Default)]
struct Renderer {
    out: String,
    bold: usize,
    italic: usize,
    heading: Option<HeadingLevel>,
    in_code: bool,
    list_depth: usize,
    /// An item's first line has begun: its soft breaks join lines instead of ending them.
    pending_item: bool,
}

impl Renderer {
    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some(level);
                self.out.push('\n');
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::CodeBlock(_) => self.in_code = true,
            Tag::List(_) => self.list_depth += 1,
            Tag::Item => {
                self.out
                    .push_str(&"  ".repeat(self.list_depth.saturating_sub(1)));
                self.out.push_str("  • ");
                self.pending_item = true;
            }
            Tag::TableRow | Tag::TableHead => self.out.push_str("  "),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.heading = None;
                self.out.push_str("\n\n");
            }
            TagEnd::Strong => self.bold -= 1,
            TagEnd::Emphasis => self.italic -= 1,
            TagEnd::CodeBlock => {
                self.in_code = false;
                self.out.push('\n');
            }
            TagEnd::List(_) => {
                self.list_depth -= 1;
                if self.list_depth == 0 {
                    self.out.push('\n');
                }
            }
            TagEnd::Item if !self.out.ends_with('\n') => self.out.push('\n'),
            TagEnd::Paragraph => {
                self.out.push('\n');
                if self.list_depth == 0 {
                    self.out.push('\n');
                }
            }
            TagEnd::TableRow | TagEnd::TableHead => self.out.push('\n'),
            TagEnd::TableCell => self.out.push_str(" │ "),
            TagEnd::Table => self.out.push('\n'),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_code {
            for line in text.lines() {
                self.out.push_str(&format!("    {}\n", line.cyan()));
            }
            return;
        }
        self.pending_item = false;
        let mut styled = text.normal();
        if let Some(level) = self.heading {
            styled = match level {
                HeadingLevel::H1 => text.to_uppercase().bold().underline(),
                _ => styled.bold(),
            };
        }
        if self.bold > 0 {
            styled = styled.bold();
        }
        if self.italic > 0 {
            styled = styled.italic();
        }
        self.out.push_str(&styled.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_code_and_lists_survive_rendering_as_text() {
        colored::control::set_override(false);
        let text = render(
            "# Title\n\nSome `code` and **bold**.\n\n- one\n- two\n\n```rust\nlet x = 1;\n```\n",
        );
        assert!(text.contains("TITLE"), "{text}");
        assert!(text.contains("Some code and bold."), "{text}");
        assert!(text.contains("  • one\n  • two\n"), "{text}");
        assert!(text.contains("    let x = 1;\n"), "{text}");
    }

    #[test]
    fn flowing_notes_keep_a_paragraph_on_one_line() {
        colored::control::set_override(false);
        assert_eq!(
            render_flowing("one\ntwo\n\nthree\n"),
            "one two\n\nthree\n\n"
        );
        assert_eq!(render("one\ntwo\n"), "one\ntwo\n\n");
    }

    #[test]
    fn rustdoc_labels_of_code_blocks_are_not_shown() {
        colored::control::set_override(false);
        let text =
            render("```rust,ignore\nlet a = 1;\n```\n\n```compile_fail\nlet b: u8 = -1;\n```\n");
        for label in ["rust", "ignore", "compile_fail"] {
            assert!(!text.contains(label), "{label} in {text}");
        }
        assert!(text.contains("    let a = 1;\n") && text.contains("    let b: u8 = -1;\n"));
    }

    #[test]
    fn the_shipped_notes_show_no_doctest_label() {
        colored::control::set_override(false);
        let notes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
        for entry in std::fs::read_dir(notes).unwrap() {
            let path = entry.unwrap().path();
            let text = render(&std::fs::read_to_string(&path).unwrap());
            for label in ["compile_fail", "should_panic", "no_run", "```"] {
                assert!(!text.contains(label), "{}: {label}", path.display());
            }
        }
    }
}
