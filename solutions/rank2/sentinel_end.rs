// sentinel_end: a value that means "that was all"
//
// A coroutine that is sent values cannot tell when the caller has no more, unless the caller
// says so. One way is a sentinel: a value that is not data. With `Option<T>` as the sent type,
// `Some(x)` is data and `None` means "done": the body leaves its loop and returns its result.
//
// Python:                                  coro:
//   while True:                              while let Some(x) = co.yield_(total).await? {
//       x = yield total                          total += x;
//       if x is None: break                  }
//       total += x                           Ok(total)
//   return total
//
// Why it works: `while let Some(x)` runs the loop for data and leaves it at the first `None`,
// and the body then returns the total, which arrives as `Step::Complete`.

use coro::Coroutine;

/// Yields the running total of the numbers it is sent; `None` ends it with the total.
fn summer() -> Coroutine<u32, Option<u32>, u32> {
    Coroutine::new(|co| async move {
        let mut total = 0;
        while let Some(x) = co.yield_(total).await? {
            total += x;
        }
        Ok(total)
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, Step};

    #[test]
    fn none_ends_it_with_the_total() {
        let mut s = summer();
        assert_eq!(s.prime(), Ok(Step::Yielded(0)), "nothing summed yet");
        assert_eq!(
            s.send(Some(1)),
            Ok(Step::Yielded(1)),
            "running total after 1"
        );
        assert_eq!(
            s.send(Some(2)),
            Ok(Step::Yielded(3)),
            "running total after 2"
        );
        assert_eq!(
            s.send(Some(3)),
            Ok(Step::Yielded(6)),
            "running total after 3"
        );
        assert_eq!(
            s.send(None),
            Ok(Step::Complete(6)),
            "None is the sentinel: the body returns the total"
        );
        assert_eq!(s.send(Some(4)), Err(Error::Closed), "nothing after the end");
    }

    #[test]
    fn zero_is_data_not_the_end() {
        let mut s = summer();
        s.prime().unwrap();
        assert_eq!(
            s.send(Some(0)),
            Ok(Step::Yielded(0)),
            "Some(0) is a value like any other; only None ends the sum"
        );
        assert_eq!(s.send(Some(5)), Ok(Step::Yielded(5)));
        assert_eq!(s.send(None), Ok(Step::Complete(5)));
    }

    #[test]
    fn ending_at_once_returns_zero() {
        let mut s = summer();
        s.prime().unwrap();
        assert_eq!(s.send(None), Ok(Step::Complete(0)), "an empty sum is 0");
    }
}
