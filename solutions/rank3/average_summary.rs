// average_summary: a return value that sums up the stream (solution)
//
// Why this works: the body matches on what `yield_` returns instead of passing every
// interrupt out with `?`, because two of the four outcomes must end the body with a value.
// - `Ok(Some(term))`: an ordinary value; fold it in and go round to yield the new average.
// - `Ok(None)`: the caller's sentinel. Returning `Ok(summary)` makes that same `send` answer
//   `Step::Complete(summary)`.
// - `Err(Interrupt::Close)`: `close()` was called. Returning `Ok(summary)` instead of the
//   interrupt makes `close()` answer `Ok(Some(summary))`, as Python 3.13's `close()` returns
//   the value of a generator that returns on `GeneratorExit`.
// - `Err(Interrupt::Throw(fault))`: not an ending the averager knows how to summarise, so it
//   is let out unchanged and `throw` reports it; no summary is made up for it.
// Both endings report the same two locals, so they cannot disagree about the numbers; an empty
// stream has `average: None` because `average` only becomes `Some` when a value arrives.

use coro::{Coroutine, Interrupt};

/// How the stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The caller sent `None`.
    Sentinel,
    /// The caller called `close()`.
    Closed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub count: u32,
    pub average: Option<f64>,
    pub ending: Ending,
}

/// What a caller may throw in: the source of the values broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault;

/// Sent `Some(value)`, yields the running mean; sent `None` or closed, returns the summary.
fn averager() -> Coroutine<Option<f64>, Option<f64>, Summary, Fault> {
    Coroutine::new(|co| async move {
        let (mut total, mut count) = (0.0, 0u32);
        let mut average = None;
        loop {
            match co.yield_(average).await {
                Ok(Some(term)) => {
                    total += term;
                    count += 1;
                    average = Some(total / f64::from(count));
                }
                Ok(None) => {
                    let ending = Ending::Sentinel;
                    return Ok(Summary {
                        count,
                        average,
                        ending,
                    });
                }
                Err(Interrupt::Close) => {
                    let ending = Ending::Closed;
                    return Ok(Summary {
                        count,
                        average,
                        ending,
                    });
                }
                Err(thrown) => return Err(thrown),
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    type Averager = Coroutine<Option<f64>, Option<f64>, Summary, Fault>;

    fn fed(values: &[f64]) -> Averager {
        let mut avg = averager();
        assert!(
            avg.prime() == Ok(Step::Yielded(None)),
            "priming yields None: nothing has been averaged yet"
        );
        for v in values {
            match avg.send(Some(*v)) {
                Ok(Step::Yielded(Some(_))) => {}
                _ => panic!("sending Some(value) must be answered with Some(running mean)"),
            }
        }
        avg
    }

    fn check(got: &Summary, values: &[f64], ending: Ending, rule: &str) {
        assert_eq!(
            got.ending, ending,
            "{rule}: the summary says how the stream ended"
        );
        assert_eq!(
            got.count as usize,
            values.len(),
            "{rule}: the summary counts every value sent"
        );
        match got.average {
            None => assert!(
                values.is_empty(),
                "{rule}: values were sent, so there is an average"
            ),
            Some(mean) => {
                let want = values.iter().sum::<f64>() / values.len() as f64;
                assert!(
                    (mean - want).abs() < 1e-9,
                    "{rule}: the average must be the mean of the values sent, not {mean}"
                );
            }
        }
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
    fn the_running_mean_is_yielded_after_every_value() {
        let mut avg = fed(&[10.0]);
        match avg.send(Some(30.0)) {
            Ok(Step::Yielded(Some(m))) => {
                assert!(
                    (m - 20.0).abs() < 1e-9,
                    "after 10 and 30 the mean is 20, not {m}"
                )
            }
            _ => panic!("a value is answered with the running mean"),
        }
    }

    #[test]
    fn the_sentinel_ends_the_stream_with_the_summary() {
        let values = [10.0, 30.0, 6.5];
        let mut avg = fed(&values);
        match avg.send(None) {
            Ok(Step::Complete(s)) => check(&s, &values, Ending::Sentinel, "sentinel"),
            _ => panic!("sending None must complete the averager with its summary"),
        }
        assert!(
            avg.send(Some(1.0)) == Err(Error::Closed),
            "after the summary the averager is finished"
        );
    }

    #[test]
    fn close_returns_the_summary_too() {
        let values = [1.0, 2.0];
        let mut avg = fed(&values);
        match avg.close() {
            Ok(Some(s)) => check(&s, &values, Ending::Closed, "close"),
            _ => panic!(
                "close must hand back the summary as Ok(Some(summary)): catch the close \
                 instead of letting it unwind the body"
            ),
        }
        assert_eq!(avg.state(), State::Closed);
        assert!(
            avg.close() == Ok(None),
            "closing again has nothing more to return"
        );
    }

    #[test]
    fn generated_streams_are_summarised_either_way() {
        for seed in 1..=16 {
            let mut next = lcg(seed);
            let values: Vec<f64> = (0..next(9)).map(|_| next(100) as f64 / 4.0).collect();
            let mut by_sentinel = fed(&values);
            match by_sentinel.send(None) {
                Ok(Step::Complete(s)) => check(&s, &values, Ending::Sentinel, "sentinel"),
                _ => panic!("seed {seed}: None must complete with the summary"),
            }
            let mut by_close = fed(&values);
            match by_close.close() {
                Ok(Some(s)) => check(&s, &values, Ending::Closed, "close"),
                _ => panic!("seed {seed}: close must return the summary"),
            }
        }
    }

    #[test]
    fn an_empty_stream_has_no_average_not_nan() {
        match fed(&[]).send(None) {
            Ok(Step::Complete(s)) => check(&s, &[], Ending::Sentinel, "empty, sentinel"),
            _ => panic!("None right after priming completes with count 0 and average None"),
        }
        match fed(&[]).close() {
            Ok(Some(s)) => check(&s, &[], Ending::Closed, "empty, close"),
            _ => panic!("close right after priming returns count 0 and average None"),
        }
    }

    #[test]
    fn closing_an_unprimed_averager_runs_nothing() {
        let mut avg = averager();
        assert!(
            avg.close() == Ok(None),
            "a coroutine closed before it was primed never ran its body, so it has no summary"
        );
    }

    #[test]
    fn a_thrown_fault_is_let_out_not_summarised() {
        let mut avg = fed(&[3.0, 4.0]);
        assert!(
            avg.throw(Fault) == Err(Error::Thrown(Fault)),
            "a Fault thrown in is not an ending to summarise: the body must let it out"
        );
        assert_eq!(
            avg.state(),
            State::Closed,
            "a fault that got out ends the averager"
        );
    }
}
