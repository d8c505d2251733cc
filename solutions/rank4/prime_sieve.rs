// prime_sieve: a pipeline that grows while it runs
//
// Why this works: the chain is one value, `stream`, a generator. The first number out of it is
// kept (no earlier kept number divides it, or an earlier stage would have dropped it), and then
// a new stage that drops the kept number's multiples is made with the old chain as its upstream
// and becomes the chain: `stream` grows by wrapping, one stage per number kept. Each stage pulls
// from the one before only when it is asked, so a number travels through the stages one at a
// time and stops at the first stage that drops it, and the source is pulled no further than the
// last number taken. Over 2, 3, 4, ... the kept numbers are the primes: the sieve of
// Eratosthenes, with one coroutine per prime.

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

/// One stage: the numbers of `upstream` that are not multiples of `p`, pulled one at a time.
fn drop_multiples(p: u64, upstream: Coroutine<u64>) -> Coroutine<u64> {
    Coroutine::new(move |co| async move {
        for n in upstream {
            if n % p != 0 {
                co.yield_(n).await?;
            }
        }
        Ok(())
    })
}

/// The numbers of `source` that no earlier number kept divides, found by a chain that gets one
/// more stage, made by `stage(kept, chain)`, after every number kept.
fn sieve(
    source: Coroutine<u64>,
    stage: impl Fn(u64, Coroutine<u64>) -> Coroutine<u64> + 'static,
) -> Coroutine<u64> {
    Coroutine::new(move |co| async move {
        let mut stream = source;
        while let Some(kept) = stream.next() {
            co.yield_(kept).await?;
            stream = stage(kept, stream);
        }
        Ok(())
    })
}

/// The primes, in order, forever.
fn primes() -> Coroutine<u64> {
    sieve(naturals(2), drop_multiples)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::State;

    /// The values of `values`, counting every pull in `pulls`.
    fn counted(values: Vec<u64>, pulls: Rc<Cell<usize>>) -> Coroutine<u64> {
        Coroutine::new(move |co| async move {
            for v in values {
                pulls.set(pulls.get() + 1);
                co.yield_(v).await?;
            }
            Ok(())
        })
    }

    /// Passes on what `upstream` yields, counting each value in `seen`.
    fn tap(upstream: Coroutine<u64>, seen: Rc<Cell<usize>>) -> Coroutine<u64> {
        Coroutine::new(move |co| async move {
            for v in upstream {
                seen.set(seen.get() + 1);
                co.yield_(v).await?;
            }
            Ok(())
        })
    }

    /// Your stages, each with a tap in front that counts the values the stage examines.
    fn counting_stages(
        examined: &Rc<Cell<usize>>,
    ) -> impl Fn(u64, Coroutine<u64>) -> Coroutine<u64> + 'static {
        let examined = examined.clone();
        move |p, upstream| drop_multiples(p, tap(upstream, examined.clone()))
    }

    /// What the sieve keeps of `values` when asked for `take` numbers, and how many values its
    /// stages examine on the way: each value goes through the stages of the numbers kept
    /// before it, in order, until one divides it.
    fn model(values: &[u64], take: usize) -> (Vec<u64>, usize, usize) {
        let (mut kept, mut examined, mut pulled) = (Vec::new(), 0, 0);
        for &v in values {
            if kept.len() == take {
                break;
            }
            pulled += 1;
            let mut dropped = false;
            for &k in &kept {
                examined += 1;
                if v % k == 0 {
                    dropped = true;
                    break;
                }
            }
            if !dropped {
                kept.push(v);
            }
        }
        (kept, examined, pulled)
    }

    /// A small seeded generator (an LCG), so the generated cases are the same every run.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn the_first_primes_come_out_in_order() {
        let first: Vec<u64> = primes().take(10).collect();
        assert_eq!(first, [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
        assert_eq!(primes().nth(99), Some(541), "the hundredth prime");
    }

    #[test]
    fn stage_filters_drop_exactly_the_multiples() {
        let kept: Vec<u64> = drop_multiples(3, naturals(1)).take(6).collect();
        assert_eq!(kept, [1, 2, 4, 5, 7, 8]);
        let kept: Vec<u64> = drop_multiples(4, naturals(6)).take(4).collect();
        assert_eq!(kept, [6, 7, 9, 10]);
    }

    #[test]
    fn each_number_goes_through_the_stages_of_the_primes_before_it() {
        for take in [1, 2, 10, 25] {
            let examined = Rc::new(Cell::new(0));
            let pulls = Rc::new(Cell::new(0));
            let values: Vec<u64> = (2..200).collect();
            let got: Vec<u64> = sieve(counted(values.clone(), pulls.clone()), counting_stages(&examined))
                .take(take)
                .collect();
            let (want, want_examined, want_pulls) = model(&values, take);
            assert_eq!(got, want, "the first {take} primes");
            assert_eq!(
                examined.get(),
                want_examined,
                "taking {take} primes: a number is examined by the stage of each prime before it, \
                 up to the first one that divides it, and by no other stage"
            );
            assert_eq!(
                pulls.get(),
                want_pulls,
                "taking {take} primes: the source is pulled up to the last prime taken, no further"
            );
        }
    }

    #[test]
    fn any_increasing_source_is_sieved_by_what_was_kept_before() {
        let mut seed = 17;
        for case in 0..40 {
            let mut values = Vec::new();
            let mut v = 2 + lcg(&mut seed) % 10;
            for _ in 0..(1 + lcg(&mut seed) % 30) {
                values.push(v);
                v += 1 + lcg(&mut seed) % 6;
            }
            let take = 1 + lcg(&mut seed) as usize % 12;
            let examined = Rc::new(Cell::new(0));
            let got: Vec<u64> = sieve(counted(values.clone(), Rc::default()), counting_stages(&examined))
                .take(take)
                .collect();
            let (want, want_examined, _) = model(&values, take);
            assert_eq!(got, want, "case {case}: keep what no earlier kept number divides");
            assert_eq!(
                examined.get(),
                want_examined,
                "case {case}: each value goes through the stages made so far, one by one"
            );
        }
    }

    #[test]
    fn a_closed_sieve_or_stage_pulls_nothing_more() {
        for take in [1, 3, 6] {
            let pulls = Rc::new(Cell::new(0));
            let mut s = sieve(counted((2..100).collect(), pulls.clone()), drop_multiples);
            for _ in 0..take {
                s.next();
            }
            let before = pulls.get();
            assert_eq!(
                s.close(),
                Ok(None),
                "a closed sieve stops at the yield_ where it waits (after {take} primes)"
            );
            assert_eq!(s.state(), State::Closed);
            assert_eq!(pulls.get(), before, "closing the sieve pulls nothing more");

            let pulls = Rc::new(Cell::new(0));
            let mut stage = drop_multiples(2, counted((1..50).collect(), pulls.clone()));
            for _ in 0..take {
                stage.next();
            }
            let before = pulls.get();
            assert_eq!(stage.close(), Ok(None), "a closed stage stops where it waits");
            assert_eq!(pulls.get(), before, "closing a stage pulls nothing more");
            assert_eq!(stage.next(), None, "a closed generator answers None");
        }
    }
}
