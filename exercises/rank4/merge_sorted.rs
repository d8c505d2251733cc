// merge_sorted: fan-in, lazily
//
// Several sorted streams merged into one sorted stream: the merge step of merge sort, of a log
// aggregator, of a database's sorted runs. The trick is to hold only the next value of every
// source: the smallest of those comes out, and then only its source is asked for another one.
// However long the sources are, taking a few values pulls only a few.
//
// Python does it with heapq.merge(*sources); its idea, in words: put (first value, source
// number) of every source in a min-heap; pop the smallest and hand it out; once it has been
// taken, push that source's next value, if it has one; stop when the heap is empty.
// Rust's tools: std::collections::BinaryHeap (a MAX-heap: wrap items in std::cmp::Reverse to pop
// the smallest first), and each source is a generator, so `next()` pulls one value.
//
// What to do: write the body of `merge`. The tests count every pull: a source must be pulled
// no earlier than needed (nothing while `merge` is being called, nothing before the merge is
// asked for its first value, and each refill only after the value before it has been taken),
// and a closed merge must pull nothing more.

use std::cell::Cell;
use std::rc::Rc;

use coro::Coroutine;

/// The values of `values`, counting every one pulled.
fn source(values: Vec<i32>, pulls: Rc<Cell<usize>>) -> Coroutine<i32> {
    Coroutine::new(move |co| async move {
        for v in values {
            pulls.set(pulls.get() + 1);
            co.yield_(v).await?;
        }
        Ok(())
    })
}

/// The values of all `sources` (each sorted) in one sorted stream.
fn merge(_sources: Vec<Coroutine<i32>>) -> Coroutine<i32> {
    Coroutine::new(move |_co| async move {
        // TODO: one value of every source in a heap; hand out the smallest, refill from its source.
        todo!("a lazy k-way merge")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::State;

    fn sources(lists: &[Vec<i32>], pulls: &Rc<Cell<usize>>) -> Vec<Coroutine<i32>> {
        lists
            .iter()
            .map(|l| source(l.clone(), pulls.clone()))
            .collect()
    }

    /// A small seeded generator (an LCG), so the generated cases are the same every run.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn the_merged_stream_is_sorted_and_complete() {
        let pulls = Rc::new(Cell::new(0));
        let lists = [vec![1, 4, 9], vec![2, 3, 10, 11], vec![], vec![0, 5]];
        let merged: Vec<i32> = merge(sources(&lists, &pulls)).collect();
        assert_eq!(merged, [0, 1, 2, 3, 4, 5, 9, 10, 11]);
        assert_eq!(pulls.get(), 9, "every value is pulled once");
    }

    #[test]
    fn equal_values_from_different_sources_all_come_out() {
        let merged: Vec<i32> = merge(sources(&[vec![1, 1], vec![1]], &Rc::default())).collect();
        assert_eq!(merged, [1, 1, 1]);
        assert!(merge(Vec::new()).next().is_none(), "no sources, nothing merged");
    }

    #[test]
    fn generated_sources_merge_into_their_sorted_union() {
        let mut seed = 31;
        for case in 0..60 {
            let k = lcg(&mut seed) as usize % 6;
            let lists: Vec<Vec<i32>> = (0..k)
                .map(|_| {
                    let mut l: Vec<i32> = (0..lcg(&mut seed) % 8)
                        .map(|_| (lcg(&mut seed) % 20) as i32 - 5)
                        .collect();
                    l.sort();
                    l
                })
                .collect();
            let mut want: Vec<i32> = lists.concat();
            want.sort();
            let merged: Vec<i32> = merge(sources(&lists, &Rc::default())).collect();
            assert_eq!(merged, want, "case {case}");
        }
    }

    #[test]
    fn taking_n_values_from_k_long_sources_pulls_k_plus_n_minus_1() {
        for k in 1..=4 {
            for n in 1..=6 {
                let pulls = Rc::new(Cell::new(0));
                let lists: Vec<Vec<i32>> = (0..k).map(|i| (0..100).map(|v| v * k + i).collect()).collect();
                let first: Vec<i32> = merge(sources(&lists, &pulls)).take(n as usize).collect();
                assert_eq!(first, (0..n).collect::<Vec<i32>>(), "k = {k}, n = {n}");
                assert_eq!(
                    pulls.get(),
                    (k + n - 1) as usize,
                    "k = {k}, n = {n}: one pull per source to start, then one per value after \
                     the first, and only once the value before it has been taken"
                );
            }
        }
    }

    #[test]
    fn nothing_is_pulled_before_the_first_next() {
        for k in 1..=4 {
            let pulls = Rc::new(Cell::new(0));
            let lists: Vec<Vec<i32>> = (0..k).map(|i| vec![i, i + k]).collect();
            let mut m = merge(sources(&lists, &pulls));
            assert_eq!(
                pulls.get(),
                0,
                "k = {k}: making the merge pulls nothing; the sources are asked only once the \
                 merge itself is asked for its first value"
            );
            assert_eq!(m.close(), Ok(None), "a merge never started has nothing to stop");
            assert_eq!(
                pulls.get(),
                0,
                "k = {k}: a merge closed before its first next() pulls nothing"
            );
            assert_eq!(m.next(), None, "a closed generator answers None");
            assert_eq!(pulls.get(), 0, "k = {k}: nor does asking a closed merge");
        }
    }

    #[test]
    fn a_closed_merge_pulls_nothing_more() {
        for taken in 0..4 {
            let pulls = Rc::new(Cell::new(0));
            let mut m = merge(sources(&[vec![1, 3, 5], vec![2, 4, 6]], &pulls));
            for _ in 0..taken {
                m.next();
            }
            let before = pulls.get();
            assert_eq!(m.close(), Ok(None), "the merge stops at the yield_ where it waits");
            assert_eq!(m.state(), State::Closed);
            assert_eq!(pulls.get(), before, "closing pulls nothing more");
            assert_eq!(m.next(), None, "a closed generator answers None");
        }
    }
}
