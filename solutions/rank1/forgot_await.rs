// forgot_await: a yield that is not awaited does nothing
//
// `co.yield_(v)` only builds a future. The body stops and hands `v` out when that future is
// awaited. Without `.await` the value is never handed out and the body runs straight on, so
// the compiler warns: "unused `Yield` that must be used".
//
// Python:                          coro:
//   for i in range(1, 4):            for i in 1..=3 {
//       yield i                          co.yield_(i).await?;
//   return "done"                    }
//                                    Ok("done")
//
// Why it works: `.await` is where the body suspends, and `?` ends the body when the caller
// closes it instead of sending.

use coro::Coroutine;

/// Yields 1, 2, 3, then returns "done".
fn one_two_three() -> Coroutine<u32, (), &'static str> {
    Coroutine::new(|co| async move {
        for i in 1..=3 {
            co.yield_(i).await?;
        }
        Ok("done")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{State, Step};

    #[test]
    fn it_yields_one_two_three_then_returns() {
        let mut c = one_two_three();
        assert_eq!(
            c.prime(),
            Ok(Step::Yielded(1)),
            "prime must stop at the first yield_; a yield_ that is not awaited does not stop"
        );
        assert_eq!(c.send(()), Ok(Step::Yielded(2)), "the second value is 2");
        assert_eq!(c.send(()), Ok(Step::Yielded(3)), "the third value is 3");
        assert_eq!(
            c.send(()),
            Ok(Step::Complete("done")),
            "after the last yield the body returns \"done\""
        );
    }

    #[test]
    fn closing_midway_stops_the_body() {
        let mut c = one_two_three();
        c.prime().unwrap();
        assert_eq!(
            c.close(),
            Ok(None),
            "a close must end the body: pass the Err from yield_ on with `?`"
        );
        assert_eq!(c.state(), State::Closed, "a closed coroutine stays closed");
    }
}
