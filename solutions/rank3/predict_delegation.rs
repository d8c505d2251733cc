// predict_delegation: follow one send through `co.delegate` (solution)
//
// Why these are the answers:
// - 1, 2. Priming `outer` runs its body to `co.delegate`, which primes `pair`; `pair` runs to
//   its first `yield_`, and delegation passes that value out: `prime` answers `Yielded("a?")`.
//   Both bodies have started, outer first.
// - 3, 4. `send(2)` goes through `outer` into `pair`, whose second `yield_` returns 2. `pair`
//   returns 1 * 10 + 2 = 12, its guard drops as its body ends, `delegate` evaluates to 12, and
//   `outer` carries on, logs, and stops at its own `yield_("c?")`, all within the same send: the
//   caller sees `Yielded("c?")`, never the sub-coroutine's return value.
// - 5. `send(3)` resumes `outer` at "c?"; it returns, so the send answers `Complete`.
// - 6, 7. A close during delegation reaches `pair` first: its `yield_` returns
//   `Err(Interrupt::Close)`, it logs that it returns -1, returns, and its guard drops. But `delegate` does
//   not hand that -1 to `outer`: as in PEP 380, the close is passed on to the delegating
//   coroutine, so `delegate` evaluates to `Err(Interrupt::Close)`. `outer` logs and returns
//   "closed early", which `close()` answers as `Ok(Some(..))`.
// - 8. Once `pair` has finished, nobody is left to catch a close: `outer` waits at its own
//   `yield_("c?").await?`, and the `?` unwinds it with no value, so `close()` answers
//   `Ok(None)`.
// - 9. Dropping `outer` mid-delegation resumes nothing: both bodies are dropped with their
//   locals, so the only new entry is the guard's.

use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;

use coro::{Coroutine, Error, Interrupt, Step};

type Log = Rc<RefCell<Vec<String>>>;
/// What `prime()` and `send()` answer for `outer`, with its `String` result written as a
/// `&str`: a const cannot build a `String`.
type Reply = Result<Step<&'static str, &'static str>, Error<i32, Infallible>>;
/// What `close()` answers for `outer`, the `String` written as a `&str`.
type CloseReply = Result<Option<&'static str>, Error<i32, Infallible>>;

/// Logs "pair dropped" when it is dropped, whatever the reason.
struct Guard(Log);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.borrow_mut().push("pair dropped".to_string());
    }
}

/// Asks "a?" and "b?"; returns a * 10 + b. Closed, it returns -1 instead of unwinding.
fn pair(log: Log) -> Coroutine<&'static str, i32, i32> {
    Coroutine::new(move |co| async move {
        log.borrow_mut().push("pair starts".to_string());
        let _guard = Guard(log.clone());
        let mut answers = Vec::new();
        for question in ["a?", "b?"] {
            match co.yield_(question).await {
                Ok(n) => answers.push(n),
                Err(Interrupt::Close) => {
                    let unfinished = -1;
                    log.borrow_mut().push(format!("pair returns {unfinished}"));
                    return Ok(unfinished);
                }
                Err(other) => return Err(other),
            }
        }
        Ok(answers[0] * 10 + answers[1])
    })
}

/// Delegates to `pair`, then asks "c?" itself.
fn outer(log: Log) -> Coroutine<&'static str, i32, String> {
    Coroutine::new(move |co| async move {
        log.borrow_mut().push("outer starts".to_string());
        let n = match co.delegate(pair(log.clone())).await {
            Ok(n) => n,
            Err(Interrupt::Close) => {
                log.borrow_mut().push("outer saw close".to_string());
                return Ok("closed early".to_string());
            }
            Err(other) => return Err(other),
        };
        log.borrow_mut().push(format!("outer got {n}"));
        let last = co.yield_("c?").await?;
        Ok(format!("{n} and {last}"))
    })
}

// Run 1: `let mut c = outer(log);`
// 1. `c.prime()` answers:
const P1_PRIME: Reply = Ok(Step::Yielded("a?"));
// 2. the log after prime:
const P2_LOG: &[&str] = &["outer starts", "pair starts"];
// `c.send(1)` answers `Ok(Step::Yielded("b?"))` (given). Then:
// 3. `c.send(2)` answers:
const P3_SEND: Reply = Ok(Step::Yielded("c?"));
// 4. the log after that send:
const P4_LOG: &[&str] = &[
    "outer starts",
    "pair starts",
    "pair dropped",
    "outer got 12",
];
// 5. `c.send(3)` answers:
const P5_SEND: Reply = Ok(Step::Complete("12 and 3"));

