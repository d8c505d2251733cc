// merge_sorted: fan-in, lazily
//
// Several sorted streams merged into one sorted stream, pulling from a source only when its
// current value has been handed out: the merge step of merge sort, of a log aggregator, of a
// database's sorted runs. A heap holds the next value of every source; the smallest one comes
// out, and only its source is asked for another. Taking five values from k sources costs at most
// five pulls plus one per source, however long the sources are.
//
// Python (heapq.merge):                    coro:
//   heap = [(next(s), i) for i, s in ...]    let mut heap = BinaryHeap::new(); // Reverse((v, i))
//   while heap:                              while let Some(Reverse((v, i))) = heap.pop() {
//       v, i = heappop(heap); yield v            co.yield_(v).await?;
//       heappush(heap, (next(s[i]), i))          if let Some(n) = sources[i].next() { heap.push(..) }
//
// What to do: write the body of `merge`.

use std::cell::Cell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
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
fn merge(mut sources: Vec<Coroutine<i32>>) -> Coroutine<i32> {
    Coroutine::new(move |co| async move {
        let mut heap = BinaryHeap::new();
        for (i, s) in sources.iter_mut().enumerate() {
            if let Some(v) = s.next() {
                heap.push(Reverse((v, i)));
            }
        }
        while let Some(Reverse((v, i))) = heap.pop() {
            co.yield_(v).await?;
            if let Some(next) = sources[i].next() {
                heap.push(Reverse((next, i)));
            }
        }
        Ok(())
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(lists: &[&[i32]], pulls: &Rc<Cell<usize>>) -> Vec<Coroutine<i32>> {
        lists
            .iter()
            .map(|l| source(l.to_vec(), pulls.clone()))
            .collect()
    }

    #[test]
    fn the_merged_stream_is_sorted_and_complete() {
        let pulls = Rc::new(Cell::new(0));
        let merged: Vec<i32> = merge(sources(
            &[&[1, 4, 9], &[2, 3, 10, 11], &[], &[0, 5]],
            &pulls,
        ))
        .collect();
        assert_eq!(merged, [0, 1, 2, 3, 4, 5, 9, 10, 11]);
    }

    #[test]
    fn equal_values_from_different_sources_all_come_out() {
        let merged: Vec<i32> = merge(sources(&[&[1, 1], &[1]], &Rc::default())).collect();
        assert_eq!(merged, [1, 1, 1]);
    }

    #[test]
    fn taking_five_pulls_at_most_five_plus_one_per_source() {
        let pulls = Rc::new(Cell::new(0));
        let long: Vec<i32> = (0..1000).collect();
        let lists: [&[i32]; 3] = [&long, &long, &long];
        let first: Vec<i32> = merge(sources(&lists, &pulls)).take(5).collect();
        assert_eq!(first, [0, 0, 0, 1, 1]);
        assert!(
            pulls.get() <= 5 + 3,
            "{} values were pulled to hand out 5",
            pulls.get()
        );
    }
}
