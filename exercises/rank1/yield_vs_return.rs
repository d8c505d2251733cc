// yield_vs_return: many yields, one return
//
// A body can yield many times, and it returns once. Each resume gives a `Step`: `Yielded(y)`
// while the body is still going, then `Complete(r)` exactly once, carrying the return value.
// After that the coroutine is closed: a further `send` is `Err(Error::Closed)`, not a panic.
//
// Python:                                    coro:
//   try: y = g.send(None)                      match c.send(()) {
//   except StopIteration as stop:                  Ok(Step::Yielded(y)) => ...,
//       r = stop.value                             Ok(Step::Complete(r)) => ...,
//                                              }
//
// What to do: `drive_to_end` does not compile: its `match` misses a case. Add the missing arm,
// so that it returns everything that was yielded together with the return value.

use coro::{Coroutine, Step};

/// Runs `c` to its end: everything it yields, in order, and what it returns.
fn drive_to_end<Y, R>(mut c: Coroutine<Y, (), R>) -> (Vec<Y>, R) {
    let mut yielded = Vec::new();
    let mut step = c.prime();
    loop {
        match step {
            Ok(Step::Yielded(y)) => {
                yielded.push(y);
                step = c.send(());
            }
            // TODO: one kind of step is not handled here. Handle it.
            Err(e) => panic!("the coroutine failed: {e}"),
        }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Error;

    fn ten_twenty() -> Coroutine<u32, (), &'static str> {
        Coroutine::new(|co| async move {
            co.yield_(10).await?;
            co.yield_(20).await?;
            Ok("done")
        })
    }

    #[test]
    fn collects_the_yields_and_the_return_value() {
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
            "the return value arrives even when nothing was yielded"
        );
    }

    #[test]
    fn resuming_after_the_end_is_an_error_not_a_panic() {
        let mut c = ten_twenty();
        c.prime().unwrap();
        c.send(()).unwrap();
        assert_eq!(
            c.send(()),
            Ok(Step::Complete("done")),
            "the return value arrives once"
        );
        assert_eq!(
            c.send(()),
            Err(Error::Closed),
            "after Complete, the coroutine is closed"
        );
    }
}
