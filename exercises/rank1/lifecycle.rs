// lifecycle: the states of a coroutine
//
// `state()` tells where a coroutine is: `Created` (made, not started), `Suspended` (stopped at
// a `yield_`) or `Closed` (returned, closed or failed). `Running` exists too, but you never see
// it: while the body runs, the coroutine is borrowed by `send`.
//
// Python:                                  coro:
//   inspect.getgeneratorstate(g)             c.state()
//   GEN_CREATED, GEN_SUSPENDED, GEN_CLOSED   State::Created, State::Suspended, State::Closed
//
// What to do: predict the state at each checkpoint of the test. Replace every `???` with
// `State::Created`, `State::Suspended` or `State::Closed`.

use coro::{Coroutine, State};

fn three_steps() -> Coroutine<u32> {
    Coroutine::new(|co| async move {
        co.yield_(1).await?;
        co.yield_(2).await?;
        co.yield_(3).await?;
        Ok(())
    })
}

// Your predictions: the state at each checkpoint of the test `the_states_match_your_predictions`.
// TODO: replace each ??? with a State.
const AT_CREATION: State = ???; // right after `three_steps()`
const AFTER_PRIME: State = ???; // after `c.prime()`
const AFTER_ONE_SEND: State = ???; // after one `c.send(())`
const AFTER_CLOSE: State = ???; // after `c.close()`
const AFTER_SECOND_CLOSE: State = ???; // after a second `c.close()`

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_states_match_your_predictions() {
        let mut c = three_steps();
        assert_eq!(
            c.state(),
            AT_CREATION,
            "AT_CREATION: a coroutine that was only made has not started"
        );
        c.prime().unwrap();
        assert_eq!(
            c.state(),
            AFTER_PRIME,
            "AFTER_PRIME: prime leaves the body stopped at its first yield_"
        );
        c.send(()).unwrap();
        assert_eq!(
            c.state(),
            AFTER_ONE_SEND,
            "AFTER_ONE_SEND: the body has more yields left, so it is stopped at the next one"
        );
        c.close().unwrap();
        assert_eq!(
            c.state(),
            AFTER_CLOSE,
            "AFTER_CLOSE: a closed coroutine is finished"
        );
        c.close().unwrap();
        assert_eq!(
            c.state(),
            AFTER_SECOND_CLOSE,
            "AFTER_SECOND_CLOSE: closing twice is a no-op"
        );
    }
}
