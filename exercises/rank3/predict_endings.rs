// predict_endings: the ways a stateful coroutine stops (predict)
//
// A stateful coroutine can stop in several ways, and they are not alike: what runs, what is
// logged, and what the caller gets back differ. Python's rules for comparison:
//
//     def counter():
//         print("started")
//         count = 0
//         try:
//             while True:
//                 value = yield
//                 if value is None:
//                     return count          # gen.send(None) raises StopIteration(count)
//                 count += 1
//         except GeneratorExit:
//             return count                  # gen.close() returns count (Python 3.13)
//
// In CPython, a generator that is garbage-collected while suspended is closed, so its
// `except GeneratorExit` runs. Whether `coro` does the same when a coroutine is dropped is one
// of the things to predict below.
//
// `counter` below is correct; do not change it. For each scenario, replace each
// `panic!("your prediction")` with what you expect: the log (the entries, in order) and the
// replies of `close()` and `send()`. The predictions are `const` items: you write the values
// down, and a const cannot run a coroutine to find them. Until every one is written the file
// does not compile, and each missing one is reported as "your prediction". Work them out from
// the code and the notes; the tests tell you which prediction is wrong, never what happened.

use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;

use coro::{Coroutine, Error, Interrupt, Step};

type Log = Rc<RefCell<Vec<&'static str>>>;
/// What `close()` answers for this coroutine.
type CloseReply = Result<Option<u32>, Error<Option<u32>, Infallible>>;
/// What `send()` answers for this coroutine.
type SendReply = Result<Step<(), u32>, Error<Option<u32>, Infallible>>;

/// Logs "guard dropped" when it is dropped, whatever the reason.
struct Guard(Log);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.borrow_mut().push("guard dropped");
    }
}

/// Counts the values it is sent; returns the count on the sentinel `None` or on close.
fn counter(log: Log) -> Coroutine<(), Option<u32>, u32> {
    Coroutine::new(move |co| async move {
        log.borrow_mut().push("started");
        let _guard = Guard(log.clone());
        let mut count = 0;
        loop {
            match co.yield_(()).await {
                Ok(Some(_)) => count += 1,
                Ok(None) => {
                    log.borrow_mut().push("sentinel seen");
                    return Ok(count);
                }
                Err(Interrupt::Close) => {
                    log.borrow_mut().push("close seen");
                    return Ok(count);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

// Scenario A: `let c = counter(log); drop(c);`
const A_LOG: &[&str] = panic!("your prediction");

// Scenario B: `let mut c = counter(log); let reply = c.close();`
const B_CLOSE: CloseReply = panic!("your prediction");
const B_LOG: &[&str] = panic!("your prediction");

// Scenario C: `c.prime(); c.send(Some(1)); c.send(Some(2)); let reply = c.close();`
const C_CLOSE: CloseReply = panic!("your prediction");
const C_LOG: &[&str] = panic!("your prediction");

// Scenario D: `c.prime(); c.send(Some(1)); drop(c);`
const D_LOG: &[&str] = panic!("your prediction");

// Scenario E: `c.prime(); c.send(Some(5)); let reply = c.send(None); let again = c.close();`
const E_SEND_NONE: SendReply = panic!("your prediction");
const E_CLOSE_AGAIN: CloseReply = panic!("your prediction");
const E_LOG: &[&str] = panic!("your prediction");

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    // The checks below never print what really happened: work it out, then run again.
    fn verdict(ok: bool, checkpoint: &str, why: &str) {
        if !ok {
            panic!("prediction {checkpoint} is wrong: {why}");
        }
    }

    #[test]
    fn a_drop_before_prime() {
        let log = Log::default();
        let c = counter(log.clone());
        drop(c);
        verdict(
            *log.borrow() == A_LOG,
            "A (the log after dropping an unprimed counter)",
            "when does the body of a coroutine start to run?",
        );
    }

    #[test]
    fn b_close_before_prime() {
        let log = Log::default();
        let mut c = counter(log.clone());
        let reply = c.close();
        verdict(
            B_CLOSE == reply,
            "B1 (what close() answers before prime)",
            "can a body that never ran have returned a count?",
        );
        verdict(
            *log.borrow() == B_LOG,
            "B2 (the log after closing an unprimed counter)",
            "does close() start a body that was never primed?",
        );
    }

    #[test]
    fn c_close_after_two_values() {
        let log = Log::default();
        let mut c = counter(log.clone());
        c.prime().unwrap();
        c.send(Some(1)).unwrap();
        c.send(Some(2)).unwrap();
        let reply = c.close();
        verdict(
            C_CLOSE == reply,
            "C1 (what close() answers after two values)",
            "close resumes the body at its yield_; follow the arm that runs to its return",
        );
        verdict(
            *log.borrow() == C_LOG,
            "C2 (the log after that close)",
            "list every entry in order: which arm logs, and when is the guard, a local of the \
             body, dropped relative to that arm?",
        );
    }

    #[test]
    fn d_drop_after_one_value() {
        let log = Log::default();
        let mut c = counter(log.clone());
        c.prime().unwrap();
        c.send(Some(1)).unwrap();
        drop(c);
        verdict(
            *log.borrow() == D_LOG,
            "D (the log after dropping a suspended counter)",
            "does dropping a coroutine resume its body, so that an arm of the match runs?",
        );
    }

    #[test]
    fn e_sentinel_then_close() {
        let log = Log::default();
        let mut c = counter(log.clone());
        c.prime().unwrap();
        c.send(Some(5)).unwrap();
        let reply = c.send(None);
        verdict(
            E_SEND_NONE == reply,
            "E1 (what send(None) answers)",
            "the sentinel arm returns: what does send() report when the body returns, and \
             how many values were counted?",
        );
        let again = c.close();
        verdict(
            E_CLOSE_AGAIN == again,
            "E2 (what close() answers after the sentinel)",
            "what is left to resume in a coroutine whose body has returned?",
        );
        verdict(
            *log.borrow() == E_LOG,
            "E3 (the log at the end)",
            "list every entry in order; did the close add anything?",
        );
    }
}
