//! Renders the course notes (Markdown) for a terminal: headings, emphasis, inline code and
//! code blocks, with pulldown-cmark doing the parsing.

use colored::Colorize;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The notes as terminal text with ANSI styles.
pub fn render(markdown: &str) -> String {
    let mut out = String::new();
    let mut bold = 0usize;
    let mut italic = 0usize;
    let mut heading: Option<HeadingLevel> = None;
    let mut in_code = false;
    let mut list_depth = 0usize;
    let mut pending_item = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(level);
                out.push('\n');
            }
            Event::End(TagEnd::Heading(_)) => {
                heading = None;
                out.push_str("\n\n");
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold -= 1,
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic -= 1,
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                if let CodeBlockKind::Fenced(lang) = kind {
                    let lang = lang.split(',').next().unwrap_or("").trim().to_string();
                    if !lang.is_empty() {
                        out.push_str(&format!("    {}\n", lang.dimmed()));
                    }
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push('\n');
            }
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => {
                list_depth -= 1;
                if list_depth == 0 {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                out.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                out.push_str("  • ");
                pending_item = true;
            }
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Event::End(TagEnd::Paragraph) => {
                out.push('\n');
                if list_depth == 0 {
                    out.push('\n');
                }
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => out.push_str("  "),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push_str(" │ "),
            Event::End(TagEnd::Table) => out.push('\n'),
            Event::Text(text) if in_code => {
                for line in text.lines() {
                    out.push_str(&format!("    {}\n", line.cyan()));
                }
            }
            Event::Text(text) => {
                pending_item = false;
                let mut styled = text.to_string().normal();
                if let Some(level) = heading {
                    styled = match level {
                        HeadingLevel::H1 => text.to_uppercase().bold().underline(),
                        _ => styled.bold(),
                    };
                }
                if bold > 0 {
                    styled = styled.bold();
                }
                if italic > 0 {
                    styled = styled.italic();
                }
                out.push_str(&styled.to_string());
            }
            Event::Code(code) => out.push_str(&code.yellow().to_string()),
            Event::SoftBreak => out.push(if pending_item { ' ' } else { '\n' }),
            Event::HardBreak => out.push('\n'),
            Event::Rule => out.push_str(&format!("{}\n\n", "─".repeat(40).dimmed())),
            _ => {}
        }
    }
    out
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
        assert!(text.contains("    rust\n    let x = 1;\n"), "{text}");
    }
}
