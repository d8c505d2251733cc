// producer_or_consumer: which way does the data flow?
//
// Python uses one word, generator, for two different things. A generator in the narrow sense
// produces: data goes out through `yield`, and the caller only pulls with `next`. A coroutine
// consumes: data comes in through `send`, as the value of a `yield` expression; it may yield
// nothing of interest, and may hand a result back with `return` when it ends. Many do both.
//
// Python's typing module names the three flows in order, `Generator[YieldType, SendType,
// ReturnType]`, and `coro` uses the same order: a `Coroutine<Y, S, R>` yields `Y`, is sent `S`
// and returns `R`. `S` and `R` default to `()`, which is Python's `None` here.
//
// Python:
//
//     def squares(n):                 def collector():                 def word_lengths():
//         for i in range(n):              items = []                       length = 0
//             yield i * i                 while True:                      while True:
//                                             try:                             word = yield length
//                                                 item = yield                 length = len(word)
//                                             except GeneratorExit:
//                                                 return items
//                                             items.append(item)
//
// What to do: the bodies below are right, but their return types are missing. Work out from
// each body what it yields, what it is sent and what it returns, and replace each `???` with
// the `Coroutine<..>` type that says so.

use coro::{Coroutine, Interrupt};

// TODO: replace ??? in the three signatures below.

/// Produces 0, 1, 4, ..., (n - 1)^2.
fn squares(n: u64) -> ??? {
    Coroutine::new(move |co| async move {
        for i in 0..n {
            co.yield_(i * i).await?;
        }
        Ok(())
    })
}

/// Consumes strings; when closed, returns all of them in the order they came.
fn collector() -> ??? {
    Coroutine::new(|co| async move {
        let mut items = Vec::new();
        loop {
            match co.yield_(()).await {
                Ok(item) => items.push(item),
                Err(Interrupt::Close) => return Ok(items),
                Err(other) => return Err(other),
            }
        }
    })
}

/// Is sent words and answers each with its length in characters; its first answer, before
/// any word has come, is 0.
fn word_lengths() -> ??? {
    Coroutine::new(|co| async move {
        let mut length = 0;
        loop {
            let word: String = co.yield_(length).await?;
            length = word.chars().count();
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    /// Words of every length from 0 to 9: "", "w", "ww", ...
    fn words() -> Vec<String> {
        (0..10).map(|n| "w".repeat(n)).collect()
    }

    #[test]
    fn squares_produces_values() {
        for n in 0..10 {
            let expected: Vec<u64> = (0..n).map(|i| i * i).collect();
            assert_eq!(
                squares(n).collect::<Vec<_>>(),
                expected,
                "squares({n}) hands its data out, as what it yields"
            );
        }
    }

    #[test]
    fn squares_stops_when_closed() {
        let mut c = squares(10);
        assert_eq!(c.prime(), Ok(Step::Yielded(0)), "the first square is 0");
        assert_eq!(c.send(()), Ok(Step::Yielded(1)), "the second square is 1");
        assert_eq!(c.close(), Ok(None), "close() ends squares at the yield where it stopped");
        assert_eq!(c.next(), None, "a closed generator yields nothing more");
    }

    #[test]
    fn collector_consumes_values_and_returns_them_when_closed() {
        for count in 0..5 {
            let mut c = collector();
            assert_eq!(c.prime(), Ok(Step::Yielded(())), "a consumer yields nothing of interest");
            let sent: Vec<String> = words().into_iter().take(count).collect();
            for item in &sent {
                assert_eq!(c.send(item.clone()), Ok(Step::Yielded(())), "it takes each item in");
            }
            assert_eq!(
                c.close(),
                Ok(Some(sent)),
                "closing the collector hands back what it was sent, as its return value"
            );
            assert_eq!(c.state(), State::Closed, "a closed collector is closed");
        }
    }

    #[test]
    fn a_collector_closed_before_it_starts_returns_nothing() {
        let mut c = collector();
        assert_eq!(
            c.close(),
            Ok(None),
            "closing a coroutine that never started does not run its body"
        );
    }

    #[test]
    fn word_lengths_answers_each_word() {
        let mut c = word_lengths();
        assert_eq!(c.prime(), Ok(Step::Yielded(0)), "the first answer, before any word, is 0");
        for word in words().into_iter().rev() {
            let length = word.len();
            assert_eq!(
                c.send(word),
                Ok(Step::Yielded(length)),
                "each word sent is answered with its length"
            );
        }
        assert_eq!(c.close(), Ok(None), "closing it ends it, with no result");
        assert_eq!(c.send("late".to_string()), Err(Error::Closed), "and it takes no more");
    }
}
