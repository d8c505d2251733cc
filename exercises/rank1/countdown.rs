// countdown: a generator is pulled by its consumer
//
// A generator hands out values one at a time, and only when asked. Python's `for` loop, `list`
// and `itertools.islice` ask with `next`; each `next` runs the body to its next `yield`. So a
// countdown from a million that is asked for two values computes two, and one that is never
// asked computes nothing.
//
// Python:
//
//     def countdown(n):
//         for i in numbers(n):   # n, n - 1, ..., 1, handed out lazily
//             yield i
//
//     list(countdown(3))                          # [3, 2, 1]
//     list(itertools.islice(countdown(10**6), 2)) # [1000000, 999999]: numbers(n) ran twice
//
// In `coro` a coroutine that is sent nothing, `Coroutine<Y>`, is an `Iterator<Item = Y>`: the
// first `next` primes it, each later one resumes it, and `for`, `collect` and `take` work on it.
//
// What to do: write `countdown`. Take the numbers from `numbers(n)`, which counts what it
// hands out: the tests check that nothing is taken before it is asked for.

use coro::Coroutine;
use std::cell::Cell;

thread_local! {
    /// How many numbers `numbers` has handed out on this thread (the tests read it).
    static PULLED: Cell<u32> = const { Cell::new(0) };
}

/// n, n - 1, ..., 1, lazily, counting every number it hands out.
pub fn numbers(n: u32) -> impl Iterator<Item = u32> {
    (1..=n)
        .rev()
        .inspect(|_| PULLED.with(|p| p.set(p.get() + 1)))
}

/// Yields n, n - 1, ..., 1, taking each number from `numbers(n)` only when it is asked for.
fn countdown(n: u32) -> Coroutine<u32> {
    // TODO: a coroutine that yields what numbers(n) hands out, one number per resume.
    todo!("count down from {n}")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{State, Step};

    fn pulled() -> u32 {
        PULLED.with(Cell::get)
    }

    fn reset_pulled() {
        PULLED.with(|p| p.set(0));
    }

    #[test]
    fn counts_down_from_n_to_one() {
        for n in 0..=20 {
            let expected: Vec<u32> = (1..=n).rev().collect();
            assert_eq!(
                countdown(n).collect::<Vec<_>>(),
                expected,
                "countdown({n}) yields {n}, {n} - 1, ..., 1 (nothing at all for 0)"
            );
        }
    }

    #[test]
    fn works_in_a_for_loop() {
        let mut seen = Vec::new();
        for i in countdown(5) {
            seen.push(i);
        }
        assert_eq!(seen, [5, 4, 3, 2, 1], "a generator can drive a for loop");
    }

    #[test]
    fn a_fresh_thread_starts_counting_from_zero() {
        let pulled_on_a_new_thread = std::thread::spawn(|| {
            let all: Vec<u32> = countdown(4).collect();
            assert_eq!(all, [4, 3, 2, 1], "countdown(4) yields 4, 3, 2, 1");
            pulled()
        })
        .join()
        .unwrap();
        assert_eq!(pulled_on_a_new_thread, 4, "counting down from 4 takes 4 numbers");
    }

    #[test]
    fn making_it_pulls_nothing() {
        reset_pulled();
        let c = countdown(1_000);
        assert_eq!(c.state(), State::Created, "countdown() only makes the coroutine");
        assert_eq!(
            pulled(),
            0,
            "making a countdown must not take any number from numbers(n): the body has not run"
        );
    }

    #[test]
    fn each_resume_pulls_exactly_one_number() {
        reset_pulled();
        let mut c = countdown(1_000);
        assert_eq!(c.prime(), Ok(Step::Yielded(1_000)), "the first value is n");
        assert_eq!(pulled(), 1, "prime runs the body to its first yield: one number taken");
        for k in 1..=5 {
            assert_eq!(c.send(()), Ok(Step::Yielded(1_000 - k)), "the next value is one less");
            assert_eq!(
                pulled(),
                k + 1,
                "each resume must take exactly one more number from numbers(n): yield each \
                 number as soon as you have it"
            );
        }
    }

    #[test]
    fn taking_k_values_pulls_k_numbers() {
        for k in [0, 1, 2, 3, 10] {
            reset_pulled();
            let first: Vec<u32> = countdown(1_000_000).take(k).collect();
            let expected: Vec<u32> = (1..=1_000_000).rev().take(k).collect();
            assert_eq!(first, expected, "take({k}) gives the first {k} values");
            assert_eq!(
                pulled(),
                k as u32,
                "take({k}) must take from numbers(n) exactly as many numbers as it gives \
                 values ({k}): the body runs only as far as it is pulled"
            );
        }
    }

    #[test]
    fn closing_it_stops_the_countdown() {
        reset_pulled();
        let mut c = countdown(10);
        c.prime().unwrap();
        c.send(()).unwrap();
        assert_eq!(
            c.close(),
            Ok(None),
            "close() must end the body at the yield where it is stopped (pass the error from \
             the yield on with `?`)"
        );
        assert_eq!(pulled(), 2, "a closed countdown takes no more numbers");
        assert_eq!(c.state(), State::Closed, "a closed coroutine is closed");
        assert_eq!(c.next(), None, "a closed generator yields nothing more");
    }
}
