// prime_sieve: a pipeline that grows while it runs
//
// The sieve of Eratosthenes as a chain of coroutines (McIlroy's, and Go's famous example): a
// source counts 2, 3, 4, ...; the first number that comes out is prime; a new filter stage that
// drops its multiples is put after the chain; the next number out of the chain is the next
// prime; and so on. Every prime adds one stage, each a coroutine pulling from the one before.
//
// Python:                                  coro:
//   def primes():                            Coroutine::new(|co| async move {
//       stream = count(2)                        let mut stream = naturals(2);
//       while True:                              loop {
//           p = next(stream)                         let p = stream.next()...;
//           yield p                                  co.yield_(p).await?;
//           stream = (n for n in stream              stream = drop_multiples(p, stream, ..);
//                     if n % p)                  }
//
// What to do: write `drop_multiples` (a generator over `upstream` without the multiples of `p`,
// counting itself in `stages` when it is made) and the loop of `primes`.

use std::cell::Cell;
use std::rc::Rc;

use coro::Coroutine;

/// n, n + 1, n + 2, ...
fn naturals(from: u64) -> Coroutine<u64> {
    Coroutine::new(move |co| async move {
        let mut n = from;
        loop {
            co.yield_(n).await?;
            n += 1;
        }
    })
}

/// The numbers of `upstream` that are not multiples of `p`. Adds one to `stages` when made.
fn drop_multiples(p: u64, upstream: Coroutine<u64>, stages: Rc<Cell<usize>>) -> Coroutine<u64> {
    stages.set(stages.get() + 1);
    Coroutine::new(move |co| async move {
        for n in upstream {
            if n % p != 0 {
                co.yield_(n).await?;
            }
        }
        Ok(())
    })
}

/// The primes, in order, forever; every prime found adds a stage to the sieve.
fn primes(stages: Rc<Cell<usize>>) -> Coroutine<u64> {
    Coroutine::new(move |co| async move {
        let mut stream = naturals(2);
        while let Some(p) = stream.next() {
            co.yield_(p).await?;
            stream = drop_multiples(p, stream, stages.clone());
        }
        Ok(())
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_ten_primes_come_out_in_order() {
        let first: Vec<u64> = primes(Rc::default()).take(10).collect();
        assert_eq!(first, [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    }

    #[test]
    fn every_prime_but_the_last_one_taken_has_added_a_stage() {
        let stages = Rc::new(Cell::new(0));
        let mut sieve = primes(stages.clone());
        for taken in 1..=10 {
            sieve.next();
            assert_eq!(
                stages.get(),
                taken - 1,
                "after {taken} primes, {} filter stages",
                taken - 1
            );
        }
    }

    #[test]
    fn stage_filters_drop_exactly_the_multiples() {
        let kept: Vec<u64> = drop_multiples(3, naturals(1), Rc::default())
            .take(6)
            .collect();
        assert_eq!(kept, [1, 2, 4, 5, 7, 8]);
    }
}
