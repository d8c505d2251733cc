// sentinel_end: a value that means "that was all"
//
// A coroutine that is sent values cannot tell when the caller has no more, unless the caller
// says so. One way is a sentinel: a value that is not data. Fluent Python's averager stops
// when it is sent `None`, and returns its result:
//
//   def longest():
//       best = ""
//       while True:
//           word = yield len(best)
//           if word is None:
//               break
//           if len(word) > len(best):
//               best = word
//       return best
//
// In Rust the sentinel must be a value that data can never be. With `Option<T>` as the sent
// type, `Some(word)` is data and `None` means "done". An empty word `Some("")` is data like any
// other, and must not end anything.
//
// What to do: write the body of `longest` as the Python above.

use coro::Coroutine;

/// Yields the length of the longest word sent so far (0 at first). `None` ends it: it returns
/// the longest word (the first one sent, if several are as long; "" if none was sent). Closed
/// before it is sent `None`, it ends without a result.
fn longest() -> Coroutine<usize, Option<&'static str>, &'static str> {
    Coroutine::new(|co| async move {
        let best = "";
        // TODO: receive Option<&str>s until None; keep the longest word; return it.
        todo!("find the longest word, starting from {best:?}, with {co:?}")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    const WORDS: [&str; 8] = ["a", "bb", "", "ccc", "dd", "eeee", "fff", "gggg"];

    /// Words picked by a small seeded generator (an LCG), so that no fixed answer can pass.
    fn words(seed: u32, n: usize) -> Vec<&'static str> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                WORDS[(state >> 16) as usize % WORDS.len()]
            })
            .collect()
    }

    #[test]
    fn none_ends_it_with_the_longest_word() {
        let mut l = longest();
        assert_eq!(
            l.prime(),
            Ok(Step::Yielded(0)),
            "nothing sent yet: length 0"
        );
        assert_eq!(l.send(Some("to")), Ok(Step::Yielded(2)));
        assert_eq!(
            l.send(Some("be")),
            Ok(Step::Yielded(2)),
            "\"be\" is not longer"
        );
        assert_eq!(l.send(Some("or")), Ok(Step::Yielded(2)));
        assert_eq!(l.send(Some("not")), Ok(Step::Yielded(3)));
        assert_eq!(
            l.send(None),
            Ok(Step::Complete("not")),
            "None is the sentinel: the body returns the longest word"
        );
        assert_eq!(
            l.send(Some("x")),
            Err(Error::Closed),
            "nothing after the end"
        );
    }

    #[test]
    fn the_first_of_equally_long_words_wins() {
        let mut l = longest();
        l.prime().unwrap();
        for w in ["ab", "cd", "ef"] {
            l.send(Some(w)).unwrap();
        }
        assert_eq!(
            l.send(None),
            Ok(Step::Complete("ab")),
            "a tie keeps the first word"
        );
    }

    #[test]
    fn generated_words() {
        for seed in 1..=8 {
            let sent = words(seed, seed as usize + 2);
            let mut l = longest();
            l.prime().unwrap();
            let mut best = "";
            for &w in &sent {
                if w.len() > best.len() {
                    best = w;
                }
                assert_eq!(
                    l.send(Some(w)),
                    Ok(Step::Yielded(best.len())),
                    "after {w:?} in {sent:?}: the longest length so far"
                );
            }
            assert_eq!(
                l.send(None),
                Ok(Step::Complete(best)),
                "the longest of {sent:?}"
            );
        }
    }

    #[test]
    fn an_empty_word_is_data_not_the_end() {
        let mut l = longest();
        l.prime().unwrap();
        assert_eq!(
            l.send(Some("")),
            Ok(Step::Yielded(0)),
            "Some(\"\") is a word like any other; only None ends it"
        );
        assert_eq!(l.send(Some("x")), Ok(Step::Yielded(1)));
        assert_eq!(l.send(None), Ok(Step::Complete("x")));
    }

    #[test]
    fn ending_at_once_returns_the_empty_word() {
        let mut l = longest();
        l.prime().unwrap();
        assert_eq!(l.send(None), Ok(Step::Complete("")), "no word was sent");
    }

    #[test]
    fn closing_before_the_sentinel_gives_no_result() {
        let mut l = longest();
        l.prime().unwrap();
        l.send(Some("abc")).unwrap();
        assert_eq!(
            l.close(),
            Ok(None),
            "a close is not the sentinel: let it out of the yield_ with `?`, so the body \
             ends without returning a word"
        );
        assert_eq!(l.state(), State::Closed);
    }
}
