// keeps_its_place: locals survive a yield
//
// When a body stops at a `yield_`, all its local variables stay as they are, and it carries on
// with them when resumed. Each coroutine has its own copy: two counters made from the same
// function count separately.
//
// Python:                          coro:
//   def counter():                   Coroutine::new(|co| async move {
//       count = 0                        let mut count = 0;
//       while True:                      loop {
//           count += 1                       count += 1;
//           yield count                      co.yield_(count).await?;
//                                        }
//                                    })
//
// Why it works: `count` is made once, before the loop, so each pass adds to the same variable;
// it lives inside this coroutine's body, so another coroutine has another `count`.

use coro::Coroutine;

/// Yields 1, 2, 3, ... for ever.
fn counter() -> Coroutine<u32> {
    Coroutine::new(|co| async move {
        let mut count = 0;
        loop {
            count += 1;
            co.yield_(count).await?;
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_up_from_one() {
        assert_eq!(
            counter().take(3).collect::<Vec<_>>(),
            [1, 2, 3],
            "the count must survive across yields instead of starting over"
        );
    }

    #[test]
    fn keeps_counting_for_a_long_time() {
        assert_eq!(
            counter().take(100).last(),
            Some(100),
            "after 100 resumes the count is 100"
        );
    }

    #[test]
    fn two_counters_are_independent() {
        let mut a = counter();
        let mut b = counter();
        assert_eq!(a.next(), Some(1));
        assert_eq!(a.next(), Some(2));
        assert_eq!(a.next(), Some(3));
        assert_eq!(
            b.next(),
            Some(1),
            "each coroutine has its own locals: b must not see a's count"
        );
        assert_eq!(a.next(), Some(4), "a carries on where it was");
    }
}
