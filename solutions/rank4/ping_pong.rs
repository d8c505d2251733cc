// ping_pong: predict what a driver in the middle does
//
// Why these predictions are right:
// - Making a coroutine runs nothing, so the trace is empty after both players are made.
// - `prime()` runs a player to its first `yield_` and hands back what it yields there: 0. The
//   0 is not a hit: a primed player has not been sent any ball yet.
// - The driver carries every ball. `ping.send(10)` resumes ping at its first `yield_` with
//   10; ping hits 10 and yields 11. After the swap the variable `ping` holds the pong player,
//   so the next send carries 11 to pong, which yields 12; after the second swap `ping` is ping
//   again and gets 12. Three sends, three hits: ping 10, pong 11, ping 12; the ball is now 13.
// - After three swaps the variable `ping` holds the pong player, so `ping.close()` closes pong:
//   its Close arm logs and returns its one hit. The variable `pong` holds the ping player, and
//   dropping it frees it without resuming it: its Close arm never runs, nothing is logged.

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

// Your predictions. Replace each placeholder.

/// The trace right after both players are made.
const AFTER_MAKING: &[&str] = &[];
/// The value inside the `Step::Yielded` that `ping.prime()` returns.
const PRIME_YIELDS: u32 = 0;
/// The trace after the three exchanges of the rally.
const AFTER_RALLY: &[&str] = &[
    "ping warms up",
    "pong warms up",
    "ping hits 10",
    "pong hits 11",
    "ping hits 12",
];
/// The value of `ball` after the rally.
const LAST_BALL: u32 = 13;
/// What `ping.close()` returns after the rally, inside its `Ok`.
const CLOSE_RETURNS: Option<u32> = Some(1);
/// The trace at the very end, after `drop(pong)`.
const AT_THE_END: &[&str] = &[
    "ping warms up",
    "pong warms up",
    "ping hits 10",
    "pong hits 11",
    "ping hits 12",
    "pong stops after 1 hits",
];

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
