// dedupe_runs: a filter that remembers what it saw last
//
// Like the Unix `uniq`, this coroutine passes a value on only when it differs from the one
// before, so a run of equal values comes out once. It also counts how long each run was and
// returns those lengths when it is closed: a filter that summarises what flowed through it.
//
// Python:                                  coro:
//   previous = None                          let mut previous = None;
//   while True:                              loop {
//       x = yield out                            match co.yield_(out).await { ... }
//       out = x if x != previous else None       // Interrupt::Close: return the run lengths
//
// What to do: write the body. Priming yields `None`; a send yields `Some(x)` when `x` starts a
// new run and `None` when it repeats the previous value. On close, return the run lengths in
// order (an empty Vec if nothing was sent).

use coro::{Coroutine, Interrupt};

/// Passes on the first value of each run; returns the runs' lengths on close.
fn dedupe() -> Coroutine<Option<i32>, i32, Vec<usize>> {
    Coroutine::new(|co| async move {
        let mut previous: Option<i32> = None;
        let mut runs: Vec<usize> = Vec::new();
        let mut out = None;
        loop {
            match co.yield_(out).await {
                Ok(x) => {
                    if previous == Some(x) {
                        *runs.last_mut().expect("a run is open") += 1;
                        out = None;
                    } else {
                        runs.push(1);
                        out = Some(x);
                    }
                    previous = Some(x);
                }
                Err(Interrupt::Close) => return Ok(runs),
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Step;

    fn feed(values: &[i32]) -> (Vec<Option<i32>>, Coroutine<Option<i32>, i32, Vec<usize>>) {
        let mut d = dedupe();
        assert_eq!(
            d.prime(),
            Ok(Step::Yielded(None)),
            "priming passes nothing on"
        );
        let out = values
            .iter()
            .map(|v| match d.send(*v) {
                Ok(Step::Yielded(o)) => o,
                other => panic!("sending {v} must yield, got {other:?}"),
            })
            .collect();
        (out, d)
    }

    #[test]
    fn each_run_comes_out_once() {
        let (out, _) = feed(&[1, 1, 2, 2, 2, 1]);
        assert_eq!(
            out,
            [Some(1), None, Some(2), None, None, Some(1)],
            "a value is passed on only when it differs from the one before"
        );
    }

    #[test]
    fn close_returns_the_length_of_every_run() {
        let (_, mut d) = feed(&[1, 1, 2, 2, 2, 1]);
        assert_eq!(
            d.close(),
            Ok(Some(vec![2, 3, 1])),
            "runs of 1, 2 and 1 again"
        );
    }

    #[test]
    fn a_first_value_of_zero_is_still_new() {
        let (out, mut d) = feed(&[0, 0]);
        assert_eq!(
            out,
            [Some(0), None],
            "nothing came before the first value, not even 0"
        );
        assert_eq!(d.close(), Ok(Some(vec![2])));
    }

    #[test]
    fn closing_before_any_value_returns_no_runs() {
        let (_, mut d) = feed(&[]);
        assert_eq!(d.close(), Ok(Some(vec![])));
    }
}
