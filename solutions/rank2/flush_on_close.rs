// flush_on_close: cleanup that runs however the coroutine ends
//
// `close()` makes the pending `yield_` return `Err(Interrupt::Close)`; `?` then unwinds the
// body, dropping its locals. Dropping a suspended coroutine drops its locals too. So a local
// whose `Drop` does the cleanup (a guard) runs on close and on drop alike, like Python's
// `try: ... finally:` around a generator's loop.
//
// Python:                                  coro:
//   try:                                     let mut batch = Batch { items: Vec::new(), sink };
//       while True:                          loop {
//           batch.append((yield))                batch.items.push(co.yield_(()).await?);
//           ...                                  ...
//   finally:                                 }   // impl Drop for Batch flushes
//       flush(batch)
//
// Why it works: the batch lives in a guard local to the body; `?` on a close, or dropping the
// coroutine, drops the guard, and its `Drop` hands over a partial batch exactly once.

use coro::Coroutine;
use std::cell::RefCell;
use std::rc::Rc;

type Sink = Rc<RefCell<Vec<Vec<u32>>>>;

/// The batch being filled, and where full batches go.
struct Batch {
    items: Vec<u32>,
    sink: Sink,
}

impl Drop for Batch {
    fn drop(&mut self) {
        if !self.items.is_empty() {
            let rest = std::mem::take(&mut self.items);
            self.sink.borrow_mut().push(rest);
        }
    }
}

/// Collects the numbers it is sent into batches of two and pushes each full batch to `sink`;
/// a partial batch is pushed when the coroutine is closed or dropped.
fn batcher(sink: Sink) -> Coroutine<(), u32> {
    Coroutine::new(move |co| async move {
        let mut batch = Batch {
            items: Vec::new(),
            sink,
        };
        loop {
            let item = co.yield_(()).await?;
            batch.items.push(item);
            if batch.items.len() == 2 {
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

    #[test]
    fn full_batches_go_out_as_they_fill() {
        let sink = Sink::default();
        let _b = started(&sink, 1..=5);
        assert_eq!(
            *sink.borrow(),
            [vec![1, 2], vec![3, 4]],
            "each batch of two goes to the sink as soon as it is full"
        );
    }

    #[test]
    fn closing_flushes_the_partial_batch_once() {
        let sink = Sink::default();
        let mut b = started(&sink, 1..=5);
        assert!(b.close().is_ok(), "closing must not report an error");
        assert_eq!(
            *sink.borrow(),
            [vec![1, 2], vec![3, 4], vec![5]],
            "close must flush the partial batch [5]"
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
            3,
            "the partial batch is flushed exactly once"
        );
    }

    #[test]
    fn dropping_without_close_flushes_too() {
        let sink = Sink::default();
        let b = started(&sink, 1..=3);
        drop(b);
        assert_eq!(
            *sink.borrow(),
            [vec![1, 2], vec![3]],
            "dropping a suspended coroutine drops its locals: the flush must run then too"
        );
    }

    #[test]
    fn an_empty_batch_is_never_flushed() {
        let sink = Sink::default();
        let mut b = started(&sink, 1..=4);
        b.close().unwrap();
        assert_eq!(
            *sink.borrow(),
            [vec![1, 2], vec![3, 4]],
            "nothing is left over after two full batches: do not push an empty batch"
        );
    }
}
