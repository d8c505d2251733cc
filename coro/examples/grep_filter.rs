//! A primed grep coroutine used as a filter, after David Beazley's `@coroutine` grep: it is
//! ready for `send` as soon as it is made, and answers whether each line matched.
//!
//! cargo run -p coro --example grep_filter

use coro::{Coroutine, Interrupt, Step};

fn grep(pattern: &'static str) -> Coroutine<bool, &'static str, usize> {
    // `primed` runs the body to its first yield, so the caller can send at once.
    Coroutine::primed(move |co| async move {
        println!("  [grep] looking for {pattern:?}");
        let (mut matched, mut hits) = (false, 0);
        loop {
            match co.yield_(matched).await {
                Ok(line) => {
                    let line: &str = line; // named, so that `contains` resolves
                    matched = line.contains(pattern);
                    hits += usize::from(matched);
                }
                // Closing is the end of input: report how many lines matched.
                Err(Interrupt::Close) => return Ok(hits),
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {
    let mut g = grep("python");
    for line in [
        "python generators",
        "rust async",
        "coroutines in python",
        "a yield in rust",
    ] {
        let kept = matches!(g.send(line), Ok(Step::Yielded(true)));
        println!("{} {line}", if kept { "keep" } else { "drop" });
    }
    println!("close -> {:?} lines matched", g.close());
}
