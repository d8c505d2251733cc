// average_summary: a return value that sums up the stream
//
// A coroutine can end in two ways that hand a value back: the caller sends a sentinel that the
// body treats as "that was all" and returns, or the caller closes it and the body catches
// `Interrupt::Close` and returns. Either way the caller receives the return value once: as
// `Step::Complete(r)` from `send`, or as `Ok(Some(r))` from `close`.
//
// Python (Fluent Python's coroaverager):   coro:
//   term = yield average                     match co.yield_(average).await {
//   if term is None:                             Ok(Some(term)) => ...,
//       break                                    Ok(None) => return Ok(summary),
//   ...                                          Err(Interrupt::Close) => return Ok(summary),
//   return Result(count, average)                Err(other) => return Err(other),
//
// What to do: finish the two arms marked TODO so that both endings return a `Summary`. An
// empty stream has no average: `None`, never NaN.

use coro::{Coroutine, Interrupt};

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub count: u32,
    pub average: Option<f64>,
}

/// Sent `Some(value)`, yields the running mean; sent `None` or closed, returns the summary.
fn averager() -> Coroutine<Option<f64>, Option<f64>, Summary> {
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
                Ok(None) | Err(Interrupt::Close) => return Ok(Summary { count, average }),
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, Step};

    fn fed(values: &[f64]) -> Coroutine<Option<f64>, Option<f64>, Summary> {
        let mut avg = averager();
        avg.prime().unwrap();
        for v in values {
            avg.send(Some(*v)).unwrap();
        }
        avg
    }

    fn assert_summary(got: Summary, count: u32, average: f64) {
        assert_eq!(got.count, count, "the summary counts every value sent");
        let mean = got.average.expect("a stream with values has an average");
        assert!(
            (mean - average).abs() < 1e-9,
            "the average must be {average}, not {mean}"
        );
    }

    #[test]
    fn the_sentinel_ends_the_stream_and_returns_the_summary() {
        let mut avg = fed(&[10.0, 30.0, 6.5]);
        match avg.send(None) {
            Ok(Step::Complete(summary)) => assert_summary(summary, 3, 15.5),
            other => panic!("sending None must complete with the summary, got {other:?}"),
        }
        assert_eq!(
            avg.send(Some(1.0)),
            Err(Error::Closed),
            "after the summary the averager is finished"
        );
    }

    #[test]
    fn closing_returns_the_summary_too() {
        let mut avg = fed(&[1.0, 2.0]);
        match avg.close() {
            Ok(Some(summary)) => assert_summary(summary, 2, 1.5),
            other => panic!("close must hand back the summary, got {other:?}"),
        }
    }

    #[test]
    fn an_empty_stream_has_no_average_not_nan() {
        let mut avg = fed(&[]);
        assert_eq!(
            avg.send(None),
            Ok(Step::Complete(Summary {
                count: 0,
                average: None
            })),
            "no values: count 0 and average None"
        );
        assert_eq!(
            fed(&[]).close(),
            Ok(Some(Summary {
                count: 0,
                average: None
            }))
        );
    }
}
