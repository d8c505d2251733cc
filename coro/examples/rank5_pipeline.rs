//! A push pipeline over a real file: the lines of this repository's info.toml flow from a source
//! through a broadcast into two grep stages, each with its own collector, and a counter. Every
//! stage owns its targets, so closing the source closes every stage once, from the head down,
//! and each close hands back what that stage saw. (The rank 5 exercise push_pipeline adds fan-in,
//! where two stages share one target; that is not shown here.)
//!
//! cargo run -p coro --example rank5_pipeline

use coro::{Coroutine, Interrupt};

/// A stage: sent lines; closed, it returns a report of what it and its targets saw.
type Stage = Coroutine<(), String, Vec<String>>;

/// Keeps the lines it is sent; closed, reports how many and the first few.
fn collector(name: &'static str) -> Stage {
    Coroutine::primed(move |co| async move {
        let mut lines: Vec<String> = Vec::new();
        loop {
            match co.yield_(()).await {
                Ok(line) => lines.push(line),
                Err(Interrupt::Close) => {
                    let mut report = vec![format!("{name}: {} lines", lines.len())];
                    report.extend(lines.iter().take(3).map(|l| format!("    {l}")));
                    return Ok(report);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// Counts the lines it is sent.
fn counter() -> Stage {
    Coroutine::primed(|co| async move {
        let mut n = 0;
        loop {
            match co.yield_(()).await {
                Ok(_) => n += 1,
                Err(Interrupt::Close) => return Ok(vec![format!("counter: {n} lines")]),
                Err(other) => return Err(other),
            }
        }
    })
}

/// Passes on the lines that contain `pattern`; closed, closes its target and passes its report on.
fn grep(pattern: &'static str, mut target: Stage) -> Stage {
    Coroutine::primed(move |co| async move {
        let mut passed = 0;
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    let line: String = line; // named, so that `contains` resolves
                    if line.contains(pattern) {
                        passed += 1;
                        let _ = target.send(line);
                    }
                }
                Err(Interrupt::Close) => {
                    let mut report = vec![format!("grep {pattern:?}: passed {passed}")];
                    report.extend(target.close().ok().flatten().unwrap_or_default());
                    return Ok(report);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// Sends every line to all its targets; closed, closes them in order and joins their reports.
fn broadcast(mut targets: Vec<Stage>) -> Stage {
    Coroutine::primed(move |co| async move {
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    let line: String = line;
                    for t in &mut targets {
                        let _ = t.send(line.clone());
                    }
                }
                Err(Interrupt::Close) => {
                    let mut report = Vec::new();
                    for t in &mut targets {
                        report.extend(t.close().ok().flatten().unwrap_or_default());
                    }
                    return Ok(report);
                }
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../info.toml");
    let text = std::fs::read_to_string(path).expect("info.toml is at the repository root");
    let mut head = broadcast(vec![
        grep("name = ", collector("names")),
        grep("title = ", collector("titles")),
        counter(),
    ]);
    for line in text.lines() {
        let _ = head.send(line.to_string());
    }
    println!("source: {path} is done; closing the head");
    for line in head.close().ok().flatten().unwrap_or_default() {
        println!("{line}");
    }
}
