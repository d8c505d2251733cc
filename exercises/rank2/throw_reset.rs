// throw_reset: errors thrown into a coroutine
//
// `g.throw(exc)` raises `exc` inside a Python generator, at the `yield` where it is stopped.
// The generator may catch it and carry on (then `throw` returns what it yields next), or let
// it out (then `throw` raises it in the caller, and the generator is finished).
//
//   class Reset(Exception):
//       def __init__(self, to):
//           self.to = to
//   class Fatal(Exception): pass
//
//   def scoreboard():
//       score = 0
//       while True:
//           try:
//               score += yield score
//           except Reset as reset:
//               score = reset.to
//           # Fatal is not caught: it ends the generator
//
// In coro, what can be thrown is the fourth type parameter `E`, here an enum of your own, and
// the pending `yield_` returns it as `Err(Interrupt::Throw(e))`. A close arrives at the same
// place, as `Err(Interrupt::Close)`.
//
// What to do: a thrown `Signal::Reset(n)` ends the scoreboard below instead of setting its
// score to `n`. Handle it in the body; a `Signal::Fatal` and a close must still end it.

use coro::Coroutine;

#[derive(Debug, PartialEq)]
enum Signal {
    /// Set the score to this value and carry on.
    Reset(u32),
    /// Stop for good.
    Fatal,
}

/// Yields the score, the sum of the points it is sent; `throw(Signal::Reset(n))` sets the
/// score to `n`, and `throw(Signal::Fatal)` ends it. Closed, it ends without a result.
fn scoreboard() -> Coroutine<u32, u32, (), Signal> {
    Coroutine::new(|co| async move {
        let mut score = 0;
        loop {
            let points = co.yield_(score).await?;
            score += points;
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    fn scored_five() -> Coroutine<u32, u32, (), Signal> {
        let mut c = scoreboard();
        c.prime().unwrap();
        c.send(2).unwrap();
        assert_eq!(c.send(3), Ok(Step::Yielded(5)), "2 + 3 = 5");
        c
    }

    #[test]
    fn reset_is_handled_and_counting_carries_on() {
        let mut c = scored_five();
        assert_eq!(
            c.throw(Signal::Reset(0)),
            Ok(Step::Yielded(0)),
            "a Reset(0) is handled inside the body: the score goes to 0 and is yielded"
        );
        assert_eq!(
            c.state(),
            State::Suspended,
            "after a Reset the scoreboard carries on"
        );
        assert_eq!(c.send(4), Ok(Step::Yielded(4)), "scoring restarts from 0");
        assert_eq!(
            c.throw(Signal::Reset(7)),
            Ok(Step::Yielded(7)),
            "Reset(7) sets the score to 7"
        );
        assert_eq!(
            c.send(1),
            Ok(Step::Yielded(8)),
            "and scoring goes on from there"
        );
    }

    #[test]
    fn a_generated_mix_of_sends_and_resets() {
        // A small seeded generator (an LCG) picks each step, so no fixed answer can pass.
        for seed in 1..=5 {
            let mut state: u32 = seed;
            let mut c = scoreboard();
            c.prime().unwrap();
            let mut total = 0;
            for step in 0..20 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let r = (state >> 16) % 10;
                let got = if r < 3 {
                    total = r * 11;
                    c.throw(Signal::Reset(total))
                } else {
                    total += r;
                    c.send(r)
                };
                assert_eq!(
                    got,
                    Ok(Step::Yielded(total)),
                    "seed {seed}, step {step}: the sum of the points since the last Reset(n), plus n"
                );
            }
        }
    }

    #[test]
    fn fatal_escapes_and_ends_the_scoreboard() {
        let mut c = scored_five();
        assert_eq!(
            c.throw(Signal::Fatal),
            Err(Error::Thrown(Signal::Fatal)),
            "a Fatal is not handled: it must come back out of throw"
        );
        assert_eq!(
            c.state(),
            State::Closed,
            "an error that escaped ends the scoreboard"
        );
        assert_eq!(c.send(1), Err(Error::Closed));
    }

    #[test]
    fn close_still_ends_it() {
        let mut c = scored_five();
        c.throw(Signal::Reset(2)).unwrap();
        assert_eq!(
            c.close(),
            Ok(None),
            "a close must end the body without a result (let it out with `?`)"
        );
        assert_eq!(c.state(), State::Closed);
        assert_eq!(c.send(1), Err(Error::Closed));
    }
}
