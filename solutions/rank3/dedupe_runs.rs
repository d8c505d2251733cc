// dedupe_runs: a filter that remembers what it saw last (solution)
//
// Why this works: the port had two bugs, one about state and one about closing.
// - "Nothing seen yet" is its own state. `previous` is an `Option<i32>` that starts as `None`,
//   so the first value never equals it, even when that value is 0. The old `let mut previous
//   = 0` made a first 0 look like a repeat of a value that was never sent, and the run it
//   tried to extend did not exist.
// - The run lengths are the coroutine's result, and a close is how the caller asks for them.
//   `co.yield_(out).await?` turned the close into an early return with no value, so `close()`
//   answered `Ok(None)` and the runs were lost. The body now matches on what `yield_` returned:
//   a close returns `Ok(runs)`, which `close()` hands back as `Ok(Some(runs))`. Any other
//   interrupt is passed on unchanged.
// Each send resumes the body right after its `yield_`; the answer for that value (`Some(x)`
// for a new run, `None` for a repeat) is what the next `yield_` hands out, so it is the reply
// to the same send.

use coro::{Coroutine, Interrupt};

/// Passes on the first value of each run; returns the runs' lengths on close.
fn dedupe() -> Coroutine<Option<i32>, i32, Vec<usize>> {
    Coroutine::new(|co| async move {
        let mut previous: Option<i32> = None;
        let mut runs: Vec<usize> = Vec::new();
        let mut out = None;
        loop {
            let x = match co.yield_(out).await {
                Ok(x) => x,
                Err(Interrupt::Close) => return Ok(runs),
                Err(other) => return Err(other),
            };
            if previous == Some(x) {
                // The run goes on (one is open: a value has been seen).
                if let Some(run) = runs.last_mut() {
                    *run += 1;
                }
                out = None;
            } else {
                runs.push(1);
                out = Some(x);
            }
            previous = Some(x);
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    type Dedupe = Coroutine<Option<i32>, i32, Vec<usize>>;

    fn feed(values: &[i32]) -> (Vec<Option<i32>>, Dedupe) {
        let mut d = dedupe();
        assert!(
            d.prime() == Ok(Step::Yielded(None)),
            "priming passes nothing on: nothing has been sent"
        );
        let out = values
            .iter()
            .map(|v| match d.send(*v) {
                Ok(Step::Yielded(o)) => o,
                _ => panic!("sending {v} must be answered with a yield: the filter never ends"),
            })
            .collect();
        (out, d)
    }

    fn runs_on_close(mut d: Dedupe) -> Vec<usize> {
        match d.close() {
            Ok(Some(runs)) => runs,
            Ok(None) => panic!(
                "close() answered Ok(None): the run lengths were lost; a close must end the \
                 body by returning them"
            ),
            Err(_) => panic!("close() failed: after a close the body must return, not yield"),
        }
    }

    /// What the filter must do, computed the plain way.
    fn reference(values: &[i32]) -> (Vec<Option<i32>>, Vec<usize>) {
        let (mut out, mut runs) = (Vec::new(), Vec::<usize>::new());
        for (i, v) in values.iter().enumerate() {
            if i > 0 && values[i - 1] == *v {
                *runs.last_mut().unwrap() += 1;
                out.push(None);
            } else {
                runs.push(1);
                out.push(Some(*v));
            }
        }
        (out, runs)
    }

    #[test]
    fn each_run_comes_out_once() {
        let (out, _) = feed(&[1, 1, 2, 2, 2, 1]);
        assert_eq!(
            out,
            [Some(1), None, Some(2), None, None, Some(1)],
            "a value is passed on only when it differs from the one just before it"
        );
    }

    #[test]
    fn a_first_value_of_zero_is_still_new() {
        let (out, _) = feed(&[0, 0, 3]);
        assert_eq!(
            out,
            [Some(0), None, Some(3)],
            "nothing came before the first value, not even 0: it starts a run"
        );
    }

    #[test]
    fn no_value_is_too_odd_to_start_a_run() {
        // A made-up start value is a value the stream can contain: test the edges of i32 and
        // generated values over its whole range as the first value.
        let mut state = 5u64;
        let mut firsts = vec![i32::MIN, i32::MAX, -1, 1];
        firsts.extend((0..20).map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 32) as u32 as i32 // anywhere in i32
        }));
        for first in firsts {
            let (out, d) = feed(&[first, first, 7]);
            assert_eq!(
                out,
                [Some(first), None, Some(7)],
                "nothing came before the first value, not even {first}: it starts a run"
            );
            assert_eq!(runs_on_close(d), [2, 1], "runs of {first}, {first} and 7");
        }
    }

    #[test]
    fn close_returns_the_length_of_every_run() {
        let (_, d) = feed(&[1, 1, 2, 2, 2, 1]);
        assert_eq!(runs_on_close(d), [2, 3, 1], "runs of 1, 2 and 1 again");
        let (_, d) = feed(&[0, 0]);
        assert_eq!(runs_on_close(d), [2], "one run of two zeros");
    }

    #[test]
    fn closing_before_any_value_returns_no_runs() {
        let (_, d) = feed(&[]);
        assert_eq!(runs_on_close(d), Vec::<usize>::new(), "no values, no runs");
    }

    #[test]
    fn generated_streams_match_the_plain_filter() {
        let mut state = 7u64;
        for len in 0..40 {
            let values: Vec<i32> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((state >> 33) % 3) as i32 - 1 // -1, 0 or 1: many runs
                })
                .collect();
            let (want_out, want_runs) = reference(&values);
            let (out, d) = feed(&values);
            assert_eq!(out, want_out, "passing on {values:?}");
            assert_eq!(runs_on_close(d), want_runs, "the runs of {values:?}");
        }
    }

    #[test]
    fn a_closed_filter_is_finished() {
        let (_, mut d) = feed(&[4, 4]);
        assert!(
            d.close().is_ok_and(|r| r.is_some()),
            "close returns the runs"
        );
        assert_eq!(d.state(), State::Closed);
        assert!(
            d.close() == Ok(None),
            "a second close has nothing more to return"
        );
        assert!(
            d.send(4) == Err(Error::Closed),
            "a closed filter takes no values"
        );
    }
}
