// throw_reset: errors thrown into a coroutine
//
// `g.throw(exc)` raises `exc` inside a Python generator, at the `yield` where it is stopped.
// The generator may catch it and carry on (then `throw` returns what it yields next), or let
// it out (then `throw` raises it in the caller, and the generator is finished).
//
//   class Reset(Exception): pass
//   class Fatal(Exception): pass
//
//   def counter():
//       total = 0
//       while True:
//           try:
//               total += yield total
//           except Reset:
//               total = 0
//           # Fatal is not caught: it ends the generator
//
// In coro, what can be thrown is the fourth type parameter `E`, here an enum of your own, and
// the pending `yield_` returns it as `Err(Interrupt::Throw(e))`. A close arrives at the same
// place, as `Err(Interrupt::Close)`.
//
// Why it works: the match sees what the pending `yield_` brought. A value is added; a thrown
// `Reset` is handled by setting the total to 0, and the loop yields it; everything else (a
// `Fatal`, a close) is passed on with `return Err(..)`, which ends the body: `throw` then
// reports `Err(Error::Thrown(Signal::Fatal))`, and `close` returns `Ok(None)`.

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
            match co.yield_(total).await {
                Ok(n) => total += n,
                Err(Interrupt::Throw(Signal::Reset)) => total = 0,
                Err(other) => return Err(other),
            }
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
    fn a_generated_mix_of_sends_and_resets() {
        // A small seeded generator (an LCG) picks each step, so no fixed answer can pass.
        for seed in 1..=5 {
            let mut state: u32 = seed;
            let mut c = counter();
            c.prime().unwrap();
            let mut total = 0;
            for step in 0..20 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let r = (state >> 16) % 10;
                let got = if r < 3 {
                    total = 0;
                    c.throw(Signal::Reset)
                } else {
                    total += r;
                    c.send(r)
                };
                assert_eq!(
                    got,
                    Ok(Step::Yielded(total)),
                    "seed {seed}, step {step}: the running total, back to 0 after each Reset"
                );
            }
        }
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
        assert_eq!(c.send(1), Err(Error::Closed));
    }
}
