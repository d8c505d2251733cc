// echo: a yield that receives
//
// A Python generator can be sent values: `msg = yield reply` hands `reply` out, stops, and
// when the caller calls `g.send("hi")` the `yield` expression evaluates to `"hi"`. So one
// line both answers the message before and waits for the next one.
//
// Python, an echo good for one message only:
//   def one_echo():
//       msg = yield "ready"
//       yield f"1. {msg}"
//
// The second `yield` answers what arrived at the first. An echo that goes on for ever
// cannot write one `yield` per message: it needs a loop with a single `yield`, and whatever
// that `yield` hands out on the next pass must be kept somewhere in between.
//
// In coro the same expression is `co.yield_(value).await?`: it hands `value` out, and once
// the caller sends, it evaluates to what was sent.
//
// Why it works: each pass of the loop hands the current reply out with `co.yield_(..)` and
// waits there; the value of that `.await` is the message the caller sent next, so the new
// reply is built from the message that just arrived, and the count from the messages so far.
// Both live before the loop, so they survive from one pass to the next. `?` passes a close
// on, which ends the body instead of going round the loop again.

use coro::Coroutine;

/// Yields "ready" first, then "N. MSG" for the N-th message MSG it is sent (N from 1).
fn echo() -> Coroutine<String, &'static str> {
    Coroutine::new(|co| async move {
        let mut reply = String::from("ready");
        let mut count = 0;
        loop {
            let msg = co.yield_(reply).await?;
            count += 1;
            reply = format!("{count}. {msg}");
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    /// A small seeded generator of words, so that no fixed list of answers can pass.
    fn words(seed: u32, n: usize) -> Vec<&'static str> {
        const POOL: [&str; 8] = ["hi", "", "ping", "a b", "x", "coroutine", "42", "yield"];
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                POOL[(state >> 16) as usize % POOL.len()]
            })
            .collect()
    }

    #[test]
    fn priming_shows_ready() {
        let mut e = echo();
        assert_eq!(
            e.prime(),
            Ok(Step::Yielded("ready".to_string())),
            "the first yield, reached by prime(), is \"ready\""
        );
    }

    #[test]
    fn each_reply_answers_the_message_just_sent() {
        for seed in 1..=6 {
            let mut e = echo();
            e.prime().unwrap();
            for (i, msg) in words(seed, 3 + seed as usize).into_iter().enumerate() {
                let want = format!("{}. {msg}", i + 1);
                assert_eq!(
                    e.send(msg),
                    Ok(Step::Yielded(want)),
                    "send number {} ({msg:?}): each reply answers the message just sent, \
                     not the one before it, numbered from 1",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn close_ends_the_echo() {
        let mut e = echo();
        e.prime().unwrap();
        e.send("one").unwrap();
        assert_eq!(
            e.close(),
            Ok(None),
            "close() must end the body: let the close out of the yield_ with `?`"
        );
        assert_eq!(e.state(), State::Closed, "a closed echo is closed");
        assert_eq!(
            e.send("two"),
            Err(Error::Closed),
            "a closed echo takes no more messages"
        );
    }
}
