// countdown: a generator is pulled by its consumer
//
// A coroutine that is sent nothing is a generator: a `Coroutine<u32>` is an
// `Iterator<Item = u32>`, so `for`, `collect` and `take` work on it. It is lazy: the body runs
// only as far as the consumer pulls, so a countdown from a million that is asked for two values
// computes two.
//
// Python:                          coro:
//   def countdown(n):                Coroutine::new(move |co| async move {
//       for i in range(n, 0, -1):        for i in numbers(n) { co.yield_(i).await?; }
//           yield i                      Ok(())
//                                    })
//
// What to do: write the body of `countdown`. Take the numbers from `numbers(n)` (it counts
// what it hands out, and a test checks that count) and yield each one.

use coro::Coroutine;
use std::cell::Cell;

thread_local! {
    /// How many numbers `numbers` has handed out on this thread (the tests read it).
    static PULLED: Cell<u32> = const { Cell::new(0) };
}

/// n, n - 1, ..., 1, lazily, counting every number it hands out.
fn numbers(n: u32) -> impl Iterator<Item = u32> {
    (1..=n)
        .rev()
        .inspect(|_| PULLED.with(|p| p.set(p.get() + 1)))
}

/// Yields n, n - 1, ..., 1, taking its numbers from `numbers(n)`.
fn countdown(n: u32) -> Coroutine<u32> {
    // TODO: build it with `Coroutine::new(move |co| async move { ... })`.
    todo!("count down from {n}, taking the numbers from numbers(n)")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_to_one() {
        assert_eq!(
            countdown(3).collect::<Vec<_>>(),
            [3, 2, 1],
            "countdown(3) yields 3, 2, 1: it starts at n and stops after 1"
        );
    }

    #[test]
    fn countdown_from_zero_yields_nothing() {
        assert_eq!(
            countdown(0).next(),
            None,
            "countdown(0) has nothing to count"
        );
    }

    #[test]
    fn works_in_a_for_loop() {
        let mut seen = Vec::new();
        for i in countdown(5) {
            seen.push(i);
        }
        assert_eq!(
            seen,
            [5, 4, 3, 2, 1],
            "a generator can be used in a for loop"
        );
    }

    #[test]
    fn the_body_runs_only_as_far_as_it_is_pulled() {
        PULLED.with(|p| p.set(0));
        let first_two: Vec<u32> = countdown(1_000_000).take(2).collect();
        assert_eq!(first_two, [1_000_000, 999_999], "the first two values");
        assert_eq!(
            PULLED.with(Cell::get),
            2,
            "asking for two values must pull exactly two numbers from numbers(n): \
             yield each number as soon as you have it, and take them from numbers(n)"
        );
    }
}
