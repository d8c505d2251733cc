// lifecycle: the states of a coroutine
//
// Python can tell where a generator is in its life: `inspect.getgeneratorstate(g)` answers
// GEN_CREATED (made, not started), GEN_SUSPENDED (stopped at a `yield`), GEN_RUNNING (its body
// is executing) or GEN_CLOSED (finished for good: it returned, was closed, or raised).
//
// Python:
//
//     import inspect
//
//     def count_to(n):
//         for i in range(1, n + 1):
//             yield i
//
//     g = count_to(2)
//     inspect.getgeneratorstate(g)
//     next(g)                         # 1
//     inspect.getgeneratorstate(g)
//
// `coro` has the same states but GEN_RUNNING (nothing can ask while the body runs), as
// `State`, and `c.state()` asks. A resume also tells what
// happened: `Step::Yielded(y)` if the body stopped at a `yield_` with `y`, `Step::Complete(r)`
// if it returned `r`.
//
// What to do: read `count_to` and the tests, and predict each checkpoint. Replace every `???`
// below with a `State` (`State::Created`, `State::Suspended` or `State::Closed`) or a `Step`
// (`Step::Yielded(..)` with a number, or `Step::Complete(())`). A wrong prediction fails with a
// question about that checkpoint, never with the right answer (notes/rank1.md, sections
// "States" and "Yield versus return").

use coro::{Coroutine, State, Step};

/// Yields 1, 2, ..., n, then returns.
fn count_to(n: u32) -> Coroutine<u32> {
    Coroutine::new(move |co| async move {
        for i in 1..=n {
            co.yield_(i).await?;
        }
        Ok(())
    })
}

// Your predictions for the tests below: a state, or what a resume gives.
// TODO: replace each ??? with your prediction.
const AT_CREATION: State = ???;
const AFTER_PRIME: State = ???;
const FIRST_SEND_GIVES: Step<u32, ()> = ???;
const AFTER_FIRST_SEND: State = ???;
const SECOND_SEND_GIVES: Step<u32, ()> = ???;
const AFTER_SECOND_SEND: State = ???;
const EMPTY_PRIME_GIVES: Step<u32, ()> = ???;
const EMPTY_AFTER_PRIME: State = ???;
const CLOSED_BEFORE_PRIME: State = ???;

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails with `why` unless `right` holds. It never prints the actual value: the point is
    /// to work it out.
    fn check(right: bool, name: &str, why: &str) {
        assert!(right, "your prediction {name} is wrong. {why}");
    }

    #[test]
    fn count_to_two() {
        let mut c = count_to(2);
        check(
            c.state() == AT_CREATION,
            "AT_CREATION",
            "Has the body of a coroutine that was only made started?",
        );
        assert!(c.prime().is_ok(), "prime on a new coroutine works");
        check(
            c.state() == AFTER_PRIME,
            "AFTER_PRIME",
            "Where is the body after prime, and is it finished?",
        );
        let first = c.send(());
        check(
            first == Ok(FIRST_SEND_GIVES),
            "FIRST_SEND_GIVES",
            "Prime took the body to its first yield. Where does one send take it, and what \
             does it hand out there?",
        );
        check(
            c.state() == AFTER_FIRST_SEND,
            "AFTER_FIRST_SEND",
            "After that send, is the body stopped at a yield or finished?",
        );
        let second = c.send(());
        check(
            second == Ok(SECOND_SEND_GIVES),
            "SECOND_SEND_GIVES",
            "Count the yields of count_to(2). Is there one left for this send to stop at?",
        );
        check(
            c.state() == AFTER_SECOND_SEND,
            "AFTER_SECOND_SEND",
            "What state is a coroutine in once its body has returned?",
        );
    }

    #[test]
    fn count_to_zero() {
        let mut c = count_to(0);
        let first = c.prime();
        check(
            first == Ok(EMPTY_PRIME_GIVES),
            "EMPTY_PRIME_GIVES",
            "With n = 0, how many times does the loop run before the body reaches its end?",
        );
        check(
            c.state() == EMPTY_AFTER_PRIME,
            "EMPTY_AFTER_PRIME",
            "Is there anything left of count_to(0) to resume after prime?",
        );
    }

    #[test]
    fn close_before_prime() {
        let mut c = count_to(5);
        assert_eq!(c.close(), Ok(None), "closing a coroutine that never started works");
        check(
            c.state() == CLOSED_BEFORE_PRIME,
            "CLOSED_BEFORE_PRIME",
            "What does close do to a coroutine that has not started yet?",
        );
        let mut d = count_to(5);
        assert!(d.prime().is_ok(), "prime on a new coroutine works");
        assert!(
            d.close() == Ok(None),
            "close() on a suspended count_to must end its body at the yield where it stopped"
        );
    }
}
