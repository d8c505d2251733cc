// lazy_start: nothing runs until you drive it
//
// Calling a generator function in Python runs none of its body: it only makes the generator.
// The body runs when the generator is driven, and only as far as the next `yield`. A generator
// that is thrown away before it finishes never runs the rest of its body; what Python does run
// then is its cleanup (the `finally:` blocks).
//
// Python:
//
//     def steps(log):
//         log.append("start")
//         try:
//             yield 1
//             log.append("resumed")
//             yield 2
//             log.append("finished")
//         finally:
//             log.append("dropped")
//
// `steps` below is the same body in Rust. The `finally:` is a guard: a local whose destructor
// writes "dropped" to the log when the guard goes away, however that happens.
//
// Why it works: the body is a future, and only `prime`, `send` (and `next`, which calls them)
// run it, each time up to the next `yield_`. A coroutine dropped before it started never made
// its guard. Dropping a suspended one drops the locals it holds (the guard) without running
// the code after the `yield_` it is stopped at. Closing one makes that `yield_` return an
// error, which `?` passes on: the body ends there, and its guard is dropped as it leaves. A
// body that runs to its end pushes "finished" and then, leaving its block, drops the guard.
// `take(1)` pulls one value, so the body runs to its first `yield_`; the `Take` owns the
// coroutine, and both are dropped by the end of that statement.

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

// Your predictions: what the log holds at each checkpoint of the tests below.
const AFTER_NEW: &[&str] = &[];
const AFTER_PRIME: &[&str] = &["start"];
const AFTER_SEND: &[&str] = &["start", "resumed"];
const AFTER_DROP: &[&str] = &["start", "resumed", "dropped"];
const CLOSED_AFTER_PRIME: &[&str] = &["start", "dropped"];
const CLOSED_AFTER_SEND: &[&str] = &["start", "resumed", "dropped"];
const DROPPED_UNSTARTED: &[&str] = &[];
const AFTER_TAKE_ONE: &[&str] = &["start", "dropped"];
const RUN_TO_THE_END: &[&str] = &["start", "resumed", "finished", "dropped"];

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is wrong with the prediction `name`, if the log is not it. It never holds the log
    /// itself: the point is to work it out.
    fn mistake(log: &Log, prediction: &[&str], name: &str, why: &str) -> Option<String> {
        let right = log.borrow().as_slice() == prediction;
        (!right).then(|| format!("your prediction {name} is wrong. {why}"))
    }

    /// Fails with `why` if the log is not the prediction.
    fn check(log: &Log, prediction: &[&str], name: &str, why: &str) {
        if let Some(message) = mistake(log, prediction, name, why) {
            panic!("{message}");
        }
    }

    #[test]
    fn drive_it_step_by_step_then_drop_it() {
        let log: Log = Rc::default();
        let mut c = steps(log.clone());
        // Every checkpoint is checked, and all the wrong ones are reported together.
        let mut mistakes = Vec::new();
        mistakes.extend(mistake(
            &log,
            AFTER_NEW,
            "AFTER_NEW",
            "What does making a coroutine run of its body?",
        ));
        c.prime().unwrap();
        mistakes.extend(mistake(
            &log,
            AFTER_PRIME,
            "AFTER_PRIME",
            "prime runs the body from its first line: where does it stop?",
        ));
        c.send(()).unwrap();
        mistakes.extend(mistake(
            &log,
            AFTER_SEND,
            "AFTER_SEND",
            "send carries on from where the body stopped: how far does it get this time?",
        ));
        drop(c);
        mistakes.extend(mistake(
            &log,
            AFTER_DROP,
            "AFTER_DROP",
            "Dropping a suspended coroutine: which code runs, and which never does?",
        ));
        assert!(mistakes.is_empty(), "{}", mistakes.join("\n"));
    }

    #[test]
    fn close_it_at_its_first_yield() {
        let log: Log = Rc::default();
        let mut c = steps(log.clone());
        c.prime().unwrap();
        assert!(c.close() == Ok(None), "closing a suspended coroutine works");
        check(
            &log,
            CLOSED_AFTER_PRIME,
            "CLOSED_AFTER_PRIME",
            "close() makes the yield_ the body is stopped at return an error, and `?` passes \
             it on. What runs after that, and what is dropped?",
        );
    }

    #[test]
    fn close_it_at_its_second_yield() {
        let log: Log = Rc::default();
        let mut c = steps(log.clone());
        c.prime().unwrap();
        c.send(()).unwrap();
        assert!(c.close() == Ok(None), "closing a suspended coroutine works");
        check(
            &log,
            CLOSED_AFTER_SEND,
            "CLOSED_AFTER_SEND",
            "Where is the body stopped when close() comes, and does any more of it run?",
        );
    }

    #[test]
    fn drop_it_before_it_starts() {
        let log: Log = Rc::default();
        let c = steps(log.clone());
        drop(c);
        check(
            &log,
            DROPPED_UNSTARTED,
            "DROPPED_UNSTARTED",
            "This coroutine was never driven. Did its guard ever exist?",
        );
    }

    #[test]
    fn take_one_value_as_an_iterator() {
        let log: Log = Rc::default();
        let first: Vec<u32> = steps(log.clone()).take(1).collect();
        assert!(first == [1], "take(1) gives the first value");
        check(
            &log,
            AFTER_TAKE_ONE,
            "AFTER_TAKE_ONE",
            "take(1) pulls one value. How far does that run the body, and what happens to \
             the coroutine when the statement ends?",
        );
    }

    #[test]
    fn run_it_to_the_end() {
        let log: Log = Rc::default();
        let values: Vec<u32> = steps(log.clone()).collect();
        assert!(values == [1, 2], "steps yields 1, then 2");
        check(
            &log,
            RUN_TO_THE_END,
            "RUN_TO_THE_END",
            "Iterating to the end runs the whole body. In which order do its last line and \
             the end of its block come?",
        );
    }
}
