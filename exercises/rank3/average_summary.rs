// average_summary: a return value that sums up the stream
//
// A coroutine can end in two ways that hand a value back to its caller:
// - the caller sends a sentinel, a value that means "that was all", and the body returns:
//   that `send` answers `Step::Complete(r)`;
// - the caller calls `close()`, `yield_` returns `Err(Interrupt::Close)` instead of a value,
//   and the body returns `Ok(r)` rather than passing the interrupt on: `close()` answers
//   `Ok(Some(r))`.
// Python spells both (`close()` returns the value since Python 3.13):
//
//     def averager():
//         total, count, average = 0.0, 0, None
//         while True:
//             try:
//                 term = yield average
//             except GeneratorExit:
//                 return Summary(count, average, "closed")
//             if term is None:
//                 return Summary(count, average, "sentinel")
//             total += term
//             count += 1
//             average = total / count
//
// Until now every body wrote `co.yield_(x).await?`, which turns each interrupt into an early
// return with no value. Here you need to look at what `yield_` returned: it is a
// `Result<S, Interrupt<E>>`, and `Interrupt` has two variants (see `coro::Interrupt`).
//
// What to do: write the body of `averager`.
// - Priming yields `None`; `Some(value)` is answered with `Some(mean of the values so far)`.
// - `None` ends the stream: return the summary, with `ending: Ending::Sentinel`.
// - A close ends it too: return the summary, with `ending: Ending::Closed`.
// - An empty stream has `average: None`, never NaN.
// - A `Fault` thrown in is not an ending: let it out, so that `throw` reports it.

use coro::Coroutine;

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
    Coroutine::new(|_co| async move {
        // TODO: the running mean, and a summary for each of the two endings.
        todo!("yield the running mean; return a Summary on None and on close")
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
