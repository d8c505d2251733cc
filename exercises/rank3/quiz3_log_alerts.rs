// quiz3_log_alerts: the rank 3 quiz
//
// Put the rank together: a coroutine that is sent access-log lines, keeps a sliding window,
// raises alerts as they happen, and hands back a summary when it is closed.
//
// A line looks like `GET /index.html 200`: the last field is the HTTP status. Lines whose last
// field is not a number are malformed: skip them entirely (they do not enter the window or the
// counts, and the coroutine yields `None` for them). A status of 500 or more is an error.
//
// What to do: write `monitor`.
// - Priming yields `None`.
// - Each line yields `Some(Alert { errors })` when the line is an error and the last 10
//   well-formed lines (this one included) hold at least 3 errors; `errors` is how many they
//   hold. Otherwise it yields `None`.
// - Close returns how many well-formed lines had each status.

use std::collections::{BTreeMap, VecDeque};

use coro::{Coroutine, Interrupt};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alert {
    pub errors: usize,
}

const WINDOW: usize = 10;
const THRESHOLD: usize = 3;

/// Watches access-log lines for bursts of errors; returns the counts per status on close.
fn monitor() -> Coroutine<Option<Alert>, String, BTreeMap<u16, usize>> {
    Coroutine::new(|co| async move {
        // TODO: a window of the last WINDOW statuses, counts per status, alerts on errors.
        todo!("watch the log")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Step;

    fn feed(
        m: &mut Coroutine<Option<Alert>, String, BTreeMap<u16, usize>>,
        lines: &[&str],
    ) -> Vec<Option<Alert>> {
        lines
            .iter()
            .map(|l| match m.send(l.to_string()) {
                Ok(Step::Yielded(a)) => a,
                other => panic!("sending {l:?} must yield, got {other:?}"),
            })
            .collect()
    }

    fn started() -> Coroutine<Option<Alert>, String, BTreeMap<u16, usize>> {
        let mut m = monitor();
        assert_eq!(
            m.prime(),
            Ok(Step::Yielded(None)),
            "priming raises no alert"
        );
        m
    }

    #[test]
    fn the_third_error_in_the_window_raises_an_alert() {
        let mut m = started();
        let out = feed(
            &mut m,
            &[
                "GET / 200",
                "GET /a 500",
                "GET /b 503",
                "GET / 200",
                "POST /c 502",
                "GET /d 500",
            ],
        );
        assert_eq!(
            out,
            [
                None,
                None,
                None,
                None,
                Some(Alert { errors: 3 }),
                Some(Alert { errors: 4 })
            ],
            "an alert comes with every error line once the window holds 3 errors"
        );
    }

    #[test]
    fn a_healthy_line_raises_no_alert_even_in_a_bad_window() {
        let mut m = started();
        feed(&mut m, &["GET / 500", "GET / 500", "GET / 500"]);
        assert_eq!(
            feed(&mut m, &["GET / 200"]),
            [None],
            "alerts come only with error lines"
        );
    }

    #[test]
    fn errors_that_left_the_window_no_longer_count() {
        let mut m = started();
        let mut lines = vec!["GET / 500", "GET / 500"];
        lines.extend(["GET / 200"; 9]);
        lines.push("GET / 500");
        let out = feed(&mut m, &lines);
        assert!(
            out.iter().all(Option::is_none),
            "the first two errors are 11 lines back: {out:?}"
        );
    }

    #[test]
    fn malformed_lines_are_skipped_everywhere() {
        let mut m = started();
        let out = feed(
            &mut m,
            &[
                "GET / 500",
                "garbage",
                "GET / 500",
                "",
                "GET / five hundred",
                "GET / 500",
            ],
        );
        assert_eq!(
            out,
            [None, None, None, None, None, Some(Alert { errors: 3 })]
        );
        let counts = m.close().unwrap().expect("close returns the counts");
        assert_eq!(
            counts,
            BTreeMap::from([(500, 3)]),
            "malformed lines are not counted"
        );
    }

    #[test]
    fn close_returns_the_count_of_every_status() {
        let mut m = started();
        feed(
            &mut m,
            &["GET / 200", "GET /x 404", "GET / 200", "GET /y 500"],
        );
        assert_eq!(
            m.close(),
            Ok(Some(BTreeMap::from([(200, 2), (404, 1), (500, 1)])))
        );
    }
}
