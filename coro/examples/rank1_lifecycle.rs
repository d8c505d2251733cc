//! The life of a coroutine, step by step: what its body has run and what state it is in after
//! `new`, `prime`, each `send`, `close`, and `drop`.
//!
//! Run it with `cargo run -p coro --example rank1_lifecycle`.

use coro::{Coroutine, State, Step};
use std::cell::RefCell;
use std::rc::Rc;

type Log = Rc<RefCell<Vec<String>>>;

/// Writes to the log when it is dropped, like a `finally:` block.
struct Guard(Log);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.borrow_mut().push("guard dropped".to_string());
    }
}

/// Yields 1, 2, 3 and returns "liftoff", writing to `log` as it goes.
fn launch(log: Log) -> Coroutine<u32, (), &'static str> {
    Coroutine::new(move |co| async move {
        log.borrow_mut().push("body started".to_string());
        let _guard = Guard(log.clone());
        for i in 1..=3 {
            log.borrow_mut().push(format!("yielding {i}"));
            co.yield_(i).await?;
            log.borrow_mut().push(format!("resumed after {i}"));
        }
        Ok("liftoff")
    })
}

/// Prints what an action returned, the state after it, and what the body logged meanwhile.
/// `state` is `None` once the coroutine is gone.
fn show<T: std::fmt::Debug>(action: &str, result: T, state: Option<State>, log: &Log) {
    println!("{action:<14} -> {result:?}");
    match state {
        Some(state) => println!("{:<14}    state: {state:?}", ""),
        None => println!("{:<14}    (the coroutine is gone)", ""),
    }
    for line in log.borrow_mut().drain(..) {
        println!("{:<14}    body: {line}", "");
    }
}

fn main() {
    println!("== a coroutine run to its end ==");
    let log = Log::default();
    let mut c = launch(log.clone());
    show("new", (), Some(c.state()), &log);
    let step = c.prime();
    show("prime()", step, Some(c.state()), &log);
    loop {
        let step = c.send(());
        let done = matches!(step, Ok(Step::Complete(_)));
        show("send(())", step, Some(c.state()), &log);
        if done {
            break;
        }
    }
    let step = c.send(());
    show("send(())", step, Some(c.state()), &log);

    println!();
    println!("== a coroutine closed in the middle ==");
    let mut c = launch(log.clone());
    let step = c.prime();
    show("prime()", step, Some(c.state()), &log);
    let closed = c.close();
    show("close()", closed, Some(c.state()), &log);
    let closed = c.close();
    show("close() again", closed, Some(c.state()), &log);

    println!();
    println!("== a coroutine dropped in the middle ==");
    let mut c = launch(log.clone());
    let step = c.prime();
    show("prime()", step, Some(c.state()), &log);
    drop(c);
    show("drop", (), None, &log);
    println!("(the code after the yield it was stopped at never ran)");
}
