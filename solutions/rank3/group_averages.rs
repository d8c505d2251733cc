// group_averages: delegating again and again
//
// A delegating coroutine can start a fresh sub-coroutine every time the last one returns. Here
// a grouper delegates to an averager; when the averager is sent the sentinel `None` it returns
// its summary, the grouper stores it under its key, and delegates to a new averager for the
// next group. The caller never talks to the averagers directly: every value passes through the
// grouper (Fluent Python's grouper, with `results[key] = yield from averager()`).
//
// Python:                                  coro:
//   def grouper(results, key):               Coroutine::new(move |co| async move {
//       while True:                              loop {
//           results[key] = yield from averager()     let summary = co.delegate(averager()).await?;
//                                                    results.borrow_mut().insert(key.clone(), summary);
//
// What to do: write the body of `grouper`. `averager` and the driver `group_averages` are given.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use coro::Coroutine;

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub count: u32,
    pub average: Option<f64>,
}

pub type Results = Rc<RefCell<BTreeMap<String, Summary>>>;

/// Yields nothing useful; returns the summary of the values sent before `None`.
fn averager() -> Coroutine<(), Option<f64>, Summary> {
    Coroutine::new(|co| async move {
        let (mut total, mut count) = (0.0, 0u32);
        while let Some(term) = co.yield_(()).await? {
            total += term;
            count += 1;
        }
        let average = (count > 0).then(|| total / f64::from(count));
        Ok(Summary { count, average })
    })
}

/// Feeds every value of a group through one averager after another; stores each summary.
fn grouper(results: Results, key: String) -> Coroutine<(), Option<f64>> {
    Coroutine::new(move |co| async move {
        loop {
            let summary = co.delegate(averager()).await?;
            results.borrow_mut().insert(key.clone(), summary);
        }
    })
}

/// Sends each group's values through a grouper, then `None` to end the group.
fn group_averages(data: &[(&str, &[f64])]) -> BTreeMap<String, Summary> {
    let results = Results::default();
    for (key, values) in data {
        let mut group = grouper(results.clone(), key.to_string());
        group.prime().expect("a fresh grouper primes");
        for v in *values {
            group.send(Some(*v)).expect("the grouper takes values");
        }
        group
            .send(None)
            .expect("None ends a group, and the grouper starts the next");
    }
    results.take()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{State, Step};

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn each_group_gets_its_own_summary() {
        let results = group_averages(&[
            ("girls;kg", &[40.9, 38.5, 44.3]),
            ("boys;m", &[1.38, 1.5, 1.32, 1.25]),
        ]);
        assert_eq!(results.len(), 2, "one summary per key");
        let girls = &results["girls;kg"];
        assert_eq!(girls.count, 3);
        assert!(close(girls.average, 41.233333333333334), "{girls:?}");
        let boys = &results["boys;m"];
        assert_eq!(boys.count, 4);
        assert!(close(boys.average, 1.3625), "{boys:?}");
    }

    #[test]
    fn the_sentinel_ends_one_group_and_the_grouper_waits_for_the_next() {
        let results = Results::default();
        let mut g = grouper(results.clone(), "k".into());
        g.prime().unwrap();
        g.send(Some(2.0)).unwrap();
        assert!(
            results.borrow().is_empty(),
            "no summary before the sentinel"
        );
        assert_eq!(
            g.send(None),
            Ok(Step::Yielded(())),
            "after the sentinel the grouper yields again"
        );
        assert_eq!(
            results.borrow()["k"],
            Summary {
                count: 1,
                average: Some(2.0)
            }
        );
        assert_eq!(
            g.state(),
            State::Suspended,
            "a fresh averager is waiting inside"
        );
        g.send(Some(10.0)).unwrap();
        g.send(Some(20.0)).unwrap();
        g.send(None).unwrap();
        assert_eq!(
            results.borrow()["k"],
            Summary {
                count: 2,
                average: Some(15.0)
            },
            "the next group replaces the summary"
        );
    }

    #[test]
    fn an_empty_group_has_no_average() {
        let results = group_averages(&[("empty", &[])]);
        assert_eq!(
            results["empty"],
            Summary {
                count: 0,
                average: None
            }
        );
    }
}
