// delegate_basics: a coroutine made of smaller coroutines
//
// `co.delegate(sub).await` runs the coroutine `sub` inside the current one until `sub`
// returns, and evaluates to its return value: Python's `x = yield from sub()` (PEP 380). While
// it runs, everything `sub` yields goes straight to the caller, and everything the caller sends,
// throws or closes goes straight to `sub`. So a reader of a message can be built from a reader
// of the header and a reader of the body, each a coroutine of its own.
//
// Python:                                  coro:
//   def read_message():                      Coroutine::new(|co| async move {
//       n = yield from read_header()             let n = co.delegate(read_header()).await?;
//       body = yield from read_body(n)           let body = co.delegate(read_body(n)).await?;
//       return Message(n, body)                  Ok(Message { len: n, body })
//
// What to do: write `read_message` with two delegations. The sub-readers are given.

use std::cell::RefCell;
use std::rc::Rc;

use coro::Coroutine;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub len: usize,
    pub body: Vec<String>,
}

pub type Log = Rc<RefCell<Vec<String>>>;

/// Asks for a header line `LEN n` and returns n (0 for a header it cannot read).
fn read_header() -> Coroutine<&'static str, String, usize> {
    Coroutine::new(|co| async move {
        let line: String = co.yield_("header?").await?;
        Ok(line
            .strip_prefix("LEN ")
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0))
    })
}

/// Asks for `len` body lines and returns them. Logs when it is dropped, whatever the reason.
fn read_body(len: usize, log: Log) -> Coroutine<&'static str, String, Vec<String>> {
    Coroutine::new(move |co| async move {
        struct Cleanup(Log);
        impl Drop for Cleanup {
            fn drop(&mut self) {
                self.0
                    .borrow_mut()
                    .push("body reader cleaned up".to_string());
            }
        }
        let _cleanup = Cleanup(log);
        let mut body = Vec::with_capacity(len);
        for _ in 0..len {
            body.push(co.yield_("body?").await?);
        }
        Ok(body)
    })
}

/// Reads one message: a header, then as many body lines as it announces.
fn read_message(log: Log) -> Coroutine<&'static str, String, Message> {
    Coroutine::new(move |co| async move {
        // TODO: delegate to read_header(), then to read_body(len, log), and return the Message.
        todo!("two delegations")
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{State, Step};

    #[test]
    fn the_sub_readers_prompts_reach_the_caller_and_the_message_comes_back() {
        let mut m = read_message(Log::default());
        assert_eq!(
            m.prime(),
            Ok(Step::Yielded("header?")),
            "the header reader asks first"
        );
        assert_eq!(m.send("LEN 3".into()), Ok(Step::Yielded("body?")));
        assert_eq!(m.send("a".into()), Ok(Step::Yielded("body?")));
        assert_eq!(m.send("b".into()), Ok(Step::Yielded("body?")));
        assert_eq!(
            m.send("c".into()),
            Ok(Step::Complete(Message {
                len: 3,
                body: vec!["a".into(), "b".into(), "c".into()]
            })),
            "the body reader's return value becomes part of the message"
        );
    }

    #[test]
    fn an_empty_body_completes_right_after_the_header() {
        let mut m = read_message(Log::default());
        m.prime().unwrap();
        assert_eq!(
            m.send("LEN 0".into()),
            Ok(Step::Complete(Message {
                len: 0,
                body: vec![]
            }))
        );
    }

    #[test]
    fn closing_during_the_body_runs_the_body_readers_cleanup() {
        let log = Log::default();
        let mut m = read_message(log.clone());
        m.prime().unwrap();
        m.send("LEN 2".into()).unwrap();
        m.send("a".into()).unwrap();
        assert!(
            log.borrow().is_empty(),
            "nothing is cleaned up while the body is being read"
        );
        assert_eq!(m.close(), Ok(None));
        assert_eq!(
            *log.borrow(),
            ["body reader cleaned up"],
            "the close reached the sub-reader"
        );
        assert_eq!(m.state(), State::Closed);
    }
}
