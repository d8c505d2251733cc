// moving_window: a window that slides with every send (debug)
//
// Python keeps "the last three values" with a bounded deque:
//
//     from collections import deque
//
//     def moving_window(width=3):
//         window = deque(maxlen=width)
//         stats = None
//         while True:
//             window.append((yield stats))
//             stats = (len(window), min(window), max(window), sum(window) / len(window))
//
// `deque(maxlen=3)` keeps at most three values: appending a fourth drops the oldest.
//
// Someone ported it to `coro` below, and no test passes. There are two separate mistakes.
// Read the failures: what does the window hold after four sends, and which values does a reply
// describe? Then fix `moving_window` (leave `Stats::of` alone: it is right).
//
// The rules, as the tests check them:
// - Priming yields `None` (nothing has been sent).
// - Each send is answered with the statistics of the window that includes the value just
//   sent: the last WIDTH values, or all of them while fewer than WIDTH have been sent.
// - Closing ends the coroutine; it has nothing to return.

use std::collections::VecDeque;

use coro::Coroutine;

/// How many of the latest values the window holds.
const WIDTH: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// How many values are in the window.
    pub len: usize,
    pub min: f64,
    pub max: f64,
    pub mean: f64,
}

impl Stats {
    /// The statistics of the values in `window`, or `None` if it is empty.
    fn of(window: &VecDeque<f64>) -> Option<Stats> {
        if window.is_empty() {
            return None;
        }
        let min = window.iter().copied().fold(f64::INFINITY, f64::min);
        let max = window.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mean = window.iter().sum::<f64>() / window.len() as f64;
        Some(Stats {
            len: window.len(),
            min,
            max,
            mean,
        })
    }
}

/// Yields the statistics of the last `WIDTH` values sent, the one just sent included.
fn moving_window() -> Coroutine<Option<Stats>, f64> {
    Coroutine::new(|co| async move {
        // deque(maxlen=WIDTH)
        let mut window = VecDeque::with_capacity(WIDTH);
        let mut stats = None;
        loop {
            let value = co.yield_(stats).await?;
            stats = Stats::of(&window);
            window.push_back(value);
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    fn reply(c: &mut Coroutine<Option<Stats>, f64>, value: f64) -> Option<Stats> {
        match c.send(value) {
            Ok(Step::Yielded(stats)) => stats,
            _ => panic!("every send must be answered with a yield: the window never ends"),
        }
    }

    /// What the reply to the last value of `sent` must be: the statistics of its last WIDTH.
    fn expected(sent: &[f64]) -> (usize, f64, f64, f64) {
        let window = &sent[sent.len().saturating_sub(WIDTH)..];
        let min = window.iter().copied().fold(f64::INFINITY, f64::min);
        let max = window.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mean = window.iter().sum::<f64>() / window.len() as f64;
        (window.len(), min, max, mean)
    }

    fn matches(got: Option<Stats>, sent: &[f64]) -> bool {
        let (len, min, max, mean) = expected(sent);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        got.is_some_and(|s| {
            s.len == len && close(s.min, min) && close(s.max, max) && close(s.mean, mean)
        })
    }

    fn lcg(mut state: u64) -> impl FnMut(u64) -> u64 {
        move |bound| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % bound
        }
    }

    #[test]
    fn priming_yields_none_because_the_window_is_empty() {
        assert!(
            moving_window().prime() == Ok(Step::Yielded(None)),
            "priming comes before any value: there are no statistics yet"
        );
    }

    #[test]
    fn the_first_reply_already_counts_the_first_value() {
        let mut w = moving_window();
        w.prime().unwrap();
        let got = reply(&mut w, 4.0);
        assert!(
            matches(got, &[4.0]),
            "each reply describes the window that includes the value just sent; after one \
             send of 4.0 the window is [4.0], but the reply was {got:?}"
        );
    }

    #[test]
    fn the_window_holds_exactly_width_values() {
        let mut w = moving_window();
        w.prime().unwrap();
        let mut sent = Vec::new();
        for n in 1..=WIDTH + 2 {
            let value = (n * n) as f64;
            sent.push(value);
            let got = reply(&mut w, value);
            let want_len = n.min(WIDTH);
            assert!(
                got.is_some_and(|s| s.len == want_len),
                "after {n} sends the window must hold {want_len} values (it grows to WIDTH = \
                 {WIDTH}, then the oldest leaves as each new one comes), got {got:?}"
            );
            assert!(
                matches(got, &sent),
                "after {n} sends the statistics must be those of the last {want_len} values, \
                 got {got:?}"
            );
        }
    }

    #[test]
    fn an_old_minimum_leaves_the_window() {
        let mut w = moving_window();
        w.prime().unwrap();
        // (sent, len, min, max, mean) for a window of the last three values.
        let script = [
            (1.0, 1, 1.0, 1.0, 1.0),
            (5.0, 2, 1.0, 5.0, 3.0),
            (2.0, 3, 1.0, 5.0, 8.0 / 3.0),
            (8.0, 3, 2.0, 8.0, 5.0),
            (8.0, 3, 2.0, 8.0, 6.0),
            (9.0, 3, 8.0, 9.0, 25.0 / 3.0),
        ];
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        for (i, (value, len, min, max, mean)) in script.into_iter().enumerate() {
            let got = reply(&mut w, value);
            assert!(
                got.is_some_and(|s| s.len == len
                    && close(s.min, min)
                    && close(s.max, max)
                    && close(s.mean, mean)),
                "send number {} ({value}): the window holds the last three values sent, no \
                 more, and the reply describes it; got {got:?}",
                i + 1
            );
        }
    }

    #[test]
    fn generated_streams_match_the_last_width_values() {
        for seed in 1..=20 {
            let mut next = lcg(seed);
            let mut w = moving_window();
            w.prime().unwrap();
            let mut sent = Vec::new();
            for _ in 0..(WIDTH as u64 + seed) {
                let value = next(41) as f64 - 20.0;
                sent.push(value);
                let got = reply(&mut w, value);
                assert!(
                    matches(got, &sent),
                    "seed {seed}: after sending {sent:?} the reply must describe the last \
                     {WIDTH} of them, got {got:?}"
                );
            }
        }
    }

    #[test]
    fn close_ends_the_window() {
        let mut w = moving_window();
        w.prime().unwrap();
        reply(&mut w, 1.0);
        assert!(
            w.close() == Ok(None),
            "close must unwind the body with `?`: the window must not yield again"
        );
        assert_eq!(w.state(), State::Closed);
        assert!(
            w.send(2.0) == Err(Error::Closed),
            "a closed window takes no more values"
        );
    }
}
