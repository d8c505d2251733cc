//! A push pipeline after David Beazley's coroutine talks: `grep` is a primed filter that passes
//! the lines containing its pattern on to another primed coroutine, a printer. Both are ready
//! for `send` as soon as they are made, and closing the filter closes the printer behind it.
//!
//! cargo run -p coro --example rank3_grep_filter

use coro::{Coroutine, Interrupt};

/// Prints every line it is sent, numbered; closed, it returns how many it printed.
fn printer() -> Coroutine<(), String, usize> {
    Coroutine::primed(|co| async move {
        let mut printed = 0;
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    printed += 1;
                    println!("  {printed:>2} | {line}");
                }
                Err(Interrupt::Close) => return Ok(printed),
                Err(other) => return Err(other),
            }
        }
    })
}

/// Sends `target` the lines that contain `pattern`, with the pattern in capitals. Closed, it
/// closes `target` and returns how many lines `target` printed.
fn grep(
    pattern: &'static str,
    mut target: Coroutine<(), String, usize>,
) -> Coroutine<(), &'static str, usize> {
    Coroutine::primed(move |co| async move {
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    let line: &str = line;
                    if line.contains(pattern) {
                        let shown = line.replace(pattern, &pattern.to_uppercase());
                        // The printer never ends by itself, so a failed send is not expected.
                        target.send(shown).expect("the printer takes every line");
                    }
                }
                // Closing passes the end of the input on down the pipeline.
                Err(Interrupt::Close) => return Ok(target.close().ok().flatten().unwrap_or(0)),
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {
    let mut pipeline = grep("python", printer());
    for line in [
        "python generators",
        "rust async",
        "coroutines in python",
        "a yield in rust",
    ] {
        pipeline.send(line).expect("grep takes every line");
    }
    println!("close -> {:?} lines printed", pipeline.close());
}