// Run 2: a fresh `outer(log)`; `c.prime(); c.send(1);` then
// 6. `c.close()` answers:
const P6_CLOSE: CloseReply = Ok(Some("closed early"));
// 7. the log after that close:
const P7_LOG: &[&str] = &[
    "outer starts",
    "pair starts",
    "pair returns -1",
    "pair dropped",
    "outer saw close",
];

// Run 3: a fresh `outer(log)`; `c.prime(); c.send(1); c.send(2);` then
// 8. `c.close()` answers:
const P8_CLOSE: CloseReply = Ok(None);

// Run 4: a fresh `outer(log)`; `c.prime(); c.send(1); drop(c);`
// 9. the log after the drop:
const P9_LOG: &[&str] = &["outer starts", "pair starts", "pair dropped"];

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

    fn logged(log: &Log, prediction: &[&str]) -> bool {
        *log.borrow() == prediction
    }

    /// Whether a predicted reply is what `prime` or `send` answered.
    fn same_reply(
        prediction: Reply,
        reply: &Result<Step<&str, String>, Error<i32, Infallible>>,
    ) -> bool {
        match (prediction, reply) {
            (Ok(Step::Yielded(p)), Ok(Step::Yielded(r))) => p == *r,
            (Ok(Step::Complete(p)), Ok(Step::Complete(r))) => p == r.as_str(),
            (Err(p), Err(r)) => p == *r,
            _ => false,
        }
    }

    /// Whether a predicted close reply is what `close` answered.
    fn same_close(
        prediction: CloseReply,
        reply: &Result<Option<String>, Error<i32, Infallible>>,
    ) -> bool {
        match (prediction, reply) {
            (Ok(p), Ok(r)) => p == r.as_deref(),
            (Err(p), Err(r)) => p == *r,
            _ => false,
        }
    }

    #[test]
    fn run_1_prime_reaches_the_sub_coroutine() {
        let log = Log::default();
        let mut c = outer(log.clone());
        let reply = c.prime();
        verdict(
            same_reply(P1_PRIME, &reply),
            "1 (what prime answers)",
            "which body reaches a yield_ first, and where does its value go?",
        );
        verdict(
            logged(&log, P2_LOG),
            "2 (the log after prime)",
            "how far does prime run, and through how many bodies?",
        );
    }

    #[test]
    fn run_1_the_send_that_finishes_the_sub_coroutine() {
        let log = Log::default();
        let mut c = outer(log.clone());
        c.prime().unwrap();
        assert!(
            c.send(1) == Ok(Step::Yielded("b?")),
            "outer or pair was changed: send(1) must answer Yielded(\"b?\")"
        );
        let reply = c.send(2);
        verdict(
            same_reply(P3_SEND, &reply),
            "3 (what send(2) answers)",
            "pair returns during this send; does the send stop there, or does outer run on?",
        );
        verdict(
            logged(&log, P4_LOG),
            "4 (the log after send(2))",
            "list every entry in order: when does pair's guard drop, and what number did \
             delegate hand to outer?",
        );
        let reply = c.send(3);
        verdict(
            same_reply(P5_SEND, &reply),
            "5 (what send(3) answers)",
            "where is outer suspended, and what does it do with the 3?",
        );
    }

    #[test]
    fn run_2_close_during_delegation() {
        let log = Log::default();
        let mut c = outer(log.clone());
        c.prime().unwrap();
        c.send(1).unwrap();
        let reply = c.close();
        verdict(
            same_close(P6_CLOSE, &reply),
            "6 (what close answers mid-delegation)",
            "pair returns a value when closed; does delegate hand it to outer, or pass the \
             close on? Follow outer's match",
        );
        verdict(
            logged(&log, P7_LOG),
            "7 (the log after that close)",
            "which body sees the close first, and in which order do the entries of pair, \
             its guard and outer come?",
        );
    }

    #[test]
    fn run_3_close_after_delegation() {
        let log = Log::default();
        let mut c = outer(log.clone());
        c.prime().unwrap();
        c.send(1).unwrap();
        c.send(2).unwrap();
        let reply = c.close();
        verdict(
            same_close(P8_CLOSE, &reply),
            "8 (what close answers at \"c?\")",
            "pair has finished; which yield_ is outer waiting at, and what does its `?` do \
             with a close?",
        );
        assert_eq!(
            c.state(),
            coro::State::Closed,
            "a closed coroutine is Closed"
        );
    }

    #[test]
    fn run_4_drop_during_delegation() {
        let log = Log::default();
        let mut c = outer(log.clone());
        c.prime().unwrap();
        c.send(1).unwrap();
        drop(c);
        verdict(
            logged(&log, P9_LOG),
            "9 (the log after dropping outer mid-delegation)",
            "does dropping a coroutine resume any body, so that a Close arm runs?",
        );
    }
}
