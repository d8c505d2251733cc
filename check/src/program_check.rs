//! Whether the check of an exercise file as the program it is (compiled without `--test`,
//! beside the test build) can find anything that the test build did not.
//!
//! `--test` compiles the file with `cfg(test)` on and its own `main` in place of the file's, so
//! a file could pass its tests and still not compile as itself: code under
//! `#[cfg(not(test))]`, learner code that uses an item only `cfg(test)` keeps (the test module,
//! a `#[test]` function), a `main` that is missing or cannot be an entry point, or a lint made
//! an error that fires only when the tests' uses are gone (`#![deny(dead_code)]`). Everything
//! else is compiled the same way by both builds, so the test build's success proves the
//! program compiles. The second compile costs a fifth of a check's CPU, so it runs only where
//! one of those can be at work, read conservatively from the file's tokens: any doubt runs it.

use crate::lexer::{self, Kind};

/// Why the file must also be compiled as the program, or `None` when its test build proves
/// that it compiles. `code` is the file before its test module (the shipped one, checked
/// before this is asked).
pub fn needed(code: &str) -> Option<&'static str> {
    let tokens: Vec<_> = lexer::tokenize(code)
        .into_iter()
        .filter(|t| !t.is_comment())
        .collect();
    let text = |i: usize| -> &str {
        tokens.get(i).map_or("", |t| {
            let s = t.text(code);
            s.strip_prefix("r#").unwrap_or(s)
        })
    };
    let mut depth = 0usize;
    let mut has_main = false;
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Ident => match text(i) {
                // `cfg(test)`, `cfg(not(test))`, `cfg!(test)`, `#[test]`, the test module.
                "test" | "tests" => return Some("it names `test` or the test module"),
                "deny" | "forbid" => return Some("it makes a lint an error"),
                "include" if text(i + 1) == "!" => return Some("it includes another file"),
                "mod" if text(i + 2) == ";" => return Some("it loads a module from another file"),
                "fn" if depth == 0 && is_plain_main(i, &text) => has_main = true,
                _ => {}
            },
            Kind::Punct => match text(i) {
                "{" => depth += 1,
                "}" => depth = depth.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
    }
    (!has_main).then_some("it has no plain `fn main() {` at the top level")
}

/// Whether the `fn` at `i` begins `fn main() {` with nothing before it but `pub` (no attribute,
/// no `const`, `async`, `unsafe` or `extern`): the one `main` that is surely an entry point.
fn is_plain_main<'a>(i: usize, text: &impl Fn(usize) -> &'a str) -> bool {
    let shape = ["fn", "main", "(", ")", "{"];
    if (0..shape.len()).any(|k| text(i + k) != shape[k]) {
        return false;
    }
    let before = match i.checked_sub(1) {
        Some(j) if text(j) == "pub" => j.checked_sub(1),
        other => other,
    };
    before.is_none_or(|j| matches!(text(j), "}" | ";"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: &str = "fn main() {}\n";

    fn with_main(code: &str) -> String {
        format!("{code}\n{MAIN}")
    }

    #[test]
    fn a_file_that_only_the_tests_can_tell_apart_needs_no_second_compile() {
        let code = "use coro::Coroutine;\n\n/// Yields a test of nothing: `cfg(test)` in prose.\n\
                    fn count() -> Coroutine<u32> {\n    // cfg(not(test)) in a comment\n    \
                    Coroutine::new(|co| async move { co.yield_(1).await; \"tests\" ; })\n}\n\n\
                    pub fn main() {\n    let _ = count();\n}\n";
        assert_eq!(needed(code), None);
        assert_eq!(needed(MAIN), None);
    }

    #[test]
    fn what_test_builds_compile_differently_asks_for_the_program_check() {
        for code in [
            "#[cfg(not(test))]\nfn helper() {}",
            "#[cfg(test)]\nfn helper() {}",
            "fn helper() -> bool { cfg!(test) }",
            "#[cfg_attr(test, derive(Debug))]\nstruct S;",
            "#[test]\nfn sneaky() {}",
            "fn helper() { tests::shared() }",
            "fn r#test() {}",
            "#![deny(dead_code)]",
            "#![forbid(unused)]",
            "include!(\"other.rs\");",
            "mod other;",
            "pub mod other;",
        ] {
            assert!(needed(&with_main(code)).is_some(), "{code}");
        }
    }

    #[test]
    fn a_main_the_program_build_might_refuse_asks_for_the_program_check() {
        for code in [
            "",
            "fn helper() {}",
            "fn main(x: u32) {}",
            "fn main() -> u32 { 0 }",
            "async fn main() {}",
            "const fn main() {}",
            "#[cfg(any())]\nfn main() {}",
            "#[track_caller]\nfn main() {}",
            "mod inner {\n    fn main() {}\n}",
            "impl S {\n    fn main() {}\n}",
            "fn main_loop() {}",
        ] {
            assert!(needed(code).is_some(), "{code}");
        }
    }
}
