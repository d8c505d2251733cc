// running_average: state that lives between sends
//
// A coroutine keeps its locals alive while it is suspended, so a running aggregate needs no
// struct: the total and the count are plain `let mut` variables declared before the loop, and
// every send updates them.
//
// Python:                                  coro:
//   def averager():                          Coroutine::new(|co| async move {
//       total, count, average = 0, 0, None       let (mut total, mut count) = (0.0, 0u32);
//       while True:                              let mut average = None;
//           term = yield average                 loop {
//           total += term; count += 1                let term = co.yield_(average).await?;
//           average = total / count                  ...
//
// What to do: write the body of `averager`. Priming yields `None` (there is no average of
// nothing); each send yields `Some(mean of every value sent so far)`.

use coro::Coroutine;

/// Yields the mean of every value sent so far; `None` before the first.
fn averager() -> Coroutine<Option<f64>, f64> {
    Coroutine::new(|co| async move {
        let (mut total, mut count) = (0.0, 0u32);
        let mut average = None;
        loop {
            total += co.yield_(average).await?;
            count += 1;
            average = Some(total / f64::from(count));
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Step;

    fn mean_after(c: &mut Coroutine<Option<f64>, f64>, value: f64) -> f64 {
        match c.send(value) {
            Ok(Step::Yielded(Some(mean))) => mean,
            other => {
                panic!("after sending {value} the averager must yield Some(mean), got {other:?}")
            }
        }
    }

    fn close_to(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn priming_yields_none_because_there_is_no_average_yet() {
        let mut avg = averager();
        assert_eq!(
            avg.prime(),
            Ok(Step::Yielded(None)),
            "the first yield comes before any value"
        );
    }

    #[test]
    fn each_send_yields_the_mean_of_everything_so_far() {
        let mut avg = averager();
        avg.prime().unwrap();
        for (value, expected) in [(10.0, 10.0), (30.0, 20.0), (5.0, 15.0)] {
            let mean = mean_after(&mut avg, value);
            assert!(
                close_to(mean, expected),
                "after {value} the mean must be {expected}, not {mean}"
            );
        }
    }

    #[test]
    fn fractional_means_are_not_rounded() {
        let mut avg = averager();
        avg.prime().unwrap();
        mean_after(&mut avg, 1.0);
        mean_after(&mut avg, 2.0);
        let mean = mean_after(&mut avg, 2.0);
        assert!(
            close_to(mean, 5.0 / 3.0),
            "the mean of 1, 2, 2 is 5/3, not {mean}"
        );
    }

    #[test]
    fn two_averagers_keep_separate_state() {
        let (mut a, mut b) = (averager(), averager());
        a.prime().unwrap();
        b.prime().unwrap();
        mean_after(&mut a, 100.0);
        let first_of_b = mean_after(&mut b, 1.0);
        assert!(
            close_to(first_of_b, 1.0),
            "b has seen only 1.0, but says {first_of_b}"
        );
        let second_of_a = mean_after(&mut a, 0.0);
        assert!(
            close_to(second_of_a, 50.0),
            "a has seen 100 and 0, but says {second_of_a}"
        );
    }
}
