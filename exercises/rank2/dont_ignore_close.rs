// dont_ignore_close: a close must end the body
//
// `g.close()` raises `GeneratorExit` at the `yield` where a Python generator is stopped. The
// generator may clean up, but then it must end: if it yields again, Python raises
// "RuntimeError: generator ignored GeneratorExit".
//
//   def logger(log):
//       while True:
//           try:
//               line = yield
//           except GeneratorExit:
//               continue        # wrong: goes round to the next yield
//           log.append(line)
//
// In coro the close arrives as `Err(Interrupt::Close)` from the pending `yield_`. A body that
// yields again after it makes `close()` report `Err(Error::IgnoredClose)` (the coroutine is
// closed anyway, by force).
//
// What to do: closing the logger below reports `IgnoredClose`. Follow a close through the
// loop, find where it is swallowed, and fix the body so that a close ends it (its cleanup must
// still run, once).

use coro::Coroutine;
use std::cell::RefCell;
use std::rc::Rc;

type Log = Rc<RefCell<Vec<&'static str>>>;

/// Logs "cleanup" when dropped.
struct Cleanup(Log);

impl Drop for Cleanup {
    fn drop(&mut self) {
        self.0.borrow_mut().push("cleanup");
    }
}

/// Logs every line it is sent; logs "cleanup" when it ends. Closed, it ends without a result:
/// `close()` gives `Ok(None)`.
fn logger(log: Log) -> Coroutine<(), &'static str> {
    Coroutine::new(move |co| async move {
        let _cleanup = Cleanup(log.clone());
        loop {
            let Ok(line) = co.yield_(()).await else {
                continue;
            };
            log.borrow_mut().push(line);
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State};

    const LINES: [&str; 5] = ["a", "b", "", "ccc", "d d"];

    /// Lines picked by a small seeded generator (an LCG), so that no fixed answer can pass.
    fn lines(seed: u32, n: usize) -> Vec<&'static str> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                LINES[(state >> 16) as usize % LINES.len()]
            })
            .collect()
    }

    fn logged(log: &Log, sent: &[&'static str]) -> Coroutine<(), &'static str> {
        let mut l = logger(log.clone());
        l.prime().unwrap();
        for &line in sent {
            l.send(line).unwrap();
        }
        l
    }

    #[test]
    fn close_ends_the_body() {
        let log = Log::default();
        let mut l = logged(&log, &["a", "b"]);
        let closed = l.close();
        assert_ne!(
            closed,
            Err(Error::IgnoredClose),
            "the body yielded again after close(): a close must end the body"
        );
        assert!(
            closed == Ok(None),
            "a close must end the body without a result (the logger has none to give): \
             let it out with `?` rather than returning a value"
        );
        assert_eq!(l.state(), State::Closed, "a closed logger is closed");
        assert_eq!(
            *log.borrow(),
            ["a", "b", "cleanup"],
            "the lines, then cleanup"
        );
    }

    #[test]
    fn every_line_then_cleanup_exactly_once() {
        for seed in 1..=6 {
            let sent = lines(seed, seed as usize);
            let log = Log::default();
            let mut l = logged(&log, &sent);
            assert!(
                l.close() == Ok(None),
                "closing after {sent:?} must end the body without a result"
            );
            let _ = l.close();
            drop(l);
            let mut want = sent.clone();
            want.push("cleanup");
            assert_eq!(
                *log.borrow(),
                want,
                "every line is logged in order, then cleanup exactly once"
            );
        }
    }

    #[test]
    fn nothing_is_logged_after_close() {
        let log = Log::default();
        let mut l = logged(&log, &["a", "b"]);
        l.close().unwrap();
        assert_eq!(
            l.send("c"),
            Err(Error::Closed),
            "a closed logger takes no more lines"
        );
        assert_eq!(*log.borrow(), ["a", "b", "cleanup"]);
    }
}
