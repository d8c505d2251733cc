// throw_reset: errors thrown into a coroutine
//
// `throw(e)` makes the pending `yield_` return `Err(Interrupt::Throw(e))`. The body may
// handle it and carry on, or let it out with `?`: then `throw` returns `Err(Error::Thrown(e))`
// and the coroutine is closed. The thrown type is the fourth type parameter, `E`.
//
// Python:                                  coro:
//   try:                                     match co.yield_(total).await {
//       total += yield total                     Ok(n) => total += n,
//   except Reset:                                Err(Interrupt::Throw(Signal::Reset)) => total = 0,
//       total = 0                                Err(other) => return Err(other),
//                                            }
//
// What to do: a thrown `Signal::Reset` ends the counter instead of resetting it. Handle it in
// the body; a `Signal::Fatal` and a close must still end it.

use coro::{Coroutine, Interrupt};

#[derive(Debug, PartialEq)]
enum Signal {
    /// Start counting from zero again.
    Reset,
    /// Stop for good.
    Fatal,
}

/// Yields the running total of what it is sent; `throw(Signal::Reset)` sets it back to 0,
/// and `throw(Signal::Fatal)` ends it.
fn counter() -> Coroutine<u32, u32, (), Signal> {
    Coroutine::new(|co| async move {
        let mut total = 0;
        loop {
            // TODO: `?` lets every thrown Signal out. Handle Reset here, let the rest out.
            let n = co.yield_(total).await?;
            total += n;
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    fn counted_to_five() -> Coroutine<u32, u32, (), Signal> {
        let mut c = counter();
        c.prime().unwrap();
        c.send(2).unwrap();
        assert_eq!(c.send(3), Ok(Step::Yielded(5)), "2 + 3 = 5");
        c
    }

    #[test]
    fn reset_is_handled_and_counting_carries_on() {
        let mut c = counted_to_five();
        assert_eq!(
            c.throw(Signal::Reset),
            Ok(Step::Yielded(0)),
            "a Reset is handled inside the body: the total goes back to 0 and is yielded"
        );
        assert_eq!(
            c.state(),
            State::Suspended,
            "after a Reset the counter carries on"
        );
        assert_eq!(c.send(4), Ok(Step::Yielded(4)), "counting restarts from 0");
    }

    #[test]
    fn fatal_escapes_and_ends_the_counter() {
        let mut c = counted_to_five();
        assert_eq!(
            c.throw(Signal::Fatal),
            Err(Error::Thrown(Signal::Fatal)),
            "a Fatal is not handled: it must come back out of throw"
        );
        assert_eq!(
            c.state(),
            State::Closed,
            "an error that escaped ends the coroutine"
        );
        assert_eq!(c.send(1), Err(Error::Closed));
    }

    #[test]
    fn close_still_ends_it() {
        let mut c = counted_to_five();
        c.throw(Signal::Reset).unwrap();
        assert_eq!(
            c.close(),
            Ok(None),
            "handling Reset must not swallow a close"
        );
        assert_eq!(c.state(), State::Closed);
    }
}
