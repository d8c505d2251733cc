//! A push pipeline: a source sends each item into a filter, which sends what passes into a
//! sink. Closing the head closes every stage after it, so each one's cleanup runs once.
//!
//! cargo run -p coro --example rank4_push_pipeline

use coro::{Coroutine, Interrupt};

type Stage = Coroutine<(), String, usize>;

/// Prints what reaches it; on close, says how many items it saw.
fn printer() -> Stage {
    Coroutine::primed(|co| async move {
        let mut seen = 0;
        loop {
            match co.yield_(()).await {
                Ok(item) => {
                    seen += 1;
                    println!("  sink   <- {item}");
                }
                Err(Interrupt::Close) => {
                    println!("  sink   closed after {seen} items");
                    return Ok(seen);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// Passes on the items that contain `word`; closing it closes its target first.
fn filter(word: &'static str, mut target: Stage) -> Stage {
    Coroutine::primed(move |co| async move {
        let mut passed = 0;
        loop {
            match co.yield_(()).await {
                Ok(item) => {
                    let item: String = item; // named, so that `contains` resolves
                    if item.contains(word) {
                        passed += 1;
                        let _ = target.send(item);
                    }
                }
                Err(Interrupt::Close) => {
                    let _ = target.close();
                    println!("  filter closed after passing {passed} items");
                    return Ok(passed);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {
    let mut head = filter("co", printer());
    for word in [
        "coroutine",
        "thread",
        "cooperative",
        "preemptive",
        "yield from",
    ] {
        println!("source -> {word}");
        let _ = head.send(word.to_string());
    }
    println!("end of source: closing the head");
    let _ = head.close();
}
