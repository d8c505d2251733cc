// close_or_drop: what runs when a coroutine is closed, dropped or thrown into
//
// A coroutine can end in several ways, and different cleanup code runs in each. In Python:
//
//   class Oops(Exception): pass
//
//   def watched(log):
//       log.append("body starts")
//       try:
//           while True:
//               try:
//                   yield
//                   log.append("got a value")
//               except GeneratorExit:
//                   log.append("close arm")
//                   return "closed"
//               except Oops:
//                   log.append("throw arm")
//                   raise
//       finally:
//           log.append("guard dropped")
//
// `watched` below is the same coroutine in coro: the `finally` is a guard whose `Drop` logs,
// and the `except` clauses are arms of a match on what `yield_` returns. Beware: Python and
// coro do not agree on every scenario. In CPython, a suspended generator that is garbage
// collected is closed, so its `except GeneratorExit` runs; think about what dropping a coro
// coroutine does to its body.
//
// Why these answers: see the comment on `PREDICTIONS`.

use coro::{Coroutine, Interrupt};
use std::cell::RefCell;
use std::rc::Rc;

type Log = Rc<RefCell<Vec<&'static str>>>;

/// The error thrown in by scenario 4.
#[derive(Debug, PartialEq)]
struct Oops;

/// Logs "guard dropped" when it is dropped.
struct Guard(Log);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.borrow_mut().push("guard dropped");
    }
}

/// Logs what happens to it; see the Python above.
fn watched(log: Log) -> Coroutine<(), u32, &'static str, Oops> {
    Coroutine::new(move |co| async move {
        log.borrow_mut().push("body starts");
        let _guard = Guard(log.clone());
        loop {
            match co.yield_(()).await {
                Ok(_) => log.borrow_mut().push("got a value"),
                Err(Interrupt::Close) => {
                    log.borrow_mut().push("close arm");
                    return Ok("closed");
                }
                Err(thrown) => {
                    log.borrow_mut().push("throw arm");
                    return Err(thrown);
                }
            }
        }
    })
}

/// The log after each scenario. Close resumes the body: the Close arm logs, then returning
/// drops the guard. Drop does not resume it: only the destructors of its locals run, so the
/// Close arm never runs (CPython's garbage collector would close the generator instead). A
/// coroutine never primed has run nothing and owns no guard yet. A handled value and a thrown
/// error each take their own arm; letting the error out drops the guard. Once closed, a
/// coroutine has no body left, so nothing runs again.
const PREDICTIONS: [&[&str]; 6] = [
    &["body starts", "close arm", "guard dropped"],
    &["body starts", "guard dropped"],
    &[],
    &[],
    &["body starts", "got a value", "throw arm", "guard dropped"],
    &["body starts", "close arm", "guard dropped"],
];

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Why each prediction matters, said without giving the log.
    const WHY: [&str; 6] = [
        "scenario 0 (prime, then close) is wrong: close resumes the body at its yield_. Which \
         arm runs, and is the guard dropped before or after that arm has logged?",
        "scenario 1 (prime, then drop) is wrong: dropping does not resume the body. What \
         happens to the locals of a body that is never resumed again? Python differs here.",
        "scenario 2 (never primed, close) is wrong: how much of the body has run when close \
         is called on a coroutine that was never primed, and does close run any of it?",
        "scenario 3 (never primed, drop) is wrong: the body never ran. Which of its locals \
         exist yet?",
        "scenario 4 (prime, send(1), throw(Oops)) is wrong: follow the 1 to its arm, then the \
         thrown Oops to its arm, then ask when the guard goes",
        "scenario 5 (prime, close, close again, drop) is wrong: what is left to run after the \
         first close? Closing twice and dropping a closed coroutine run nothing.",
    ];

    fn scenario(number: usize) -> Vec<&'static str> {
        let log = Log::default();
        let mut c = watched(log.clone());
        match number {
            0 => {
                c.prime().unwrap();
                c.close().unwrap();
            }
            1 => {
                c.prime().unwrap();
                drop(c);
            }
            2 => {
                c.close().unwrap();
            }
            3 => drop(c),
            4 => {
                c.prime().unwrap();
                c.send(1).unwrap();
                let _ = c.throw(Oops);
            }
            _ => {
                c.prime().unwrap();
                c.close().unwrap();
                c.close().unwrap();
                drop(c);
            }
        }
        let logged = log.borrow().clone();
        logged
    }

    #[test]
    fn your_predictions_match_what_runs() {
        // A const, so that the predictions are written down rather than computed by running
        // `watched`.
        const PREDICTED: [&[&str]; 6] = PREDICTIONS;
        let predicted = PREDICTED;
        let wrong: Vec<&str> = (0..6)
            .filter(|&i| predicted[i] != scenario(i).as_slice())
            .map(|i| WHY[i])
            .collect();
        assert!(
            wrong.is_empty(),
            "{} of 6 predictions are wrong:\n- {}",
            wrong.len(),
            wrong.join("\n- ")
        );
    }
}
