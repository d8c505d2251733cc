//! Rank 3 in one program: the lines of this repository's info.toml go through a chunk-to-line
//! splitter (fed in odd-sized chunks, as a socket would deliver them), a dedupe filter for blank
//! lines, and a running statistics coroutine that returns its summary on close.
//!
//! cargo run -p coro --example rank3_log_stats

use coro::{Coroutine, Interrupt, Step};

/// Chunks of text in, complete lines out; the tail comes back on close.
fn lines() -> Coroutine<Vec<String>, String, String> {
    Coroutine::new(|co| async move {
        let (mut buffer, mut done) = (String::new(), Vec::new());
        loop {
            match co.yield_(done).await {
                Ok(chunk) => {
                    let chunk: String = chunk;
                    buffer.push_str(&chunk);
                    done = Vec::new();
                    while let Some(end) = buffer.find('\n') {
                        done.push(buffer[..end].to_string());
                        buffer.drain(..=end);
                    }
                }
                Err(Interrupt::Close) => return Ok(buffer),
                Err(other) => return Err(other),
            }
        }
    })
}

#[derive(Debug, Default)]
struct Stats {
    lines: usize,
    blank_runs_squeezed: usize,
    longest: usize,
    tables: usize,
}

/// Lines in; counts what it sees and returns the counts on close.
fn stats() -> Coroutine<(), String, Stats> {
    Coroutine::new(|co| async move {
        let mut s = Stats::default();
        let mut previous_blank = false;
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    let line: String = line;
                    let blank = line.trim().is_empty();
                    if blank && previous_blank {
                        // Like `uniq` on blank lines: a run of them counts once.
                        s.blank_runs_squeezed += 1;
                        continue;
                    }
                    previous_blank = blank;
                    s.lines += 1;
                    s.longest = s.longest.max(line.chars().count());
                    s.tables += usize::from(line.starts_with("[["));
                }
                Err(Interrupt::Close) => return Ok(s),
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../info.toml");
    let text = std::fs::read_to_string(path).expect("info.toml is at the repository root");
    let (mut splitter, mut counter) = (lines(), stats());
    splitter.prime().unwrap();
    counter.prime().unwrap();

    // Odd chunk sizes: lines are cut in the middle, and the splitter puts them back together.
    let chars: Vec<char> = text.chars().collect();
    let mut chunks = 0;
    for chunk in chars.chunks(37) {
        chunks += 1;
        if let Ok(Step::Yielded(done)) = splitter.send(chunk.iter().collect()) {
            for line in done {
                counter.send(line).unwrap();
            }
        }
    }
    if let Ok(Some(tail)) = splitter.close() {
        if !tail.is_empty() {
            counter.send(tail).unwrap();
        }
    }
    println!("read {path} in {chunks} chunks of 37 characters");
    match counter.close() {
        Ok(Some(s)) => println!("{s:#?}"),
        other => println!("the counter did not report: {other:?}"),
    }
}
