//! What a test run proves: the shipped test module, the harness's own report of it, and how the
//! process ended. A pass needs all three; anything else says which one failed.

use std::process::ExitStatus;

/// Where a file's test module starts (its `#[cfg(test)]`), or its end when it has none: the
/// part before it is the code the learner writes.
pub fn code_end(text: &str) -> usize {
    text.find("#[cfg(test)]").unwrap_or(text.len())
}

/// The test module of an exercise file: from its `#[cfg(test)]` to the end, trailing space
/// trimmed. `None` when the file has none.
pub fn test_module(text: &str) -> Option<&str> {
    let start = code_end(text);
    (start < text.len()).then(|| text[start..].trim_end())
}

/// How many `#[test]` functions a test module holds.
pub fn count_tests(module: &str) -> usize {
    module
        .lines()
        .filter(|l| l.trim_start().starts_with("#[test]"))
        .count()
}

/// The 1-based line of `module` where `changed` first differs from it, for messages.
pub fn first_difference(shipped: &str, changed: &str) -> usize {
    shipped
        .lines()
        .zip(changed.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| shipped.lines().count().min(changed.lines().count()))
        + 1
}

/// The harness's closing line: `test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0
/// filtered out; finished in 0.00s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub ok: bool,
    pub passed: usize,
    pub failed: usize,
    pub ignored: usize,
    pub measured: usize,
    pub filtered: usize,
}

/// Reads the last harness summary in `plain` (output without colour codes).
fn summary(plain: &str) -> Option<Summary> {
    let line = plain
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("test result: "))?;
    let rest = line.trim_start().strip_prefix("test result: ")?;
    let (word, counts) = rest.split_once(". ")?;
    let mut s = Summary {
        ok: word == "ok",
        ..Summary::default()
    };
    for part in counts.split(';') {
        let mut words = part.split_whitespace();
        let (Some(n), Some(what)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = n.parse() else { continue };
        match what {
            "passed" => s.passed = n,
            "failed" => s.failed = n,
            "ignored" => s.ignored = n,
            "measured" => s.measured = n,
            "filtered" => s.filtered = n,
            _ => {}
        }
    }
    Some(s)
}

/// Why a test run that exited with success is still not a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    /// The process ended before the harness reported at all (a failure of the code); otherwise
    /// the harness ran other tests than those shipped.
    pub ended_early: bool,
    pub message: String,
}

/// Why a test run that exited with success is still not a pass, if it is not: the harness must
/// have reported exactly the shipped tests, all passed, none ignored or filtered out.
pub fn harness_doubt(plain: &str, expected: usize) -> Option<Doubt> {
    let Some(s) = summary(plain) else {
        return Some(Doubt {
            ended_early: true,
            message: "the test process ended before the test harness reported a result: a test \
                      or the code it calls ended the process early (std::process::exit?), so \
                      the tests did not all run"
                .to_string(),
        });
    };
    let ran = s.passed + s.failed + s.ignored + s.measured + s.filtered;
    if s.ok && s.passed == expected && ran == expected {
        return None;
    }
    let mut why = Vec::new();
    if s.ignored > 0 {
        why.push(format!("{} ignored", s.ignored));
    }
    if s.filtered > 0 {
        why.push(format!("{} filtered out", s.filtered));
    }
    if s.failed > 0 {
        why.push(format!("{} failed", s.failed));
    }
    Some(Doubt {
        ended_early: false,
        message: format!(
            "the test harness reported {} passed{}, but the exercise ships {expected} test{} \
             that must all run and pass (tests added outside the test module count too)",
            s.passed,
            if why.is_empty() {
                String::new()
            } else {
                format!(" ({})", why.join(", "))
            },
            if expected == 1 { "" } else { "s" }
        ),
    })
}

