//! A push pipeline over a real file: the lines of this repository's info.toml flow from a source
//! through a broadcast into two grep stages that share one collector (fan-in) and a counter.
//! Closing the source closes every stage once, and each stage says what it saw.
//!
//! cargo run -p coro --example rank5_pipeline

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

type Stage = Coroutine<(), String>;
type Shared = Rc<RefCell<Stage>>;

/// Closes `target` if the caller holds the last reference to it.
fn release(target: Shared) {
    if Rc::strong_count(&target) == 1 {
        let _ = target.borrow_mut().close();
    }
}

fn grep(pattern: &'static str, target: Shared) -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(move |co| async move {
        let mut passed = 0;
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    let line: String = line;
                    if line.contains(pattern) {
                        passed += 1;
                        let _ = target.borrow_mut().send(line);
                    }
                }
                Err(Interrupt::Close) => {
                    println!("grep {pattern:?}: closed after passing {passed} lines");
                    release(target);
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        }
    })))
}

fn collector() -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(|co| async move {
        let mut lines: Vec<String> = Vec::new();
        loop {
            match co.yield_(()).await {
                Ok(line) => lines.push(line),
                Err(Interrupt::Close) => {
                    println!(
                        "collector: closed; it received {} lines, the first:",
                        lines.len()
                    );
                    for line in lines.iter().take(4) {
                        println!("    {line}");
                    }
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        }
    })))
}

fn counter() -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(|co| async move {
        let mut n = 0;
        loop {
            match co.yield_(()).await {
                Ok(_) => n += 1,
                Err(Interrupt::Close) => {
                    println!("counter: closed after {n} lines");
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        }
    })))
}

fn broadcast(targets: Vec<Shared>) -> Stage {
    Coroutine::primed(move |co| async move {
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    let line: String = line;
                    for t in &targets {
                        let _ = t.borrow_mut().send(line.clone());
                    }
                }
                Err(Interrupt::Close) => {
                    println!("broadcast: closed; closing its {} targets", targets.len());
                    targets.into_iter().for_each(release);
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../info.toml");
    let text = std::fs::read_to_string(path).expect("info.toml is at the repository root");
    let sink = collector();
    let mut head = broadcast(vec![
        grep("name = ", sink.clone()),
        grep("title = ", sink),
        counter(),
    ]);
    for line in text.lines() {
        let _ = head.send(line.to_string());
    }
    println!("source: {path} is done; closing the head");
    let _ = head.close();
}
