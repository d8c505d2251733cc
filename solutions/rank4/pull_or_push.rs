// pull_or_push: predict who runs when, in a pull chain and in a push chain
//
// Why these predictions are right:
// - Pull: building `evens(numbers())` runs nothing; generators start on the first `next()`.
//   The consumer asks first ("ask"), and only then do the stages run, innermost last to be
//   asked and first to act: `evens` asks `numbers`, which makes 1; `evens` drops it and asks
//   again; `numbers` makes 2; `evens` keeps it; the consumer gets 20. Three values (20, 40, 60)
//   need the numbers up to 6, so six are made: no more than asked for.
// - Push: both stages are primed when they are made, and the printer is made first because it
//   is the argument of `evens_push`: "printer ready", then "filter ready". Each send runs the
//   whole chain for that number before it returns: 1 is dropped at once; 2 is kept and printed
//   within the same send; 3 is dropped. Closing the filter runs its Close arm, which closes the
//   printer: "filter done", then "printer done"; the printer returns how many it printed.

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

// Your predictions. Replace each placeholder.

/// Pull: the trace right after the chain is built.
const PULL_BUILT: &[&str] = &[];
/// Pull: the trace after the consumer has asked for and got its first value.
const PULL_FIRST: &[&str] = &["ask", "make 1", "make 2", "keep 2", "got 20"];
/// Pull: how many numbers `numbers` has made once the consumer has taken three values.
const MADE_FOR_THREE: usize = 6;
/// Push: the trace right after the chain is built.
const PUSH_BUILT: &[&str] = &["printer ready", "filter ready"];
/// Push: the trace after 1, 2 and 3 have been sent.
const PUSH_SENT: &[&str] = &[
    "printer ready",
    "filter ready",
    "send 1",
    "send 2",
    "keep 2",
    "print 20",
    "send 3",
];
/// Push: the trace after the filter is closed.
const PUSH_CLOSED: &[&str] = &[
    "printer ready",
    "filter ready",
    "send 1",
    "send 2",
    "keep 2",
    "print 20",
    "send 3",
    "filter done",
    "printer done",
];

pub type Trace = Rc<RefCell<Vec<String>>>;

fn note(trace: &Trace, line: String) {
    trace.borrow_mut().push(line);
}

/// Pull source: 1, 2, 3, ... forever.
fn numbers(trace: Trace) -> Coroutine<u32> {
    Coroutine::new(move |co| async move {
        for n in 1.. {
            note(&trace, format!("make {n}"));
            co.yield_(n).await?;
        }
        Ok(())
    })
}

/// Pull filter: the even numbers of `source`, times ten.
fn evens(source: Coroutine<u32>, trace: Trace) -> Coroutine<u32> {
    Coroutine::new(move |co| async move {
        for n in source {
            if n % 2 == 0 {
                note(&trace, format!("keep {n}"));
                co.yield_(n * 10).await?;
            }
        }
        Ok(())
    })
}

/// Push sink: prints what it is sent; returns how many it printed when closed.
fn printer(trace: Trace) -> Coroutine<(), u32, u32> {
    Coroutine::primed(move |co| async move {
        note(&trace, "printer ready".to_string());
        let mut printed = 0;
        loop {
            match co.yield_(()).await {
                Ok(value) => {
                    note(&trace, format!("print {value}"));
                    printed += 1;
                }
                Err(Interrupt::Close) => {
                    note(&trace, "printer done".to_string());
                    return Ok(printed);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// Push filter: sends the even numbers it is sent, times ten, to `sink`.
fn evens_push(mut sink: Coroutine<(), u32, u32>, trace: Trace) -> Coroutine<(), u32, u32> {
    Coroutine::primed(move |co| async move {
        note(&trace, "filter ready".to_string());
        loop {
            match co.yield_(()).await {
                Ok(n) => {
                    if n % 2 == 0 {
                        note(&trace, format!("keep {n}"));
                        sink.send(n * 10).expect("the printer takes every value");
                    }
                }
                Err(Interrupt::Close) => {
                    note(&trace, "filter done".to_string());
                    return Ok(sink.close().ok().flatten().unwrap_or(0));
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// What actually happens, at each checkpoint.
pub struct Observed {
    pull_built: Vec<String>,
    pull_first: Vec<String>,
    made_for_three: usize,
    pull_closed: bool,
    push_built: Vec<String>,
    push_sent: Vec<String>,
    push_closed: Vec<String>,
    printed: Option<u32>,
}

/// The scenario whose checkpoints you predict. Do not change it.
fn scenario() -> Observed {
    let trace = Trace::default();
    let snapshot = || trace.borrow().clone();

    // Pull: the consumer drives.
    let mut chain = evens(numbers(trace.clone()), trace.clone());
    let pull_built = snapshot();
    note(&trace, "ask".to_string());
    let first = chain.next().expect("there are even numbers");
    note(&trace, format!("got {first}"));
    let pull_first = snapshot();
    chain.next();
    chain.next();
    let made_for_three = trace.borrow().iter().filter(|l| l.starts_with("make")).count();
    let pull_closed = chain.close().is_ok();

    // Push: the producer drives.
    trace.borrow_mut().clear();
    let mut chain = evens_push(printer(trace.clone()), trace.clone());
    let push_built = snapshot();
    for n in 1..=3 {
        note(&trace, format!("send {n}"));
        chain.send(n).expect("the filter takes every number");
    }
    let push_sent = snapshot();
    let printed = chain.close().ok().flatten();
    Observed {
        pull_built,
        pull_first,
        made_for_three,
        pull_closed,
        push_built,
        push_sent,
        push_closed: snapshot(),
        printed,
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    // Each check says which prediction is wrong, never what the right value is.
    fn same(prediction: &[&str], actual: &[String]) -> bool {
        prediction.len() == actual.len() && prediction.iter().zip(actual).all(|(p, a)| p == a)
    }

    #[test]
    fn checkpoint_1_pull_chain_built() {
        assert!(
            same(PULL_BUILT, &scenario().pull_built),
            "PULL_BUILT is wrong: when does a generator's body start?"
        );
    }

    #[test]
    fn checkpoint_2_pull_first_value() {
        assert!(
            same(PULL_FIRST, &scenario().pull_first),
            "PULL_FIRST is wrong: in pull style who acts first, and how many numbers does the \
             filter need before it has a value to hand out?"
        );
    }

    #[test]
    fn checkpoint_3_pull_is_lazy() {
        let observed = scenario();
        assert!(
            observed.pull_closed,
            "the scenario changed: the pull chain must stop when it is closed"
        );
        assert!(
            MADE_FOR_THREE == observed.made_for_three,
            "MADE_FOR_THREE is wrong: a pull chain makes only what it needs for the values taken"
        );
    }

    #[test]
    fn checkpoint_4_push_chain_built() {
        assert!(
            same(PUSH_BUILT, &scenario().push_built),
            "PUSH_BUILT is wrong: these stages are primed when made; which one is made first?"
        );
    }

    #[test]
    fn checkpoint_5_push_sends() {
        assert!(
            same(PUSH_SENT, &scenario().push_sent),
            "PUSH_SENT is wrong: how far does one send carry a number before it returns?"
        );
    }

    #[test]
    fn checkpoint_6_push_close() {
        let observed = scenario();
        assert!(
            observed.printed == Some(1),
            "the scenario changed: the printer must report one value printed"
        );
        assert!(
            same(PUSH_CLOSED, &observed.push_closed),
            "PUSH_CLOSED is wrong: what does the filter do with the close it receives, and in \
             which order do the two stages log?"
        );
    }
}