/// A sentence for a process that a signal ended, naming the signal and its usual cause.
pub fn signal_message(status: ExitStatus) -> Option<String> {
    use std::os::unix::process::ExitStatusExt;
    let sig = status.signal()?;
    let (name, meaning) = match sig {
        6 => (
            "SIGABRT",
            "it aborted: a stack overflow (unbounded recursion), a panic while panicking, or \
             a call to std::process::abort",
        ),
        11 => (
            "SIGSEGV",
            "a segmentation fault: in safe Rust this is almost always a stack overflow",
        ),
        7 => ("SIGBUS", "a bus error: often a stack overflow"),
        4 => ("SIGILL", "an illegal instruction: often an abort"),
        8 => ("SIGFPE", "an arithmetic fault"),
        9 => (
            "SIGKILL",
            "it was killed from outside: perhaps the machine ran out of memory",
        ),
        15 => ("SIGTERM", "it was asked to stop from outside"),
        2 => ("SIGINT", "it was interrupted"),
        1 => ("SIGHUP", "its terminal went away"),
        _ => ("a signal", "it was stopped by the system"),
    };
    Some(format!(
        "the process was killed by {name} (signal {sig}): {meaning}"
    ))
}

/// Whether the end by `status` may be the machine's doing rather than the code's, so that it
/// must not be remembered as the exercise's verdict.
pub fn ended_by_outside_signal(status: ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    matches!(status.signal(), Some(9 | 15 | 2 | 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "running 2 tests\ntest tests::a ... ok\ntest tests::b ... ok\n\n\
                      test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n";

    #[test]
    fn the_test_module_runs_from_cfg_test_to_the_end() {
        let text = "fn main() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn a() {}\n}\n\n";
        assert_eq!(
            test_module(text),
            Some("#[cfg(test)]\nmod tests {\n    #[test]\n    fn a() {}\n}")
        );
        assert_eq!(test_module("fn main() {}"), None);
        assert_eq!(count_tests(test_module(text).unwrap()), 1);
    }

    #[test]
    fn a_full_clean_summary_is_no_doubt() {
        assert_eq!(harness_doubt(OK, 2), None);
    }

    #[test]
    fn fewer_passed_than_shipped_is_doubted() {
        let doubt = harness_doubt(OK, 3).unwrap().message;
        assert!(
            doubt.contains("2 passed") && doubt.contains("ships 3 tests"),
            "{doubt}"
        );
    }

    #[test]
    fn ignored_and_filtered_tests_are_named() {
        let out = "test result: ok. 1 passed; 0 failed; 1 ignored; 0 measured; 1 filtered out; finished in 0.00s";
        let doubt = harness_doubt(out, 3).unwrap().message;
        assert!(
            doubt.contains("1 ignored") && doubt.contains("1 filtered out"),
            "{doubt}"
        );
    }

    #[test]
    fn extra_tests_beside_the_shipped_ones_are_doubted() {
        let out = "test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s";
        assert!(!harness_doubt(out, 2).unwrap().ended_early);
    }

    #[test]
    fn no_summary_means_the_process_ended_early() {
        let doubt = harness_doubt("running 2 tests\ntest tests::a ... ok\n", 2).unwrap();
        assert!(doubt.ended_early);
        let doubt = doubt.message;
        assert!(
            doubt.contains("ended before the test harness reported"),
            "{doubt}"
        );
    }

    #[test]
    fn the_first_difference_is_found_by_line() {
        assert_eq!(first_difference("a\nb\nc", "a\nx\nc"), 2);
        assert_eq!(first_difference("a\nb", "a"), 2);
    }

    #[test]
    fn signals_are_named() {
        use std::os::unix::process::ExitStatusExt;
        let abort = ExitStatus::from_raw(6);
        assert!(signal_message(abort).unwrap().contains("SIGABRT"));
        assert!(!ended_by_outside_signal(abort));
        let kill = ExitStatus::from_raw(9);
        assert!(signal_message(kill).unwrap().contains("SIGKILL"));
        assert!(ended_by_outside_signal(kill));
        assert_eq!(signal_message(ExitStatus::from_raw(0)), None);
    }
}
