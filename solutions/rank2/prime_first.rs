// prime_first: prime before you send
//
// A generator that was just made has not reached a `yield` yet, so nothing could receive a
// sent value. Python refuses:
//
//   g = running_total()
//   g.send(5)   # TypeError: can't send non-None value to a just-started generator
//   next(g)     # "priming": runs the body to its first yield
//   g.send(5)   # now 5 arrives at that yield
//
// coro refuses the same way, without a panic: `send` on a coroutine that was never primed
// returns `Err(Error::NotStarted(v))`, hands `v` back and runs nothing. A driver that treats
// every error as "stop" therefore stops at once, silently. And a body may also end before it
// ever reaches a `yield_`: then there is nothing to send to at all.
//
// Why it works: `feed_all` primes the coroutine once, before the loop, so every value it
// sends arrives at a `yield_`; what priming yields is looked at but not kept. If priming does
// not stop at a `yield_` (the body returned, or failed), there is nothing to send to.

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

/// Sends `values` into a fresh coroutine `c`, in order, and returns what it yields after each
/// send (what it yields when primed is not part of the result). Stops sending early if the
/// coroutine ends. Returns `None` if `c` ends before its first `yield_`, since then nothing
/// can be sent to it.
fn feed_all(mut c: Coroutine<i32, i32>, values: &[i32]) -> Option<Vec<i32>> {
    if !matches!(c.prime(), Ok(Step::Yielded(_))) {
        return None;
    }
    let mut out = Vec::new();
    for &v in values {
        match c.send(v) {
            Ok(Step::Yielded(y)) => out.push(y),
            _ => break,
        }
    }
    Some(out)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State};

    /// A small seeded generator (an LCG), so that no fixed answer can pass.
    fn values(seed: u32, n: usize) -> Vec<i32> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((state >> 16) % 201) as i32 - 100
            })
            .collect()
    }

    #[test]
    fn a_send_before_priming_is_refused() {
        let mut c = total();
        assert_eq!(
            c.send(5),
            Err(Error::NotStarted(5)),
            "a coroutine that was never primed refuses a send and hands the value back"
        );
        assert_eq!(c.state(), State::Created, "a refused send runs nothing");
    }

    #[test]
    fn total_ends_when_closed() {
        let mut c = total();
        c.prime().unwrap();
        c.send(4).unwrap();
        assert_eq!(c.close(), Ok(None), "total lets a close out with `?`");
        assert_eq!(c.state(), State::Closed);
    }

    #[test]
    fn feed_all_primes_then_sends_every_value() {
        assert_eq!(
            feed_all(total(), &[1, 2, 3]),
            Some(vec![1, 3, 6]),
            "feed_all must prime first; it returns what was yielded after each send, \
             not the value yielded by prime"
        );
        for n in 0..=9 {
            let sent = values(n as u32 + 7, n);
            let mut sum = 0;
            let want: Vec<i32> = sent
                .iter()
                .map(|v| {
                    sum += v;
                    sum
                })
                .collect();
            assert_eq!(
                feed_all(total(), &sent),
                Some(want),
                "feeding {sent:?}: one running total per value sent, none for priming"
            );
        }
    }

    #[test]
    fn feed_all_stops_when_the_coroutine_ends() {
        let two_only: Coroutine<i32, i32> = Coroutine::new(|co| async move {
            let a = co.yield_(-1).await?;
            let b = co.yield_(a).await?;
            co.yield_(a + b).await?;
            Ok(())
        });
        assert_eq!(
            feed_all(two_only, &[10, 20, 30, 40]),
            Some(vec![10, 30]),
            "once the coroutine has finished, feed_all stops sending"
        );
    }

    #[test]
    fn a_body_that_ends_before_its_first_yield_gets_nothing() {
        let at_once: Coroutine<i32, i32> = Coroutine::new(|_co| async move { Ok(()) });
        assert_eq!(
            feed_all(at_once, &[1, 2]),
            None,
            "this body returns before any yield_: priming does not stop at a yield_, \
             so there is nothing to send to"
        );
        let at_once: Coroutine<i32, i32> = Coroutine::new(|_co| async move { Ok(()) });
        assert_eq!(feed_all(at_once, &[]), None, "even with nothing to send");
    }
}
