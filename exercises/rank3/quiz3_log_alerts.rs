// quiz3_log_alerts: the rank 3 quiz
//
// A coroutine that watches an access log as it arrives, in chunks of text cut anywhere, and
// raises alerts when errors come in bursts.
//
// A line ends with '\n' and looks like `GET /index.html 200`: its last whitespace-separated
// field is the HTTP status. A line whose last field is not a number (or that has no field) is
// malformed: skip it entirely, as if it were not there. A status of 500 or more is an error.
//
// What to do: write `monitor`.
// - Priming yields an empty Vec.
// - Each chunk is answered with the alerts raised by the lines that chunk completed, in order.
// - A line raises `Alert { errors }` when it is an error and the last WINDOW well-formed lines
//   (this one included) hold at least THRESHOLD errors; `errors` is how many they hold.
// - `close()` returns how many well-formed lines had each status. A last line without '\n'
//   is still a line: count it if it is well-formed (it raises no alert).
// - A line longer than MAX_LINE bytes (without its '\n'), finished or not, ends the monitor
//   with `LogError::LineTooLong`; a line of exactly MAX_LINE bytes is fine. That error alone
//   answers the send whose chunk made the line too long.
// - A `LogError` thrown in by the caller is let out unchanged.
// `status_of` is given.

use std::collections::BTreeMap;

use coro::Coroutine;

