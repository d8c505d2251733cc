// refcell_across_yield: a borrow that outlives a yield
//
// Coroutines often share state with their driver through `Rc<RefCell<..>>`. A `RefCell` borrow
// lasts until its guard is dropped, and a guard held in a local survives every `yield_` like
// any other local. So a coroutine that takes `borrow_mut()` once, before its loop, still holds
// it while it is suspended, and the driver's own `borrow()` panics with a BorrowError. The
// compiler cannot see it: RefCell checks at run time. Keep each borrow inside one step.
//
// Python has no borrows; the nearest mistake is holding a lock across a `yield`:
//   with lock:                               let mut lines = sink.borrow_mut(); // held...
//       while True:                          loop {
//           lines.append((yield))                lines.push(co.yield_(()).await?); // ...across this
//
// What to do: fix `recorder` so that the driver can read the sink between sends.

use std::cell::RefCell;
use std::rc::Rc;

use coro::Coroutine;

pub type Sink = Rc<RefCell<Vec<String>>>;

/// Appends every line it is sent to `sink`.
fn recorder(sink: Sink) -> Coroutine<(), String> {
    Coroutine::primed(move |co| async move {
        // TODO: this borrow is held while the coroutine is suspended.
        let mut lines = sink.borrow_mut();
        loop {
            let line = co.yield_(()).await?;
            lines.push(line);
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_driver_can_read_the_sink_between_sends() {
        let sink = Sink::default();
        let mut r = recorder(sink.clone());
        r.send("first".into()).unwrap();
        assert_eq!(
            sink.borrow().len(),
            1,
            "the driver reads the sink while the recorder is suspended"
        );
        r.send("second".into()).unwrap();
        assert_eq!(*sink.borrow(), ["first", "second"]);
    }

    #[test]
    fn the_driver_can_even_write_to_the_sink_between_sends() {
        let sink = Sink::default();
        let mut r = recorder(sink.clone());
        r.send("a".into()).unwrap();
        sink.borrow_mut().push("from the driver".into());
        r.send("b".into()).unwrap();
        assert_eq!(*sink.borrow(), ["a", "from the driver", "b"]);
    }
}
