// keeps_its_place: what runs once, what runs on every pass
//
// When a body stops at a yield, it keeps two things until it is resumed: its place in the code,
// and all its local variables. That is why a generator can keep a running total in a plain
// local, and why two generators made from the same function do not share it: each has its own
// body, with its own locals.
//
// Python:
//
//     def running_max(values):
//         best = None                  # runs once, before the first value
//         for v in values:
//             if best is None or v > best:
//                 best = v             # on any pass: changes the one `best`
//             yield best               # stops here; `best` and the loop's place are kept
//
//     list(running_max([3, 1, 4]))     # [3, 3, 4]
//
// `receipt` below should work the same way: for prices [3, 4] it yields "RECEIPT", "+3 = 3",
// "+4 = 7": one heading, then each price with the total so far.
//
// Why it works: the heading is yielded once, before the loop, and `total` is made once, before
// the loop, so each pass adds to the same variable. The body keeps both its place in the loop
// and `total` across every yield, and each receipt has its own body, so its own `total`.

use coro::Coroutine;

/// Yields "RECEIPT", then one line per price: the price and the total so far.
fn receipt(prices: Vec<u32>) -> Coroutine<String> {
    Coroutine::new(move |co| async move {
        co.yield_(String::from("RECEIPT")).await?;
        let mut total = 0;
        for price in prices {
            total += price;
            co.yield_(format!("+{price} = {total}")).await?;
        }
        Ok(())
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::State;

    /// A small seeded generator of price lists, so that no answer can be written in by hand.
    fn price_lists() -> Vec<Vec<u32>> {
        let mut seed: u32 = 12_345;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % 100
        };
        (0..8)
            .map(|len| (0..len).map(|_| next() + 1).collect())
            .collect()
    }

    /// Which rule a line breaks, if it is not `want`: the failures name the rule, and never
    /// print the lines, so that working out what the body yields is left to you.
    fn broken_rule(got: Option<&str>, want: &str) -> Option<&'static str> {
        let price_part = want.split(" = ").next().unwrap_or(want);
        match got {
            Some(line) if line == want => None,
            None => Some("the receipt ended too early: after the heading comes one line per price"),
            Some("RECEIPT") => Some("the heading came again: it must come once, before any price"),
            Some(line) if line.starts_with(&format!("{price_part} = ")) => Some(
                "the price is right but the total is not: it must be the sum of this price and \
                 every earlier price of the same receipt",
            ),
            Some(_) => Some("the lines are out of order: the heading, then one line per price"),
        }
    }

    /// Checks receipt(prices) line by line; `what` says which receipt, for the messages.
    fn check(prices: &[u32], what: &str) {
        let mut c = receipt(prices.to_vec());
        assert!(
            c.next().as_deref() == Some("RECEIPT"),
            "{what}, first line: a receipt starts with its heading, even with no prices"
        );
        let mut total = 0;
        for (k, price) in prices.iter().enumerate() {
            total += price;
            let want = format!("+{price} = {total}");
            if let Some(rule) = broken_rule(c.next().as_deref(), &want) {
                panic!("{what}, line {} (price number {}): {rule}", k + 2, k + 1);
            }
        }
        assert!(
            c.next().is_none(),
            "{what}: after the last price's line the receipt must end"
        );
    }

    #[test]
    fn heading_then_running_totals() {
        check(&[3, 4], "receipt(vec![3, 4])");
    }

    #[test]
    fn works_for_lists_of_every_length() {
        for prices in price_lists() {
            check(&prices, &format!("a receipt of {} prices", prices.len()));
        }
    }

    #[test]
    fn two_receipts_keep_their_own_totals() {
        let mut a = receipt(vec![10, 20, 30]);
        let mut b = receipt(vec![1, 2]);
        let step = |c: &mut Coroutine<String>, want: &str, what: &str| {
            if let Some(rule) = broken_rule(c.next().as_deref(), want) {
                panic!("{what}: {rule}");
            }
        };
        step(&mut a, "RECEIPT", "a, first line");
        step(&mut a, "+10 = 10", "a, second line");
        step(&mut b, "RECEIPT", "b, first line");
        step(&mut a, "+20 = 30", "a, third line");
        step(&mut b, "+1 = 1", "b, second line");
        step(&mut a, "+30 = 60", "a, fourth line");
        step(&mut b, "+2 = 3", "b, third line");
        assert!(a.next().is_none(), "a has no more prices: its receipt must end");
        assert!(b.next().is_none(), "b has no more prices: its receipt must end");
    }

    #[test]
    fn closing_it_stops_the_receipt() {
        for lines_read in 1..=4 {
            let mut c = receipt(vec![5, 6, 7]);
            for _ in 0..lines_read {
                assert!(c.next().is_some(), "the receipt has a line to give");
            }
            assert_eq!(
                c.close(),
                Ok(None),
                "close() after {lines_read} line(s) must end the body at the yield where it \
                 is stopped (pass the error from the yield on with `?`)"
            );
            assert_eq!(c.state(), State::Closed, "a closed receipt is closed");
            assert_eq!(c.next(), None, "a closed receipt yields nothing more");
        }
    }
}
