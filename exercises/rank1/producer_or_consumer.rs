// producer_or_consumer: which type parameter carries the data?
//
// `Coroutine<Y, S, R>` reads like Python's `Generator[Y, S, R]`: it yields `Y`, is sent `S`
// and returns `R`. A generator produces: its data goes out as `Y`, and `S` is `()`. A
// coroutine that consumes takes its data in as `S`, yields `()`, and may hand a result back
// as `R` when it ends.
//
// Python: def squares(n) -> Generator[int, None, None]
// coro:   fn squares(n: u64) -> Coroutine<u64>
// Python: def collector() -> Generator[None, str, list[str]]
// coro:   fn collector() -> Coroutine<(), String, Vec<String>>
//
// What to do: the two signatures got mixed up, so neither function compiles. Fix the types in
// the two marked signatures; the bodies are right.

use coro::{Coroutine, Interrupt};

/// Produces 0, 1, 4, ..., (n - 1)^2.
// TODO: this type says squares is sent u64s. Which parameter carries what it produces?
fn squares(n: u64) -> Coroutine<(), u64> {
    Coroutine::new(move |co| async move {
        for i in 0..n {
            co.yield_(i * i).await?;
        }
        Ok(())
    })
}

/// Consumes strings; when closed, returns all of them in the order they came.
// TODO: this type says collector yields Vec<String>s and is sent Strings. Check all three.
fn collector() -> Coroutine<Vec<String>, String> {
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

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Step;

    #[test]
    fn squares_produces_values() {
        assert_eq!(
            squares(4).collect::<Vec<_>>(),
            [0, 1, 4, 9],
            "a generator hands its data out as Y"
        );
    }

    #[test]
    fn collector_consumes_values_and_returns_them_when_closed() {
        let mut c = collector();
        assert_eq!(
            c.prime(),
            Ok(Step::Yielded(())),
            "a consumer yields nothing of interest"
        );
        assert_eq!(c.send("a".to_string()), Ok(Step::Yielded(())));
        assert_eq!(c.send("b".to_string()), Ok(Step::Yielded(())));
        assert_eq!(
            c.close(),
            Ok(Some(vec!["a".to_string(), "b".to_string()])),
            "closing the collector hands back what it was sent, as its return value R"
        );
    }
}
