// quiz1_ticket_machine: rank 1 quiz
//
// A ticket machine at a counter prints numbered tickets, one each time a customer pulls one:
// "A001", "A002", ..., "A999", then "B001", "B002", ..., and so on to "Z999". After "Z999" its
// roll is used up and it stops.
//
// Write `tickets(n)`: a generator that issues tickets in that order until it has issued n of
// them or its roll is used up, whichever comes first, and then returns how many it issued.
// Every ticket is made by `print_ticket(letter, number)`, and only when it is pulled: a
// machine nobody pulls from prints nothing. Closing the machine stops it where it is.
//
// Python, for the first part of the roll:
//
//     def tickets(n):
//         for i in range(1, n + 1):
//             yield f"A{i:03}"
//         return n

use coro::Coroutine;
use std::cell::Cell;

thread_local! {
    /// How many tickets `print_ticket` has printed on this thread (the tests read it).
    static PRINTED: Cell<u32> = const { Cell::new(0) };
}

/// Prints one ticket, such as "A001" or "B042", and counts it.
pub fn print_ticket(letter: char, number: u32) -> String {
    PRINTED.with(|p| p.set(p.get() + 1));
    format!("{letter}{number:03}")
}

/// Issues tickets "A001", "A002", ..., "A999", "B001", ..., "Z999" until n are issued or the
/// roll is used up, printing each only when it is pulled; returns how many it issued.
fn tickets(n: u32) -> Coroutine<String, (), u32> {
    // TODO: write the machine.
    todo!("issue up to {n} tickets")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    /// How many tickets one roll holds: 26 letters, 999 numbers each.
    const ROLL: u32 = 26 * 999;

    fn printed() -> u32 {
        PRINTED.with(Cell::get)
    }

    /// Runs the machine to its end with prime and send: the tickets and the return value.
    fn issue_all(n: u32) -> (Vec<String>, u32) {
        let mut c = tickets(n);
        let mut issued = Vec::new();
        let mut step = c.prime();
        loop {
            match step {
                Ok(Step::Yielded(ticket)) => {
                    issued.push(ticket);
                    step = c.send(());
                }
                Ok(Step::Complete(count)) => return (issued, count),
                Err(e) => panic!("tickets({n}) failed: {e}"),
            }
        }
    }

    /// The ticket that comes after `ticket` on the roll.
    fn following(ticket: &str) -> String {
        let letter = ticket.chars().next().unwrap();
        let number: u32 = ticket[1..].parse().unwrap();
        if number < 999 {
            format!("{letter}{:03}", number + 1)
        } else {
            format!("{}001", char::from(letter as u8 + 1))
        }
    }

    /// Checks that `issued` is the start of the roll, in order.
    fn assert_in_order(issued: &[String]) {
        if let Some(first) = issued.first() {
            assert_eq!(first, "A001", "the first ticket is A001");
        }
        for pair in issued.windows(2) {
            assert_eq!(
                pair[1],
                following(&pair[0]),
                "each ticket follows the one before it on the roll: after 999 comes the next \
                 letter's 001"
            );
        }
    }

    /// A small seeded generator of machine sizes, so that no answer can be written in by hand.
    fn sizes() -> Vec<u32> {
        let mut seed: u32 = 2_024;
        (0..6)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16) % 3_000
            })
            .collect()
    }

    #[test]
    fn nothing_is_printed_before_it_is_pulled() {
        PRINTED.with(|p| p.set(0));
        let mut c = tickets(5);
        assert_eq!(c.state(), State::Created, "tickets() only makes the machine");
        assert_eq!(printed(), 0, "a machine nobody has pulled from has printed nothing");
        assert_eq!(c.prime(), Ok(Step::Yielded("A001".to_string())), "the first ticket");
        assert_eq!(printed(), 1, "one pull prints one ticket");
        assert_eq!(c.state(), State::Suspended, "the machine waits between tickets");
        assert_eq!(c.send(()), Ok(Step::Yielded("A002".to_string())), "the second ticket");
        assert_eq!(printed(), 2, "two pulls print two tickets");
    }

    #[test]
    fn a_fresh_thread_starts_counting_from_zero() {
        let printed_on_a_new_thread = std::thread::spawn(|| {
            let all: Vec<String> = tickets(3).collect();
            assert_eq!(all, ["A001", "A002", "A003"], "the first three tickets");
            printed()
        })
        .join()
        .unwrap();
        assert_eq!(printed_on_a_new_thread, 3, "issuing three tickets prints three");
    }

    #[test]
    fn taking_k_tickets_prints_k() {
        for k in [0, 1, 2, 999, 1_000] {
            PRINTED.with(|p| p.set(0));
            let first: Vec<String> = tickets(ROLL).take(k).collect();
            assert_eq!(first.len(), k, "take({k}) gives {k} tickets");
            assert_eq!(
                printed() as usize,
                k,
                "taking {k} tickets must print exactly {k}: print each one only when pulled"
            );
        }
    }

    #[test]
    fn issues_n_tickets_then_returns_n() {
        let mut ns = vec![0, 1, 3];
        ns.extend(sizes());
        for n in ns {
            let (issued, count) = issue_all(n);
            assert_eq!(issued.len(), n as usize, "tickets({n}) issues {n} tickets");
            assert_in_order(&issued);
            assert_eq!(count, n, "tickets({n}) returns how many it issued");
        }
    }

    #[test]
    fn the_letter_changes_after_999() {
        for (n, last) in [(998, "A998"), (999, "A999"), (1_000, "B001"), (1_001, "B002")] {
            let (issued, count) = issue_all(n);
            assert_eq!(issued.last().map(String::as_str), Some(last), "ticket number {n}");
            assert_eq!(count, n, "tickets({n}) returns {n}");
            assert_in_order(&issued);
        }
    }

    #[test]
    fn the_roll_runs_out_after_z999() {
        for (n, last, count) in [
            (ROLL - 1, "Z998", ROLL - 1),
            (ROLL, "Z999", ROLL),
            (ROLL + 1, "Z999", ROLL),
            (u32::MAX, "Z999", ROLL),
        ] {
            let (issued, returned) = issue_all(n);
            assert_eq!(
                issued.last().map(String::as_str),
                Some(last),
                "tickets({n}): the last ticket on the roll is Z999"
            );
            assert_eq!(
                returned, count,
                "tickets({n}) returns how many it really issued, which a roll limits"
            );
        }
    }

    #[test]
    fn a_finished_machine_is_closed() {
        let mut c = tickets(1);
        c.prime().unwrap();
        assert_eq!(c.send(()), Ok(Step::Complete(1)), "one ticket, then the count");
        assert_eq!(c.state(), State::Closed, "a machine that returned is closed");
        assert_eq!(c.send(()), Err(Error::Closed), "no tickets after the end");
    }

    #[test]
    fn closing_the_machine_stops_it_where_it_is() {
        for pulls in [1, 2, 5] {
            PRINTED.with(|p| p.set(0));
            let mut c = tickets(5);
            for _ in 0..pulls {
                assert!(c.next().is_some(), "the machine has a ticket to give");
            }
            assert_eq!(
                c.close(),
                Ok(None),
                "close() after {pulls} ticket(s) must end the body where it is stopped: no \
                 more tickets and no return value"
            );
            assert_eq!(printed(), pulls, "a closed machine prints nothing more");
            assert_eq!(c.state(), State::Closed, "a closed machine is closed");
        }
    }
}
