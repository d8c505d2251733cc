// hello_coroutine: your first coroutine
//
// A coroutine is a function that can stop in the middle, hand a value to whoever drives it, and
// later carry on from the same place. Python writes one as a `def` with `yield` in it; calling
// it runs nothing and gives back a generator object, and each `next` runs the body to its next
// `yield`. The value of `return` reaches the caller once, at the end, inside `StopIteration`.
//
// Python:
//
//     def hello(name):
//         yield "hello"
//         yield name
//         return len(name.encode("utf-8"))   # the length in bytes, not in characters
//
//     g = hello("Ada")   # nothing has run yet
//     next(g)            # 'hello'
//     next(g)            # 'Ada'
//     next(g)            # raises StopIteration, whose .value is 3
//
// In `coro` the same thing is a function that returns a `Coroutine<Y, S, R>` (yielded, sent,
// returned: here nothing is sent, so S is `()`), built by `Coroutine::new` from a closure that
// receives the handle `co` and returns the body.
//
// Why it works: `async move` makes the body a future that can stop at each `.await` and owns
// what it uses (`co` and `name`), so it outlives the call to `hello`. `Coroutine::new` runs
// nothing; each `prime` or `send` runs the body to its next `yield_`. The `?` after each
// `.await` ends the body when the caller closes the coroutine instead of resuming it, and
// `Ok(..)` is the return value, handed to the caller once as `Step::Complete`.

use coro::Coroutine;

/// Yields "hello", then `name`, then returns the length of `name` in bytes.
fn hello(name: &'static str) -> Coroutine<&'static str, (), usize> {
    Coroutine::new(move |co| async move {
        co.yield_("hello").await?;
        co.yield_(name).await?;
        Ok(name.len())
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    /// Names of every length from 0 to 26: "", "a", "ab", ...
    const ALPHABET: &str = "abcdefghijklmnopqrstuvwxyz";

    /// Names of 0 to 5 characters that take 2 bytes each in UTF-8: "", "ë", "ëë", ...
    const ACCENTS: &str = "ëëëëë";

    #[test]
    fn making_it_runs_nothing() {
        let c = hello("Ada");
        assert_eq!(
            c.state(),
            State::Created,
            "calling hello() only makes the coroutine: its body must not have started"
        );
    }

    #[test]
    fn it_says_hello_then_the_name_then_returns_the_length() {
        let mut c = hello("Ada");
        assert_eq!(
            c.prime(),
            Ok(Step::Yielded("hello")),
            "prime runs the body to its first yield: the first value is \"hello\""
        );
        assert_eq!(
            c.state(),
            State::Suspended,
            "after a yield the body is stopped, waiting to be resumed"
        );
        assert_eq!(
            c.send(()),
            Ok(Step::Yielded("Ada")),
            "the second value is the name it was given"
        );
        assert_eq!(
            c.send(()),
            Ok(Step::Complete(3)),
            "after its last yield the body returns the length of the name, as Complete"
        );
        assert_eq!(c.state(), State::Closed, "a coroutine that returned is closed");
        assert_eq!(
            c.send(()),
            Err(Error::Closed),
            "a finished coroutine cannot be resumed"
        );
    }

    #[test]
    fn it_works_for_names_of_every_length() {
        for len in 0..=ALPHABET.len() {
            let name = &ALPHABET[..len];
            let mut c = hello(name);
            assert_eq!(c.prime(), Ok(Step::Yielded("hello")), "first \"hello\", whatever the name");
            assert_eq!(
                c.send(()),
                Ok(Step::Yielded(name)),
                "the second value is the name given to hello(), not a fixed one"
            );
            assert_eq!(
                c.send(()),
                Ok(Step::Complete(len)),
                "the return value is the length of the name given, here {len}"
            );
        }
    }

    #[test]
    fn the_length_is_counted_in_bytes() {
        for (name, bytes) in [("Zoë", 4), ("José", 5), ("日本", 6)] {
            let mut c = hello(name);
            c.prime().unwrap();
            c.send(()).unwrap();
            assert_eq!(
                c.send(()),
                Ok(Step::Complete(bytes)),
                "the return value is the length of {name:?} in bytes (UTF-8), not in characters"
            );
        }
        for chars in 0..=5 {
            let name = &ACCENTS[..2 * chars];
            assert_eq!(
                hello(name).last(),
                Some(name),
                "the second value is the name given, whatever its characters"
            );
            let mut c = hello(name);
            c.prime().unwrap();
            c.send(()).unwrap();
            assert_eq!(
                c.send(()),
                Ok(Step::Complete(2 * chars)),
                "{name:?} has {chars} characters of 2 bytes each: the length in bytes is wanted"
            );
        }
    }

    #[test]
    fn closing_after_hello_stops_the_body() {
        let mut c = hello("Ada");
        c.prime().unwrap();
        assert_eq!(
            c.close(),
            Ok(None),
            "close() at the first yield must end the body there: the name is never yielded \
             (pass the error from the yield on with `?`)"
        );
        assert_eq!(c.state(), State::Closed, "a closed coroutine is closed");
        assert_eq!(c.send(()), Err(Error::Closed), "and cannot be resumed");
    }

    #[test]
    fn closing_after_the_name_stops_the_body() {
        let mut c = hello("Grace");
        c.prime().unwrap();
        c.send(()).unwrap();
        assert_eq!(
            c.close(),
            Ok(None),
            "close() at the second yield must end the body there, before it returns \
             (pass the error from the yield on with `?`)"
        );
        assert_eq!(c.state(), State::Closed, "a closed coroutine is closed");
    }

    #[test]
    fn a_generator_is_an_iterator() {
        assert_eq!(
            hello("Guido").collect::<Vec<_>>(),
            ["hello", "Guido"],
            "iterating gives the yielded values only; the return value is dropped"
        );
    }
}
