// flush_on_close: cleanup that runs however the coroutine ends
//
// A Python generator that buffers its input flushes the rest in a `finally:` clause, which
// runs however the generator ends:
//
//   def batcher(sink, size=3):
//       batch = []
//       try:
//           while True:
//               batch.append((yield))
//               if len(batch) == size:
//                   sink.append(batch)
//                   batch = []
//       finally:
//           if batch:
//               sink.append(batch)
//
// A coro body has no `finally:`, but it has something that does the same job: when the body
// ends, however it ends, its locals are dropped. `close()` makes the pending `yield_` return
// `Err(Interrupt::Close)` and `?` returns from the body, dropping them; dropping a suspended
// coroutine drops them too (without running any more of the body). So a local whose type
// implements `Drop` (a guard) is the place for cleanup that must always run.
//
// What to do: full batches reach the sink, but the last, partial batch is lost, whether the
// batcher is closed or dropped without being closed. Make sure it reaches the sink in both
// cases, once, like the `finally:` above (which skips an empty batch).

use coro::Coroutine;
use std::cell::RefCell;
use std::rc::Rc;

type Sink = Rc<RefCell<Vec<Vec<u32>>>>;

/// How many numbers make a full batch.
const SIZE: usize = 3;

/// The batch being filled, and where batches go.
struct Batch {
    items: Vec<u32>,
    sink: Sink,
}

/// Collects the numbers it is sent into batches of `SIZE` and pushes each full batch to
/// `sink`; a partial batch is pushed when the coroutine is closed or dropped.
fn batcher(sink: Sink) -> Coroutine<(), u32> {
    Coroutine::new(move |co| async move {
        let mut batch = Batch {
            items: Vec::new(),
            sink,
        };
        loop {
            let item = co.yield_(()).await?;
            batch.items.push(item);
            if batch.items.len() == SIZE {
                let full = std::mem::take(&mut batch.items);
                batch.sink.borrow_mut().push(full);
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State};

    fn started(sink: &Sink, items: std::ops::RangeInclusive<u32>) -> Coroutine<(), u32> {
        let mut b = batcher(sink.clone());
        b.prime().unwrap();
        for i in items {
            b.send(i).unwrap();
        }
        b
    }

    /// What the sink must hold once `1..=n` was sent and the batcher ended.
    fn batches(n: u32) -> Vec<Vec<u32>> {
        let all: Vec<u32> = (1..=n).collect();
        all.chunks(SIZE).map(<[u32]>::to_vec).collect()
    }

    #[test]
    fn full_batches_go_out_as_they_fill() {
        let sink = Sink::default();
        let _b = started(&sink, 1..=7);
        assert_eq!(
            *sink.borrow(),
            [vec![1, 2, 3], vec![4, 5, 6]],
            "each batch of three goes to the sink as soon as it is full"
        );
    }

    #[test]
    fn closing_flushes_the_partial_batch_once() {
        let sink = Sink::default();
        let mut b = started(&sink, 1..=5);
        assert_eq!(b.close(), Ok(None), "the close is let out with `?`");
        assert_eq!(
            *sink.borrow(),
            [vec![1, 2, 3], vec![4, 5]],
            "close must flush the partial batch [4, 5]"
        );
        assert_eq!(b.state(), State::Closed);
        assert_eq!(b.close(), Ok(None), "closing twice is a no-op");
        assert_eq!(
            b.send(6),
            Err(Error::Closed),
            "a closed batcher takes nothing more"
        );
        drop(b);
        assert_eq!(
            sink.borrow().len(),
            2,
            "the partial batch is flushed exactly once"
        );
    }

    #[test]
    fn every_size_ends_with_what_was_sent_on_close() {
        for n in 0..=10 {
            let sink = Sink::default();
            let mut b = started(&sink, 1..=n);
            b.close().unwrap();
            drop(b);
            assert_eq!(
                *sink.borrow(),
                batches(n),
                "1..={n} sent, then closed: full batches, then the rest if there is any"
            );
        }
    }

    #[test]
    fn every_size_ends_with_what_was_sent_on_drop() {
        for n in 0..=10 {
            let sink = Sink::default();
            drop(started(&sink, 1..=n));
            assert_eq!(
                *sink.borrow(),
                batches(n),
                "1..={n} sent, then dropped without close: dropping a suspended coroutine \
                 drops its locals, so the flush must run then too"
            );
        }
    }
}
