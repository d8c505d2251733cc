// forgot_await: two silenced warnings
//
// A colleague ported this launch sequence from Python. The compiler gave two warnings, and to
// get a clean build the colleague silenced one and ignored the other. Now the countdown does
// not stop where it should, and closing the coroutine does not stop it either.
//
// Python:
//
//     def launch(log):
//         for i in (3, 2, 1):
//             log.append(f"T-{i}")
//             yield i
//         log.append("ignition")
//         yield 0
//         log.append("liftoff")
//         return "liftoff"
//
// In Python every `yield` stops the body, and `g.close()` raises `GeneratorExit` at the
// `yield` where the body is stopped, so nothing after it runs.
//
// A warning about an unused value often ends with rustc's generic advice, "help: use `let _ =
// ...` to ignore the resulting value". For a yield that help is a trap: `let _ =` quiets the
// compiler by throwing the value away, and what a yield gives back matters (notes/rank1.md,
// section "Closing a coroutine"). Read the `note` lines above the help instead.
//
// What to do: find both mistakes and fix them, so that the Rust body stops where the Python
// one does and a close ends it. Read the compiler's warnings first (`coro-lings run` shows
// them): one is still there.

use coro::Coroutine;
use std::cell::RefCell;
use std::rc::Rc;

type Log = Rc<RefCell<Vec<String>>>;

/// Counts down 3, 2, 1, logs "ignition" and yields 0, then logs "liftoff" and returns it.
fn launch(log: Log) -> Coroutine<u32, (), &'static str> {
    Coroutine::new(move |co| async move {
        for i in (1..=3).rev() {
            log.borrow_mut().push(format!("T-{i}"));
            co.yield_(i);
        }
        log.borrow_mut().push("ignition".to_string());
        let _ = co.yield_(0).await;
        log.borrow_mut().push("liftoff".to_string());
        Ok("liftoff")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{State, Step};

    /// Everything the body logs, in order, when it runs to its end.
    const FULL_LOG: [&str; 5] = ["T-3", "T-2", "T-1", "ignition", "liftoff"];

    #[test]
    fn each_yield_stops_the_body() {
        let log: Log = Rc::default();
        let mut c = launch(log.clone());
        assert_eq!(
            c.prime(),
            Ok(Step::Yielded(3)),
            "prime must stop at the first yield, with 3"
        );
        assert_eq!(
            *log.borrow(),
            ["T-3"],
            "after prime the body must be stopped at its first yield: only T-3 is logged"
        );
        assert_eq!(c.send(()), Ok(Step::Yielded(2)), "the second value is 2");
        assert_eq!(c.send(()), Ok(Step::Yielded(1)), "the third value is 1");
        assert_eq!(*log.borrow(), FULL_LOG[..3], "one log line per number so far");
        assert_eq!(c.send(()), Ok(Step::Yielded(0)), "after ignition the body yields 0");
        assert_eq!(*log.borrow(), FULL_LOG[..4], "ignition is logged before 0 is yielded");
        assert_eq!(
            c.send(()),
            Ok(Step::Complete("liftoff")),
            "after the last yield the body returns \"liftoff\""
        );
        assert_eq!(*log.borrow(), FULL_LOG, "liftoff is logged at the very end");
    }

    #[test]
    fn close_stops_the_body_wherever_it_is() {
        // After prime and k sends, the body is stopped at its (k + 1)-th yield.
        for sends in 0..=3 {
            let log: Log = Rc::default();
            let mut c = launch(log.clone());
            c.prime().unwrap();
            for _ in 0..sends {
                c.send(()).unwrap();
            }
            assert_eq!(
                c.close(),
                Ok(None),
                "close() after {sends} send(s) must end the body at the yield where it is \
                 stopped: it must neither yield again nor run on to its return"
            );
            assert_eq!(c.state(), State::Closed, "a closed coroutine is closed");
            assert_eq!(
                *log.borrow(),
                FULL_LOG[..sends + 1],
                "close() after {sends} send(s) must not run any more of the body"
            );
        }
    }
}
