// quiz1_ticket_machine: rank 1 quiz
//
// Everything from rank 1 at once: a generator that is lazy, yields several values, keeps its
// place between them, and returns once at the end.
//
// Python:                                  coro:
//   def tickets(n):                          fn tickets(n: u32) -> Coroutine<String, (), u32>
//       for i in range(1, n + 1):
//           yield f"A{i:03}"                 co.yield_(format!("A{i:03}")).await?;
//       return n                             Ok(n)
//
// What to do: write `tickets(n)`: it yields "A001", "A002", ... up to the n-th ticket (three
// digits, zero-padded), then returns n. Nothing is issued before it is driven.

use coro::Coroutine;

/// Issues tickets "A001", "A002", ..., up to the n-th, then returns how many it issued.
fn tickets(n: u32) -> Coroutine<String, (), u32> {
    // TODO: yield the tickets one by one, then return how many were issued.
    todo!("issue {n} tickets")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    fn t(s: &str) -> Result<Step<String, u32>, Error<(), std::convert::Infallible>> {
        Ok(Step::Yielded(s.to_string()))
    }

    #[test]
    fn issues_numbered_tickets_then_returns_the_count() {
        let mut c = tickets(3);
        assert_eq!(
            c.state(),
            State::Created,
            "no ticket is issued before the first prime"
        );
        assert_eq!(
            c.prime(),
            t("A001"),
            "the first ticket is A001, with three digits"
        );
        assert_eq!(
            c.state(),
            State::Suspended,
            "the machine waits between tickets"
        );
        assert_eq!(c.send(()), t("A002"));
        assert_eq!(c.send(()), t("A003"));
        assert_eq!(
            c.send(()),
            Ok(Step::Complete(3)),
            "after the last ticket the machine returns how many it issued"
        );
        assert_eq!(
            c.state(),
            State::Closed,
            "a machine that returned is closed"
        );
        assert_eq!(c.send(()), Err(Error::Closed), "no tickets after the end");
    }

    #[test]
    fn zero_tickets_returns_at_once() {
        let mut c = tickets(0);
        assert_eq!(
            c.prime(),
            Ok(Step::Complete(0)),
            "with n = 0 no ticket is issued"
        );
    }

    #[test]
    fn numbers_are_padded_to_three_digits() {
        let all: Vec<String> = tickets(12).collect();
        assert_eq!(all.len(), 12, "exactly n tickets");
        assert_eq!(all[9], "A010", "the tenth ticket is A010");
        assert_eq!(all[11], "A012", "the last ticket is the n-th");
    }

    #[test]
    fn taking_two_tickets_gives_the_first_two() {
        let first: Vec<String> = tickets(999).take(2).collect();
        assert_eq!(
            first,
            ["A001", "A002"],
            "taking two tickets gives the first two"
        );
    }

    #[test]
    fn closing_the_machine_stops_it() {
        let mut c = tickets(5);
        c.prime().unwrap();
        assert_eq!(c.close(), Ok(None), "a closed machine returns nothing");
        assert_eq!(c.state(), State::Closed);
    }
}
