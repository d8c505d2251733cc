// ping_pong: predict what a driver in the middle does
//
// Two coroutines cannot resume each other: a coroutine yields only to whoever resumed it. So
// when two players rally, a driver carries every ball: it takes what one yields and sends it to
// the other. Below, `scenario` does exactly that with two players, and records at six
// checkpoints what has happened. Read `player` and `scenario`, and predict each checkpoint.
//
// The same scenario in Python (player is a generator with `ball = yield 0` and, in its loop,
// `ball = yield ball + 1` inside a `try: ... except GeneratorExit:` that logs and returns):
//   ping, pong = player("ping"), player("pong")
//   first = next(ping); next(pong)
//   ball = 10
//   for _ in range(3):
//       ball = ping.send(ball)
//       ping, pong = pong, ping
//   ping.close()
//   del pong
// One difference matters at the last checkpoint: in CPython, `del pong` finalizes a suspended
// generator by closing it, so its `except GeneratorExit` runs. Dropping a `coro` coroutine
// frees it without resuming it: its Close arm runs only when someone calls `close()`.
//
// What to do: replace the six placeholders below with your predictions. A wrong one fails with
// a question, not with the right value: reason it out, do not copy.

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

// Your predictions. Replace each placeholder.

/// The trace right after both players are made.
const AFTER_MAKING: &[&str] = &["?"];
/// The value inside the `Step::Yielded` that `ping.prime()` returns.
const PRIME_YIELDS: u32 = 999;
/// The trace after the three exchanges of the rally.
const AFTER_RALLY: &[&str] = &["?"];
/// The value of `ball` after the rally.
const LAST_BALL: u32 = 999;
/// What `ping.close()` returns after the rally, inside its `Ok`.
const CLOSE_RETURNS: Option<u32> = Some(999);
/// The trace at the very end, after `drop(pong)`.
const AT_THE_END: &[&str] = &["?"];

pub type Trace = Rc<RefCell<Vec<String>>>;

/// A player: is sent the ball, hits it (the ball goes up by one), and counts its hits.
fn player(name: &'static str, trace: Trace) -> Coroutine<u32, u32, u32> {
    Coroutine::new(move |co| async move {
        trace.borrow_mut().push(format!("{name} warms up"));
        let mut ball = co.yield_(0).await?;
        let mut hits = 0;
        loop {
            hits += 1;
            trace.borrow_mut().push(format!("{name} hits {ball}"));
            match co.yield_(ball + 1).await {
                Ok(next) => ball = next,
                Err(Interrupt::Close) => {
                    trace.borrow_mut().push(format!("{name} stops after {hits} hits"));
                    return Ok(hits);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// What actually happens, at each checkpoint.
pub struct Observed {
    after_making: Vec<String>,
    prime_yields: Option<u32>,
    after_rally: Vec<String>,
    last_ball: u32,
    close_returns: Option<u32>,
    at_the_end: Vec<String>,
}

/// The scenario whose checkpoints you predict. Do not change it.
fn scenario() -> Observed {
    let trace = Trace::default();
    let snapshot = || trace.borrow().clone();
    let mut ping = player("ping", trace.clone());
    let mut pong = player("pong", trace.clone());
    let after_making = snapshot();
    let prime_yields = ping.prime().ok().and_then(|step| step.yielded());
    pong.prime().expect("pong warms up");
    // The rally: the driver carries each ball to the other player.
    let mut ball = 10;
    for _ in 0..3 {
        ball = ping
            .send(ball)
            .ok()
            .and_then(|step| step.yielded())
            .expect("a player always hits back");
        std::mem::swap(&mut ping, &mut pong);
    }
    let after_rally = snapshot();
    let close_returns = ping.close().ok().flatten();
    drop(pong);
    Observed {
        after_making,
        prime_yields,
        after_rally,
        last_ball: ball,
        close_returns,
        at_the_end: snapshot(),
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    // Each check says which prediction is wrong, never what the right value is.
    fn same(prediction: &[&str], actual: &[String]) -> bool {
        prediction.len() == actual.len() && prediction.iter().zip(actual).all(|(p, a)| p == a)
    }

    #[test]
    fn checkpoint_1_after_making_both_players() {
        assert!(
            same(AFTER_MAKING, &scenario().after_making),
            "AFTER_MAKING is wrong: what has a body run before anyone resumes it?"
        );
    }

    #[test]
    fn checkpoint_2_what_prime_yields() {
        assert!(
            Some(PRIME_YIELDS) == scenario().prime_yields,
            "PRIME_YIELDS is wrong: prime runs the body to its first yield_; what does it hand out there?"
        );
    }

    #[test]
    fn checkpoint_3_after_the_rally() {
        assert!(
            same(AFTER_RALLY, &scenario().after_rally),
            "AFTER_RALLY is wrong: each send resumes one player with the ball the driver carries; \
             and after a swap, which player does the variable `ping` hold?"
        );
    }

    #[test]
    fn checkpoint_4_the_last_ball() {
        assert!(
            LAST_BALL == scenario().last_ball,
            "LAST_BALL is wrong: follow the value of `ball` through the three sends"
        );
    }

    #[test]
    fn checkpoint_5_what_close_returns() {
        assert!(
            CLOSE_RETURNS == scenario().close_returns,
            "CLOSE_RETURNS is wrong: which player is closed, and what does its Close arm return?"
        );
    }

    #[test]
    fn checkpoint_6_at_the_end() {
        assert!(
            same(AT_THE_END, &scenario().at_the_end),
            "AT_THE_END is wrong: what runs when a suspended coroutine is closed, and when it is dropped?"
        );
    }
}
