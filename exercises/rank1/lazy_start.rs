// lazy_start: nothing runs until you drive it
//
// Making a coroutine runs none of its body. `prime` runs it to the first `yield_`; each `send`
// runs it from there to the next one. Dropping a suspended coroutine drops its locals, so their
// destructors run, but the code after the last `yield_` it reached never runs.
//
// Python:                             coro:
//   g = steps()    # nothing yet        let mut c = steps(log); // nothing yet
//   next(g)        # runs to yield      c.prime();              // runs to yield_
//   del g          # close(), cleanup   drop(c);                // locals dropped
//
// What to do: read `steps` and predict the log at each checkpoint of the test. Replace every
// `???` with your prediction, e.g. `&["start"]`, then save and see whether you were right.

use coro::Coroutine;
use std::cell::RefCell;
use std::rc::Rc;

type Log = Rc<RefCell<Vec<&'static str>>>;

/// Writes "dropped" to the log when it is dropped.
struct Guard(Log);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.borrow_mut().push("dropped");
    }
}

fn steps(log: Log) -> Coroutine<u32> {
    Coroutine::new(move |co| async move {
        log.borrow_mut().push("start");
        let _guard = Guard(log.clone());
        co.yield_(1).await?;
        log.borrow_mut().push("resumed");
        co.yield_(2).await?;
        log.borrow_mut().push("finished");
        Ok(())
    })
}

// Your predictions: the log at each checkpoint of the test `the_log_matches_your_predictions`.
// TODO: replace each ??? with the log you expect, written like &[] or &["a", "b"].
const AFTER_NEW: &[&str] = ???; // right after `steps(log)`
const AFTER_PRIME: &[&str] = ???; // after `c.prime()`
const AFTER_SEND: &[&str] = ???; // after one `c.send(())`
const AFTER_DROP: &[&str] = ???; // after `drop(c)`

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_matches_your_predictions() {
        let log: Log = Rc::default();
        let mut c = steps(log.clone());
        assert_eq!(
            *log.borrow(),
            AFTER_NEW,
            "AFTER_NEW: making a coroutine runs none of its body"
        );
        c.prime().unwrap();
        assert_eq!(
            *log.borrow(),
            AFTER_PRIME,
            "AFTER_PRIME: prime runs the body up to its first yield_ and stops there"
        );
        c.send(()).unwrap();
        assert_eq!(
            *log.borrow(),
            AFTER_SEND,
            "AFTER_SEND: send runs from the first yield_ to the second, no further"
        );
        drop(c);
        assert_eq!(
            *log.borrow(),
            AFTER_DROP,
            "AFTER_DROP: dropping a suspended coroutine drops its locals (the guard), \
             but never runs the code after the yield_ it is stopped at"
        );
    }
}
