// auto_primed: a constructor that primes for you
//
// Priming by hand is easy to forget. Python programs often wrap a coroutine function in a
// `@coroutine` decorator that calls `next` once; `Coroutine::primed` does the same: it makes
// the coroutine, runs it to its first `yield_`, and throws that first yielded value away. The
// result is ready for `send`.
//
// Python:                          coro:
//   @coroutine                       fn grep(p: &'static str) -> Coroutine<bool, &'static str> {
//   def grep(pattern): ...               Coroutine::primed(move |co| async move { ... })
//                                    }
//
// Why it works: `primed` runs the body to its first `yield_` before `grep` returns, so the
// first `send` already reaches the loop.

use coro::Coroutine;

/// A primed coroutine: sent lines, it yields whether each one contains `pattern`.
fn grep(pattern: &'static str) -> Coroutine<bool, &'static str> {
    Coroutine::primed(move |co| async move {
        let mut matched = false;
        loop {
            let line: &str = co.yield_(matched).await?;
            matched = line.contains(pattern);
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{State, Step};

    #[test]
    fn grep_is_ready_for_send_as_soon_as_it_is_made() {
        let g = grep("python");
        assert_eq!(
            g.state(),
            State::Suspended,
            "grep must return a coroutine that is already stopped at its first yield_"
        );
    }

    #[test]
    fn the_first_send_is_answered_about_that_line() {
        let mut g = grep("python");
        assert_eq!(
            g.send("python rocks"),
            Ok(Step::Yielded(true)),
            "the first send must reach the loop and be answered about its own line"
        );
        assert_eq!(g.send("ruby"), Ok(Step::Yielded(false)), "no match, false");
        assert_eq!(
            g.send("I like python"),
            Ok(Step::Yielded(true)),
            "a match anywhere"
        );
    }
}
