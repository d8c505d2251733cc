// dont_ignore_close: a close must end the body
//
// When the caller closes a coroutine, the pending `yield_` returns `Err(Interrupt::Close)`.
// The body may clean up, but it must then end: yielding again would ignore the close. If it
// does, `close()` reports `Err(Error::IgnoredClose)` and ends the coroutine anyway, as Python
// raises "RuntimeError: generator ignored GeneratorExit".
//
// Python:                                  coro:
//   try:                                     match co.yield_(()).await {
//       line = yield                             Ok(line) => ...,
//   except GeneratorExit:                        Err(close) => return Err(close),
//       continue   # wrong: ignores close    }   // or simply: co.yield_(()).await?
//
// Why it works: `?` passes the close on, which ends the body; the `Cleanup` guard's `Drop`
// logs "cleanup" on the way out, once.

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

/// Logs every line it is sent; logs "cleanup" when it ends.
fn logger(log: Log) -> Coroutine<(), &'static str> {
    Coroutine::new(move |co| async move {
        let _cleanup = Cleanup(log.clone());
        loop {
            let line = co.yield_(()).await?;
            log.borrow_mut().push(line);
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State};

    fn logged(log: &Log) -> Coroutine<(), &'static str> {
        let mut l = logger(log.clone());
        l.prime().unwrap();
        l.send("a").unwrap();
        l.send("b").unwrap();
        l
    }

    #[test]
    fn close_ends_the_body() {
        let log = Log::default();
        let mut l = logged(&log);
        let closed = l.close();
        assert_ne!(
            closed,
            Err(Error::IgnoredClose),
            "the body yielded again after close(): when yield_ returns Err, end the body"
        );
        assert!(closed.is_ok(), "close must succeed, got {closed:?}");
        assert_eq!(l.state(), State::Closed, "a closed logger is closed");
    }

    #[test]
    fn cleanup_runs_exactly_once() {
        let log = Log::default();
        let mut l = logged(&log);
        let _ = l.close();
        let _ = l.close();
        drop(l);
        assert_eq!(
            *log.borrow(),
            ["a", "b", "cleanup"],
            "every line is logged, then cleanup exactly once"
        );
    }

    #[test]
    fn nothing_is_logged_after_close() {
        let log = Log::default();
        let mut l = logged(&log);
        let _ = l.close();
        assert_eq!(
            l.send("c"),
            Err(Error::Closed),
            "a closed logger takes no more lines"
        );
        assert_eq!(*log.borrow(), ["a", "b", "cleanup"]);
    }
}
