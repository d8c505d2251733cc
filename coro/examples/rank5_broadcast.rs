//! A broadcast: one source, several sinks. The broadcaster owns its targets, sends each item to
//! all of them, and closes all of them when it is closed.
//!
//! cargo run -p coro --example rank5_broadcast

use coro::{Coroutine, Interrupt};

type Sink = Coroutine<(), i64, String>;

/// Folds what it is sent with `step`, and reports the result when closed.
fn folder(name: &'static str, start: i64, step: fn(i64, i64) -> i64) -> Sink {
    Coroutine::primed(move |co| async move {
        let mut acc = start;
        loop {
            match co.yield_(()).await {
                Ok(n) => acc = step(acc, n),
                Err(Interrupt::Close) => return Ok(format!("{name} = {acc}")),
                Err(other) => return Err(other),
            }
        }
    })
}

fn broadcast(mut targets: Vec<Sink>) -> Coroutine<(), i64, Vec<String>> {
    Coroutine::primed(move |co| async move {
        loop {
            match co.yield_(()).await {
                Ok(n) => {
                    for t in &mut targets {
                        let _ = t.send(n);
                    }
                }
                Err(Interrupt::Close) => {
                    // Each target's close hands back its result: the broadcaster returns them all.
                    let results = targets
                        .iter_mut()
                        .filter_map(|t| t.close().ok().flatten())
                        .collect();
                    return Ok(results);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {
    let mut hub = broadcast(vec![
        folder("sum", 0, |a, n| a + n),
        folder("max", i64::MIN, i64::max),
        folder("count", 0, |a, _| a + 1),
    ]);
    for n in [3, -1, 4, 1, -5, 9] {
        println!("source -> {n}");
        let _ = hub.send(n);
    }
    match hub.close() {
        Ok(Some(results)) => println!("closed; the sinks report: {}", results.join(", ")),
        other => println!("closed: {other:?}"),
    }
}
