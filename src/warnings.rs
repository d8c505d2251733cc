//! The warnings rule of `dev check`: the first thing a learner sees of a shipped exercise is its
//! error or its failing test, not a screen of compiler warnings above it.

use crate::runner::{Outcome, strip_ansi};

/// Warnings a shipped exercise may print before its failure: one may be the lesson itself
/// (forgot_await's un-awaited `co.yield_`); more bury the failure.
pub const MAX_WARNINGS: usize = 1;

/// The compiler warnings an outcome's output holds before its first error (all of them when it
/// compiled), summary lines such as "2 warnings emitted" left out.
pub fn before_failure(output: &str) -> usize {
    strip_ansi(output)
        .lines()
        .take_while(|l| !l.starts_with("error"))
        .filter(|l| l.starts_with("warning") && !l.ends_with("emitted"))
        .count()
}

/// The `dev check` problem for a shipped exercise with too many warnings, if it has them.
pub fn check(path: &str, outcome: &Outcome) -> Option<String> {
    let n = before_failure(&outcome.output);
    (n > MAX_WARNINGS).then(|| {
        format!(
            "{path}: prints {n} compiler warnings before its failure (at most {MAX_WARNINGS}): \
             write it so that the error or the failing test is the first thing a learner sees"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_counted_up_to_the_first_error_without_summaries() {
        let out = "warning: unused variable: `x`\n --> a.rs:1:1\nwarning: function `f` is never used\n\
                   warning: 2 warnings emitted\nerror[E0308]: mismatched types\nwarning: late\n";
        assert_eq!(before_failure(out), 2);
        assert_eq!(
            before_failure("\u{1b}[33mwarning\u{1b}[0m: unused `Yield`\nrunning 1 test\n"),
            1
        );
    }
}
