// hello_coroutine: your first coroutine
//
// A coroutine is a function that can stop in the middle, hand a value out, and carry on later
// from the same place. In `coro` its body is an `async move` block, and the handle `co` lets
// it stop: `co.yield_(value).await?` hands `value` out and waits to be resumed.
//
// Python:                          coro:
//   def hello():                     Coroutine::new(|co| async move {
//       yield "hello"                    co.yield_("hello").await?;
//       return 3                         Ok(3)
//                                    })
//
// What to do: `hello` does not compile. The closure given to `Coroutine::new` must return a
// future, and a plain block is not one. Fix the marked line so the tests pass.

use coro::Coroutine;

/// Yields "hello" once, then returns 3.
fn hello() -> Coroutine<&'static str, (), u32> {
    // TODO: this closure returns a plain block; it must return a future that owns `co`.
    Coroutine::new(|co| {
        co.yield_("hello").await?;
        Ok(3)
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    #[test]
    fn a_new_coroutine_has_not_started() {
        let c = hello();
        assert_eq!(
            c.state(),
            State::Created,
            "making a coroutine must not run its body"
        );
    }

    #[test]
    fn priming_runs_to_the_first_yield() {
        let mut c = hello();
        assert_eq!(
            c.prime(),
            Ok(Step::Yielded("hello")),
            "prime runs the body up to its first yield_ and returns what it yielded"
        );
        assert_eq!(
            c.state(),
            State::Suspended,
            "after a yield the coroutine is suspended"
        );
    }

    #[test]
    fn resuming_runs_to_the_return_value() {
        let mut c = hello();
        c.prime().unwrap();
        assert_eq!(
            c.send(()),
            Ok(Step::Complete(3)),
            "after its only yield the body returns 3, which arrives as Complete(3)"
        );
        assert_eq!(
            c.state(),
            State::Closed,
            "a coroutine that returned is closed"
        );
    }

    #[test]
    fn a_finished_coroutine_cannot_be_resumed() {
        let mut c = hello();
        c.prime().unwrap();
        c.send(()).unwrap();
        assert_eq!(
            c.send(()),
            Err(Error::Closed),
            "a finished coroutine answers Closed"
        );
    }
}
