// yield_vs_return: many yields, one return
//
// A body can yield any number of times, and it returns once. In Python the return value does
// not come out of `next` like a yielded value: it travels inside the `StopIteration` that ends
// the generator, and a `for` loop throws it away. A driver that wants it catches it:
//
// Python:
//
//     def drive_to_end(gen):
//         yielded = []
//         try:
//             while True:
//                 yielded.append(next(gen))
//         except StopIteration as stop:
//             return yielded, stop.value
//
// In `coro` every resume answers with a `Result<Step<Y, R>, Error>`: `Ok(Step::Yielded(y))`
// while the body is going, `Ok(Step::Complete(r))` exactly once when it returns `r`, and after
// that `Err(Error::Closed)`. The first resume of a new coroutine is `prime()`; `send(())` before
// that is refused with `Err(Error::NotStarted(..))`. Python's `next(gen)` is `gen.send(None)`:
// this driver sends `S::default()` in its place, which is `()` for a generator.
//
// Why it works: the driver primes once, then sends as long as the body yields, keeping each
// yielded value; the one `Complete` carries the return value, and the driver returns as soon as
// it arrives, so it never resumes a finished coroutine. Any `Err` is a misuse or a failure in
// the body, and the driver reports it rather than guess a result.

use coro::{Coroutine, Step};

/// Runs `c` to its end, sending `S::default()` at each resume after the first, and gives back
/// everything it yielded, in order, with what it returned. Panics, with the error, if a resume
/// fails.
fn drive_to_end<Y, S: Default, R>(mut c: Coroutine<Y, S, R>) -> (Vec<Y>, R) {
    let mut yielded = Vec::new();
    let mut step = c.prime();
    loop {
        match step {
            Ok(Step::Yielded(y)) => {
                yielded.push(y);
                step = c.send(S::default());
            }
            Ok(Step::Complete(r)) => return (yielded, r),
            Err(e) => panic!("the coroutine failed: {e}"),
        }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    thread_local! {
        /// How many `Tick`s have been made on this thread.
        static TICKS_MADE: Cell<usize> = const { Cell::new(0) };
    }

    /// A value to send that counts how many times a driver makes one to send.
    struct Tick;

    impl Default for Tick {
        fn default() -> Self {
            TICKS_MADE.with(|t| t.set(t.get() + 1));
            Tick
        }
    }

    /// Yields 1, 2, ..., n, and returns how many `Tick`s it was sent.
    fn counts_its_ticks(n: u32) -> Coroutine<u32, Tick, usize> {
        Coroutine::new(move |co| async move {
            let mut received = 0;
            for i in 1..=n {
                let Tick = co.yield_(i).await?;
                received += 1;
            }
            Ok(received)
        })
    }

    fn ten_twenty() -> Coroutine<u32, (), &'static str> {
        Coroutine::new(|co| async move {
            co.yield_(10).await?;
            co.yield_(20).await?;
            Ok("done")
        })
    }

    /// Yields 0, 1, 4, ..., (n - 1)^2 and returns n.
    fn squares_then_count(n: u64) -> Coroutine<u64, (), u64> {
        Coroutine::new(move |co| async move {
            for i in 0..n {
                co.yield_(i * i).await?;
            }
            Ok(n)
        })
    }

    #[test]
    fn keeps_the_yields_and_the_return_value() {
        assert_eq!(
            drive_to_end(ten_twenty()),
            (vec![10, 20], "done"),
            "every yielded value in order, then the return value"
        );
    }

    #[test]
    fn a_body_that_returns_at_once_yields_nothing() {
        let c: Coroutine<u32, (), u32> = Coroutine::new(|_co| async move { Ok(7) });
        assert_eq!(
            drive_to_end(c),
            (vec![], 7),
            "the return value arrives even when nothing was yielded, in answer to prime"
        );
    }

    #[test]
    fn works_for_any_number_of_yields() {
        for n in 0..12 {
            let squares: Vec<u64> = (0..n).map(|i| i * i).collect();
            assert_eq!(
                drive_to_end(squares_then_count(n)),
                (squares, n),
                "a body with {n} yields: all {n} values in order, then its return value"
            );
        }
    }

    #[test]
    fn never_resumes_a_finished_coroutine() {
        for n in 0..8 {
            TICKS_MADE.with(|t| t.set(0));
            let (yielded, received) = drive_to_end(counts_its_ticks(n));
            assert_eq!(yielded, (1..=n).collect::<Vec<_>>(), "all {n} values, in order");
            assert_eq!(received, n as usize, "each yield is answered by one send");
            assert!(
                TICKS_MADE.with(Cell::get) == n as usize,
                "a body with {n} yields needs {n} sends after prime, no more: the driver sent \
                 again after Complete had arrived, to a coroutine that was already finished"
            );
        }
    }

    #[test]
    fn runs_the_body_to_its_very_end() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let l = log.clone();
        let c: Coroutine<char, (), usize> = Coroutine::new(move |co| async move {
            co.yield_('a').await?;
            l.borrow_mut().push("after the last yield");
            Ok(1)
        });
        assert_eq!(drive_to_end(c), (vec!['a'], 1), "one yield, then the return value");
        assert_eq!(
            *log.borrow(),
            ["after the last yield"],
            "the code after the last yield runs too: the return value comes only after it"
        );
    }
}
