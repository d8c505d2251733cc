// moving_window: a window that slides with every send
//
// A coroutine's locals can be any data structure. Here a `VecDeque` holds the last three values:
// each send pushes the new one at the back and, once there are more than three, drops the
// oldest from the front. The statistics are computed over what is in the window.
//
// Python:                                  coro:
//   window = deque(maxlen=3)                 let mut window = VecDeque::with_capacity(3);
//   while True:                              loop {
//       window.append((yield stats))             let value = co.yield_(stats).await?;
//       stats = (min(window), ...)               window.push_back(value); ...
//
// What to do: write the body. Priming yields `None`; each send yields
// `Some(Stats { min, max, mean })` of the last three values (fewer at the start).

use std::collections::VecDeque;

use coro::Coroutine;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
}

const WIDTH: usize = 3;

/// Yields the min, max and mean of the last `WIDTH` values sent.
fn moving_window() -> Coroutine<Option<Stats>, f64> {
    Coroutine::new(|co| async move {
        let mut window: VecDeque<f64> = VecDeque::with_capacity(WIDTH + 1);
        let mut stats = None;
        loop {
            window.push_back(co.yield_(stats).await?);
            if window.len() > WIDTH {
                window.pop_front();
            }
            let min = window.iter().copied().fold(f64::INFINITY, f64::min);
            let max = window.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mean = window.iter().sum::<f64>() / window.len() as f64;
            stats = Some(Stats { min, max, mean });
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Step;

    fn stats_after(c: &mut Coroutine<Option<Stats>, f64>, value: f64) -> Stats {
        match c.send(value) {
            Ok(Step::Yielded(Some(s))) => s,
            other => {
                panic!("after sending {value} the window must yield Some(Stats), got {other:?}")
            }
        }
    }

    fn assert_stats(got: Stats, min: f64, max: f64, mean: f64) {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(
            close(got.min, min) && close(got.max, max) && close(got.mean, mean),
            "expected min {min}, max {max}, mean {mean}; got {got:?}"
        );
    }

    #[test]
    fn priming_yields_none() {
        assert_eq!(moving_window().prime(), Ok(Step::Yielded(None)));
    }

    #[test]
    fn the_window_grows_to_three_then_slides() {
        let mut w = moving_window();
        w.prime().unwrap();
        assert_stats(stats_after(&mut w, 1.0), 1.0, 1.0, 1.0);
        assert_stats(stats_after(&mut w, 5.0), 1.0, 5.0, 3.0);
        assert_stats(stats_after(&mut w, 2.0), 1.0, 5.0, 8.0 / 3.0);
        // 1.0 has left the window now: only 5, 2, 8 count.
        assert_stats(stats_after(&mut w, 8.0), 2.0, 8.0, 5.0);
        assert_stats(stats_after(&mut w, 8.0), 2.0, 8.0, 6.0);
    }

    #[test]
    fn negative_values_are_handled() {
        let mut w = moving_window();
        w.prime().unwrap();
        stats_after(&mut w, -3.0);
        assert_stats(stats_after(&mut w, -1.0), -3.0, -1.0, -2.0);
    }
}
