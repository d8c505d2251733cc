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

    /// What receipt(prices) must yield: the heading, then for each price the sum of the prices
    /// up to and including it.
    fn expected(prices: &[u32]) -> Vec<String> {
        let lines = (1..=prices.len()).map(|k| {
            let total: u32 = prices[..k].iter().sum();
            format!("+{} = {total}", prices[k - 1])
        });
        std::iter::once("RECEIPT".to_string()).chain(lines).collect()
    }

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

    #[test]
    fn heading_then_running_totals() {
        assert_eq!(
            receipt(vec![3, 4]).collect::<Vec<_>>(),
            ["RECEIPT", "+3 = 3", "+4 = 7"],
            "one heading, then each price with the total so far"
        );
    }

    #[test]
    fn works_for_lists_of_every_length() {
        for prices in price_lists() {
            assert_eq!(
                receipt(prices.clone()).collect::<Vec<_>>(),
                expected(&prices),
                "the heading comes once, first; the total keeps growing over all {} prices",
                prices.len()
            );
        }
    }

    #[test]
    fn two_receipts_keep_their_own_totals() {
        let mut a = receipt(vec![10, 20, 30]);
        let mut b = receipt(vec![1, 2]);
        assert_eq!(a.next().as_deref(), Some("RECEIPT"));
        assert_eq!(a.next().as_deref(), Some("+10 = 10"));
        assert_eq!(b.next().as_deref(), Some("RECEIPT"), "b starts with its own heading");
        assert_eq!(a.next().as_deref(), Some("+20 = 30"), "a carries on where it was");
        assert_eq!(
            b.next().as_deref(),
            Some("+1 = 1"),
            "each receipt has its own total: b must not see a's"
        );
        assert_eq!(a.next().as_deref(), Some("+30 = 60"));
        assert_eq!(b.next().as_deref(), Some("+2 = 3"));
        assert_eq!(a.next(), None, "a has no more prices");
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
