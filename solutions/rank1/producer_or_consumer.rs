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
//     def squares(n):                  # squares(3) yields 0, 1, 4
//         square, odd = 0, 1
//         for _ in range(n):
//             yield square
//             square += odd            # the next square is this one plus the next odd number
//             odd += 2
//
//     def collector():                 # returns all it was sent, when it is closed
//         items = []
//         while True:
//             try:
//                 item = yield
//             except GeneratorExit:
//                 return items
//             items.append(item)
//
//     def vowel_count():               # answers each word with the vowels seen so far
//         vowels = 0
//         while True:
//             word = yield vowels
//             vowels += sum(1 for c in word if c in "aeiou")
//
// Why it works: each type says what the body does. `squares` yields its squares, which the
// doc comment makes `u64`s, and is sent nothing, so it is `Coroutine<u64>` (and an `Iterator`).
// `collector` yields `()`, is sent the `String`s it keeps, and returns them:
// `Coroutine<(), String, Vec<String>>`. `vowel_count` yields its `u32` count and is sent
// `String`s, and never returns anything but `()`: `Coroutine<u32, String>`.

use coro::{Coroutine, Interrupt};

/// Produces the squares 0, 1, 4, ..., (n - 1)^2, as `u64`s.
fn squares(n: u64) -> Coroutine<u64> {
    Coroutine::new(move |co| async move {
        let (mut square, mut odd) = (0, 1);
        for _ in 0..n {
            co.yield_(square).await?;
            square += odd;
            odd += 2;
        }
        Ok(())
    })
}

/// Consumes `String`s; when closed, returns all of them in the order they came.
fn collector() -> Coroutine<(), String, Vec<String>> {
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

/// Is sent words and answers each with how many vowels (a, e, i, o, u) all the words so far
/// have had, as a `u32`; its first answer, before any word has come, is 0.
fn vowel_count() -> Coroutine<u32, String> {
    Coroutine::new(|co| async move {
        let mut vowels = 0;
        loop {
            let word: String = co.yield_(vowels).await?;
            for c in word.chars() {
                if "aeiou".contains(c) {
                    vowels += 1;
                }
            }
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

    /// A small seeded generator of words made of letters, so that no answer can be written in.
    fn random_words(count: usize) -> Vec<String> {
        let mut seed: u32 = 2_024;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as usize
        };
        let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
        (0..count)
            .map(|_| (0..next() % 8).map(|_| letters[next() % 26]).collect())
            .collect()
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
    fn vowel_count_answers_each_word() {
        for count in [3, 12] {
            let mut c = vowel_count();
            assert_eq!(c.prime(), Ok(Step::Yielded(0)), "the first answer, before any word, is 0");
            let mut vowels: u32 = 0;
            for word in random_words(count) {
                vowels += word.chars().filter(|c| "aeiou".contains(*c)).count() as u32;
                assert_eq!(
                    c.send(word),
                    Ok(Step::Yielded(vowels)),
                    "each word sent is answered with the vowels of all words so far"
                );
            }
            assert_eq!(c.close(), Ok(None), "closing it ends it, with no result");
            assert_eq!(c.send("late".to_string()), Err(Error::Closed), "and it takes no more");
        }
    }
}
