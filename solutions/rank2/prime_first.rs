// prime_first: prime before you send
//
// A coroutine that was just made has not reached a `yield_` yet, so there is nothing that
// could receive a sent value. `send` on it is refused with `Err(Error::NotStarted(v))`, hands
// the value back, and runs nothing. Prime it first: `prime()` runs the body to its first
// `yield_`.
//
// Python:                                  coro:
//   g.send(5)  # TypeError: can't send       c.send(5)  // Err(NotStarted(5))
//   next(g)    # prime                       c.prime()
//   g.send(5)  # now it works                c.send(5)  // Ok(Yielded(..))
//
// Why it works: `feed_all` primes the coroutine once, before the loop, so every value it
// sends arrives at a `yield_`.

use coro::{Coroutine, Step};

/// Yields the running total of what it is sent, starting with 0.
fn total() -> Coroutine<i32, i32> {
    Coroutine::new(|co| async move {
        let mut sum = 0;
        loop {
            sum += co.yield_(sum).await?;
        }
    })
}

/// Sends `values` into a fresh coroutine in order and collects what it yields after each
/// send (not what it yields when primed). Stops early if the coroutine ends.
fn feed_all(mut c: Coroutine<i32, i32>, values: &[i32]) -> Vec<i32> {
    let mut out = Vec::new();
    if !matches!(c.prime(), Ok(Step::Yielded(_))) {
        return out;
    }
    for &v in values {
        match c.send(v) {
            Ok(Step::Yielded(y)) => out.push(y),
            _ => break,
        }
    }
    out
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State};

    #[test]
    fn sends_before_priming_are_refused() {
        let mut c = total();
        assert_eq!(
            c.send(5),
            Err(Error::NotStarted(5)),
            "a coroutine that was never primed refuses a send and hands the value back"
        );
        assert_eq!(c.state(), State::Created, "a refused send runs nothing");
    }

    #[test]
    fn feed_all_primes_then_sends_every_value() {
        assert_eq!(
            feed_all(total(), &[1, 2, 3]),
            [1, 3, 6],
            "feed_all must prime first; it returns what was yielded after each send, \
             not the value yielded by prime"
        );
    }

    #[test]
    fn feed_all_with_nothing_to_send_yields_nothing() {
        assert_eq!(feed_all(total(), &[]), [], "no sends, no results");
    }

    #[test]
    fn feed_all_stops_when_the_coroutine_ends() {
        let two_only: Coroutine<i32, i32> = Coroutine::new(|co| async move {
            let a = co.yield_(0).await?;
            let b = co.yield_(a).await?;
            co.yield_(a + b).await?;
            Ok(())
        });
        assert_eq!(
            feed_all(two_only, &[10, 20, 30, 40]),
            [10, 30],
            "once the coroutine has finished, feed_all stops sending"
        );
    }
}
