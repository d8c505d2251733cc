//! Statistics of this repository's info.toml, one table at a time, by delegation. Rank 3 in
//! one program: the file, read line by line, goes through a
//! coroutine that delegates each table (the lines up to a blank one) to a fresh sub-coroutine,
//! keeps running counts across them, and returns its report when it is sent the sentinel
//! `None`.
//!
//! cargo run -p coro --example rank3_log_stats

use std::collections::BTreeMap;

use coro::{Coroutine, Step};

/// What one table of info.toml holds.
#[derive(Debug, Default)]
struct Table {
    header: String,
    keys: usize,
    rank: Option<u32>,
}

/// Reads the lines of one table until a blank line or the end (`None`). Returns the table and
/// whether the input ended.
fn table() -> Coroutine<(), Option<String>, (Table, bool)> {
    Coroutine::new(|co| async move {
        let mut t = Table::default();
        loop {
            let Some(line) = co.yield_(()).await? else {
                return Ok((t, true));
            };
            let line: String = line;
            let line = line.trim();
            if line.is_empty() {
                return Ok((t, false));
            }
            if line.starts_with('[') {
                t.header = line.to_string();
            } else if let Some((key, value)) = line.split_once('=') {
                t.keys += 1;
                if key.trim() == "rank" {
                    t.rank = value.trim().parse().ok();
                }
            }
        }
    })
}

#[derive(Debug, Default)]
struct Report {
    tables: usize,
    exercises_per_rank: BTreeMap<u32, usize>,
    most_keys: (usize, String),
}

/// Delegates table after table to `table()`; returns the report at the sentinel.
fn course() -> Coroutine<(), Option<String>, Report> {
    Coroutine::new(|co| async move {
        let mut report = Report::default();
        loop {
            let (t, ended) = co.delegate(table()).await?;
            if t.keys > 0 {
                report.tables += 1;
                if t.header == "[[exercises]]"
                    && let Some(rank) = t.rank
                {
                    *report.exercises_per_rank.entry(rank).or_default() += 1;
                }
                if t.keys > report.most_keys.0 {
                    report.most_keys = (t.keys, t.header.clone());
                }
            }
            if ended {
                return Ok(report);
            }
        }
    })
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../info.toml");
    let text = std::fs::read_to_string(path).expect("info.toml is at the repository root");
    let mut c = course();
    c.prime().unwrap();
    for line in text.lines() {
        c.send(Some(line.to_string())).unwrap();
    }
    match c.send(None) {
        Ok(Step::Complete(report)) => println!("{path}:\n{report:#?}"),
        other => println!("the course reader did not finish: {other:?}"),
    }
}