/// How many of the latest well-formed lines the window holds.
const WINDOW: usize = 10;
/// How many errors in the window make an error line raise an alert.
const THRESHOLD: usize = 3;
/// The longest line accepted, in bytes, not counting its '\n'.
const MAX_LINE: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alert {
    /// How many errors the window held when the alert was raised.
    pub errors: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogError {
    /// A line grew longer than MAX_LINE bytes.
    LineTooLong,
    /// The log source went away (the caller throws this in).
    SourceLost,
}

/// The status of a well-formed line: its last field, if that is a number.
fn status_of(line: &str) -> Option<u16> {
    line.split_whitespace().last()?.parse().ok()
}

/// Chunks of an access log in, the alerts of the lines each chunk completed out; the count of
/// every status comes back on close.
fn monitor() -> Coroutine<Vec<Alert>, String, BTreeMap<u16, usize>, LogError> {
    Coroutine::new(|_co| async move {
        // TODO
        todo!("watch the log")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    type Monitor = Coroutine<Vec<Alert>, String, BTreeMap<u16, usize>, LogError>;

    fn started() -> Monitor {
        let mut m = monitor();
        assert!(
            m.prime() == Ok(Step::Yielded(vec![])),
            "priming raises no alert: it yields an empty Vec"
        );
        m
    }

    fn send(m: &mut Monitor, chunk: &str) -> Vec<usize> {
        match m.send(chunk.to_string()) {
            Ok(Step::Yielded(alerts)) => alerts.iter().map(|a| a.errors).collect(),
            _ => panic!("sending {chunk:?} must be answered with the alerts of its lines"),
        }
    }

    /// One chunk per line, each with its '\n'; the alerts (as error counts) per line.
    fn lines(m: &mut Monitor, lines: &[&str]) -> Vec<Vec<usize>> {
        lines.iter().map(|l| send(m, &format!("{l}\n"))).collect()
    }

    fn counts(mut m: Monitor) -> BTreeMap<u16, usize> {
        match m.close() {
            Ok(Some(counts)) => counts,
            _ => panic!("close must return the counts per status"),
        }
    }

    /// The rules, applied the plain way to a whole log: every alert, and the counts.
    fn reference(text: &str) -> (Vec<usize>, BTreeMap<u16, usize>) {
        let (mut alerts, mut counts, mut window) = (Vec::new(), BTreeMap::new(), Vec::new());
        let pieces: Vec<&str> = text.split('\n').collect();
        for (i, line) in pieces.iter().enumerate() {
            // The last piece has no '\n' (it is "" when the text ends with one): counted on
            // close if well-formed, but it raises no alert.
            let is_tail = i + 1 == pieces.len();
            let Some(status) = line
                .split_whitespace()
                .last()
                .and_then(|s| s.parse::<u16>().ok())
            else {
                continue;
            };
            *counts.entry(status).or_insert(0) += 1;
            window.push(status >= 500);
            let recent = &window[window.len().saturating_sub(10)..];
            let errors = recent.iter().filter(|e| **e).count();
            if !is_tail && status >= 500 && errors >= 3 {
                alerts.push(errors);
            }
        }
        (alerts, counts)
    }

    #[test]
    fn the_third_error_in_the_window_raises_an_alert() {
        let mut m = started();
        let got = lines(
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
            got,
            [vec![], vec![], vec![], vec![], vec![3], vec![4]],
            "an error line raises an alert once the window holds THRESHOLD = {THRESHOLD} \
             errors, and carries their number"
        );
    }

    #[test]
    fn the_given_status_of_reads_the_last_field() {
        assert_eq!(status_of("GET / 503"), Some(503), "status_of was changed");
        assert_eq!(status_of("GET / x"), None, "status_of was changed");
        assert_eq!(status_of(""), None, "status_of was changed");
    }

    #[test]
    fn a_healthy_line_raises_no_alert_even_in_a_bad_window() {
        let mut m = started();
        lines(&mut m, &["GET / 500", "GET / 500", "GET / 500"]);
        assert_eq!(
            lines(&mut m, &["GET / 404"]),
            [Vec::<usize>::new()],
            "alerts come only with error lines"
        );
    }

    #[test]
    fn a_chunk_is_answered_with_the_alerts_of_the_lines_it_completed() {
        let mut m = started();
        assert_eq!(send(&mut m, "GET / 500\nGET / 5"), Vec::<usize>::new());
        assert_eq!(
            send(&mut m, "00\nGET / 500\nGET / 500\nGET"),
            [3, 4],
            "this chunk completed three error lines; the second and third raise alerts"
        );
        assert_eq!(
            send(&mut m, " / 200"),
            Vec::<usize>::new(),
            "no line completed"
        );
        assert_eq!(
            counts(m),
            BTreeMap::from([(200, 1), (500, 4)]),
            "on close, a well-formed last line without '\\n' is counted too"
        );
    }

    #[test]
    fn an_error_window_lines_back_counts_and_one_more_does_not() {
        // The first error is exactly WINDOW well-formed lines back from the last line.
        let mut log = vec!["GET / 500"];
        log.extend(["GET / 200"; 10 - 3]);
        log.extend(["GET / 500", "GET / 500"]);
        let mut m = started();
        assert_eq!(
            lines(&mut m, &log).last(),
            Some(&vec![3]),
            "the window holds the last WINDOW = {WINDOW} well-formed lines, the first error \
             among them"
        );
        // One healthy line more, and the first error is 11 lines back.
        let mut log = vec!["GET / 500"];
        log.extend(["GET / 200"; 10 - 2]);
        log.extend(["GET / 500", "GET / 500"]);
        let mut m = started();
        assert_eq!(
            lines(&mut m, &log).last(),
            Some(&vec![]),
            "an error 11 well-formed lines back has left the window"
        );
    }

    #[test]
    fn malformed_lines_are_skipped_everywhere() {
        let mut log = vec!["GET / 500"];
        log.extend(["GET / 200"; 7]);
        log.extend(["garbage", "", "GET / five hundred", "500 GET /", "x x"]);
        log.extend(["GET / 500", "GET / 500"]);
        let mut m = started();
        assert_eq!(
            lines(&mut m, &log).last(),
            Some(&vec![3]),
            "malformed lines do not enter the window: the first error is still 10 \
             well-formed lines back"
        );
        assert_eq!(
            counts(m),
            BTreeMap::from([(200, 7), (500, 3)]),
            "malformed lines are not counted"
        );
    }

    #[test]
    fn close_returns_the_count_of_every_status() {
        let mut m = started();
        lines(
            &mut m,
            &["GET / 200", "GET /x 404", "GET / 200", "GET /y 500"],
        );
        send(&mut m, "GET /z not-a-status");
        assert_eq!(
            counts(m),
            BTreeMap::from([(200, 2), (404, 1), (500, 1)]),
            "close counts every well-formed line; a malformed tail is not counted"
        );
        let mut m = started();
        assert!(
            m.close() == Ok(Some(BTreeMap::new())),
            "no lines, no counts"
        );
        assert!(
            m.close() == Ok(None),
            "a second close has nothing more to return"
        );
        assert!(
            monitor().close() == Ok(None),
            "never primed: nothing ran, nothing counted"
        );
    }

    #[test]
    fn generated_logs_in_generated_chunks() {
        let mut state = 13u64;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % bound
        };
        let kinds = [
            "GET / 200",
            "GET /a 404",
            "GET /b 500",
            "POST /c 503",
            "oops",
            "GET / 502",
        ];
        for round in 0..30 {
            let mut text = String::new();
            for _ in 0..(10 + next(40)) {
                text.push_str(kinds[next(kinds.len() as u64) as usize]);
                text.push('\n');
            }
            if round % 2 == 1 {
                // Every other log ends in a last line without '\n'.
                text.push_str(kinds[next(kinds.len() as u64) as usize]);
            }
            let (want_alerts, want_counts) = reference(&text);
            let mut m = started();
            let mut got = Vec::new();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let cut = (1 + next(30) as usize).min(rest.len());
                got.extend(send(&mut m, &rest[..cut]));
                rest = &rest[cut..];
            }
            assert_eq!(got, want_alerts, "round {round}: the alerts of\n{text}");
            assert_eq!(
                counts(m),
                want_counts,
                "round {round}: the counts of\n{text}"
            );
        }
    }

    #[test]
    fn a_line_may_be_max_line_bytes_and_no_longer() {
        for len in [79, 80] {
            let mut m = started();
            let line = format!("{} 500", "x".repeat(len - 4));
            send(&mut m, &format!("{line}\n"));
            assert_eq!(
                counts(m),
                BTreeMap::from([(500, 1)]),
                "a line of {len} bytes is read"
            );
        }
        let mut m = started();
        let too_long = format!("{} 500\n", "x".repeat(81 - 4));
        assert!(
            m.send(too_long) == Err(Error::Thrown(LogError::LineTooLong)),
            "a line of MAX_LINE + 1 = 81 bytes must end the monitor with LineTooLong"
        );
        assert_eq!(m.state(), State::Closed);
        let mut m = started();
        send(&mut m, &"x".repeat(MAX_LINE));
        assert!(
            m.send("x".to_string()) == Err(Error::Thrown(LogError::LineTooLong)),
            "an unfinished line of MAX_LINE + 1 bytes must end the monitor too"
        );
    }

    #[test]
    fn a_chunk_that_finishes_a_line_may_leave_no_overlong_tail() {
        for extra in [0, 1, 2, 1000] {
            let len = MAX_LINE - 1 + extra;
            let tail = format!("{} 500", "x".repeat(len - 4));
            let mut m = started();
            if extra <= 1 {
                assert_eq!(
                    send(&mut m, &format!("GET / 200\n{tail}")),
                    Vec::<usize>::new(),
                    "a healthy line, then a tail of {len} bytes that waits"
                );
                assert_eq!(
                    counts(m),
                    BTreeMap::from([(200, 1), (500, 1)]),
                    "a tail of {len} bytes (MAX_LINE = {MAX_LINE}) is still a line on close"
                );
            } else {
                let reply = m.send(format!("GET / 200\n{tail}"));
                assert!(
                    reply == Err(Error::Thrown(LogError::LineTooLong)),
                    "a chunk that finishes a line and leaves {len} bytes without '\\n' must \
                     end the monitor with LineTooLong: the unfinished line is measured after \
                     every chunk, whatever else the chunk held"
                );
                assert_eq!(m.state(), State::Closed);
            }
        }
    }

    #[test]
    fn a_lost_source_is_let_out() {
        let mut m = started();
        lines(&mut m, &["GET / 500"]);
        assert!(
            m.throw(LogError::SourceLost) == Err(Error::Thrown(LogError::SourceLost)),
            "a LogError thrown in means the log broke: let it out, return no counts"
        );
        assert_eq!(m.state(), State::Closed);
    }
}
