// which_value: predict what each call returns
//
// `x = yield y` happens in two moments: first `y` leaves and the generator stops; later a
// `send(v)` resumes it and `x` becomes `v`. So a value sent is received by the yield where the
// generator is stopped, and the caller's answer comes from the next yield it reaches.
//
// Python:
//   def tracer():
//       a = yield 1
//       b = yield a + 10
//       c = yield a * b
//       return a + b + c
//
//   t = tracer()
//   t.send(7)   # TypeError: can't send non-None value to a just-started generator
//   next(t)     # ?
//   t.send(2)   # ?   ... and so on
//
// `tracer` below is the same coroutine in coro. Nothing in it needs fixing.
//
// What to do: work out, without running anything, what each call of the script in the test
// returns, and write your six answers in `PREDICTIONS`, in the order of the calls. The test
// says which ones are wrong and what to think about; it never shows the right value.
//   0: t.send(7)  before prime     1: t.prime()     2: t.send(2)
//   3: t.send(3)                   4: t.send(4)     5: t.send(5)
// Each answer is one of `Ok(Step::Yielded(y))`, `Ok(Step::Complete(r))` or an `Err(Error::..)`.

use coro::{Coroutine, Error, Step};
use std::convert::Infallible;

/// What one call on `tracer` returns.
type Outcome = Result<Step<u32, u32>, Error<u32, Infallible>>;

/// Yields three times, then returns; every value it yields is built from what it was sent.
fn tracer() -> Coroutine<u32, u32, u32> {
    Coroutine::new(|co| async move {
        let a = co.yield_(1).await?;
        let b = co.yield_(a + 10).await?;
        let c = co.yield_(a * b).await?;
        Ok(a + b + c)
    })
}

/// Your predictions, one per call, in the order of the script above. This is a `const`: the
/// answers are written down, not computed (a const cannot run a coroutine).
const PREDICTIONS: [Outcome; 6] = [
    // TODO: replace each placeholder with what that call returns.
    Ok(Step::Yielded(0)),
    Ok(Step::Yielded(0)),
    Ok(Step::Yielded(0)),
    Ok(Step::Yielded(0)),
    Ok(Step::Yielded(0)),
    Ok(Step::Yielded(0)),
];

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Why each prediction matters, said without giving its value.
    const WHY: [&str; 6] = [
        "prediction 0 (send(7) before prime) is wrong: the body has not reached any yield_, \
         so nothing can receive the 7. What does send do with a value it cannot deliver?",
        "prediction 1 (prime) is wrong: prime runs the body up to its first yield_ and stops \
         there. What leaves at that yield_?",
        "prediction 2 (send(2)) is wrong: the 2 is received by the yield_ the body is stopped \
         at, and the answer is what the body yields next, computed from it",
        "prediction 3 (send(3)) is wrong: which variable received the 2, which one receives \
         the 3, and what does the third yield_ hand out?",
        "prediction 4 (send(4)) is wrong: after the third yield_ the body returns instead of \
         yielding. How does send report a return, and with which value?",
        "prediction 5 (send(5)) is wrong: the body has returned. What is left to resume?",
    ];

    #[test]
    fn a_close_at_any_yield_ends_the_tracer() {
        for sends in 0..3 {
            let mut t = tracer();
            t.prime().unwrap();
            for v in 1..=sends {
                t.send(v).unwrap();
            }
            assert!(
                t.close() == Ok(None),
                "the tracer lets a close out of every yield_ with `?` (closed after {sends} sends)"
            );
        }
    }

    #[test]
    fn your_predictions_match_what_runs() {
        let mut t = tracer();
        let actual: [Outcome; 6] = [
            t.send(7),
            t.prime(),
            t.send(2),
            t.send(3),
            t.send(4),
            t.send(5),
        ];
        // A const, so that the predictions are written down rather than computed by running
        // the tracer.
        const PREDICTED: [Outcome; 6] = PREDICTIONS;
        let predicted = PREDICTED;
        let wrong: Vec<&str> = (0..6)
            .filter(|&i| predicted[i] != actual[i])
            .map(|i| WHY[i])
            .collect();
        assert!(
            wrong.is_empty(),
            "{} of 6 predictions are wrong:\n- {}",
            wrong.len(),
            wrong.join("\n- ")
        );
    }
}
