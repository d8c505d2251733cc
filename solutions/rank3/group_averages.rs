// group_averages: delegating again and again (solution)
//
// Why this works: the grouper never averages anything itself. Each turn of its loop delegates
// to a fresh `averager()`: while that averager runs, every value the caller sends goes
// straight to it, and when the caller sends the sentinel `None` the averager returns its
// Summary, which `co.delegate(..).await` evaluates to. The grouper keeps it and goes round to
// start the next averager, all within the send that carried the `None`, so that send answers
// with the new averager's first yield. After MAX_GROUPS groups the loop ends and the body
// returns the summaries: the send that ended the last group answers `Step::Complete`, and no
// caller can make the Vec grow past MAX_GROUPS.
// A close in the middle of a group reaches the running averager first (it unwinds, its
// unfinished group is never summarised); then `delegate` evaluates to
// `Err(Interrupt::Close)`. The grouper matches on it and returns the summaries of the groups
// it completed, which `close()` hands back as `Ok(Some(..))`.

use coro::{Coroutine, Interrupt};

/// The most groups one grouper summarises.
const MAX_GROUPS: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub count: u32,
    pub average: Option<f64>,
}

/// Takes `Some(value)` until it is sent `None`; then returns the summary of those values.
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

/// Summarises group after group (each ended by `None`) with a fresh averager each time.
fn grouper() -> Coroutine<(), Option<f64>, Vec<Summary>> {
    Coroutine::new(|co| async move {
        let mut summaries = Vec::new();
        while summaries.len() < MAX_GROUPS {
            match co.delegate(averager()).await {
                Ok(summary) => summaries.push(summary),
                Err(Interrupt::Close) => return Ok(summaries),
                Err(other) => return Err(other),
            }
        }
        Ok(summaries)
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    type Grouper = Coroutine<(), Option<f64>, Vec<Summary>>;

    fn started() -> Grouper {
        let mut g = grouper();
        assert!(
            g.prime() == Ok(Step::Yielded(())),
            "priming reaches the first averager's yield"
        );
        g
    }

    /// Sends one group and its `None`; returns what the `None` was answered with.
    fn send_group(g: &mut Grouper, values: &[f64]) -> Result<Step<(), Vec<Summary>>, ()> {
        for v in values {
            assert!(
                g.send(Some(*v)) == Ok(Step::Yielded(())),
                "a value is passed to the averager, which yields () for it"
            );
        }
        g.send(None).map_err(|_| ())
    }

    fn summary_of(values: &[f64]) -> (u32, Option<f64>) {
        let count = values.len() as u32;
        let average = (!values.is_empty()).then(|| values.iter().sum::<f64>() / count as f64);
        (count, average)
    }

    fn same(got: &[Summary], groups: &[Vec<f64>]) -> bool {
        got.len() == groups.len()
            && got.iter().zip(groups).all(|(s, values)| {
                let (count, average) = summary_of(values);
                s.count == count
                    && match (s.average, average) {
                        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                        (a, b) => a.is_none() && b.is_none(),
                    }
            })
    }

    fn closed(mut g: Grouper) -> Vec<Summary> {
        match g.close() {
            Ok(Some(summaries)) => summaries,
            _ => panic!(
                "close() did not hand back the summaries: a close, even one that comes in \
                 the middle of a group, must end the grouper with every group completed so far"
            ),
        }
    }

    #[test]
    fn the_given_averager_summarises_on_none_only() {
        let mut a = averager();
        a.prime().unwrap();
        a.send(Some(1.0)).unwrap();
        a.send(Some(2.0)).unwrap();
        assert!(
            a.send(None)
                == Ok(Step::Complete(Summary {
                    count: 2,
                    average: Some(1.5)
                })),
            "averager was changed: None must complete it with its summary"
        );
        let mut a = averager();
        a.prime().unwrap();
        a.send(Some(1.0)).unwrap();
        assert!(
            a.close() == Ok(None),
            "averager was changed: a closed averager unwinds and summarises nothing"
        );
    }

    #[test]
    fn the_sentinel_ends_one_group_and_the_grouper_waits_for_the_next() {
        let mut g = started();
        assert!(
            send_group(&mut g, &[2.0]) == Ok(Step::Yielded(())),
            "after a group's None the grouper yields again: a fresh averager waits inside"
        );
        assert!(
            send_group(&mut g, &[10.0, 20.0]) == Ok(Step::Yielded(())),
            "the second group is taken as the first was"
        );
        let groups = [vec![2.0], vec![10.0, 20.0]];
        assert!(same(&closed(g), &groups), "one summary per group, in order");
    }

    #[test]
    fn an_empty_group_has_no_average() {
        let mut g = started();
        send_group(&mut g, &[]).unwrap();
        assert_eq!(
            closed(g),
            [Summary {
                count: 0,
                average: None
            }],
            "a None right away is an empty group: count 0, average None"
        );
    }

    #[test]
    fn close_mid_group_returns_only_the_completed_groups() {
        let mut g = started();
        send_group(&mut g, &[1.0, 3.0]).unwrap();
        g.send(Some(100.0)).unwrap();
        let got = closed(g);
        assert!(
            same(&got, &[vec![1.0, 3.0]]),
            "the unfinished group (100.0) was never ended with None: it is not summarised, \
             got {got:?}"
        );
    }

    #[test]
    fn close_before_any_group_or_before_prime() {
        assert!(
            closed(started()).is_empty(),
            "closed before any None: no completed group"
        );
        let mut g = grouper();
        assert!(g.close() == Ok(None), "never primed: the body never ran");
    }

    #[test]
    fn after_max_groups_the_grouper_returns_them_all() {
        let mut g = started();
        let mut groups = Vec::new();
        for n in 1..MAX_GROUPS {
            let values: Vec<f64> = (0..n).map(|k| (k * n) as f64).collect();
            assert!(
                send_group(&mut g, &values) == Ok(Step::Yielded(())),
                "after {n} of MAX_GROUPS = {MAX_GROUPS} groups the grouper waits for more"
            );
            groups.push(values);
        }
        groups.push(vec![7.0]);
        match send_group(&mut g, &[7.0]) {
            Ok(Step::Complete(summaries)) => assert!(
                same(&summaries, &groups),
                "the send that ends group number MAX_GROUPS returns every summary, in order"
            ),
            _ => panic!(
                "the None that ends group number {MAX_GROUPS} must complete the grouper with \
                 the summaries"
            ),
        }
        assert_eq!(
            g.state(),
            State::Closed,
            "after MAX_GROUPS groups the grouper is done"
        );
        assert!(
            g.send(Some(1.0)) == Err(Error::Closed),
            "it takes no more values"
        );
    }

    #[test]
    fn five_groups_is_the_limit() {
        let mut g = started();
        for n in 1..=5 {
            let answer = send_group(&mut g, &[n as f64]);
            assert_eq!(
                matches!(answer, Ok(Step::Complete(_))),
                n == 5,
                "group {n}: the grouper completes at the fifth group, not before"
            );
        }
    }

    #[test]
    fn generated_groups_are_summarised_in_order() {
        let mut state = 5u64;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % bound
        };
        for round in 0..25 {
            let group_count = next(MAX_GROUPS as u64) as usize; // fewer than MAX_GROUPS
            let groups: Vec<Vec<f64>> = (0..group_count)
                .map(|_| (0..next(5)).map(|_| next(50) as f64 / 2.0).collect())
                .collect();
            let mut g = started();
            for values in &groups {
                send_group(&mut g, values).unwrap();
            }
            let got = closed(g);
            assert!(
                same(&got, &groups),
                "round {round}: groups {groups:?}, got {got:?}"
            );
        }
    }
}
