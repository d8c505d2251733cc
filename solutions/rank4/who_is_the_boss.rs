// who_is_the_boss: pull and push, the same pipeline both ways
//
// A producer, a filter and a consumer can be chained two ways. Pull: the consumer is the boss;
// it asks the filter for a value, which asks the producer (generators, iterators). Push: the
// producer is the boss; it sends each value into the filter, which sends it on to the consumer
// (coroutines that are sent values). Same output, opposite control, and different laziness: in
// pull style nothing is produced that nobody asked for.
//
// Python (Programming in Lua's            coro:
// producer/filter/consumer):
//   pull:  for line in numbered(producer()): ...      numbered(source) is a Coroutine<String>
//   push:  producer(numberer(consumer()))              numberer(sink) is a Coroutine<(), String, ..>
//
// What to do: write the two filters. Both number the lines: "1: first", "2: second", ...
// `numbered` pulls from an iterator; `numberer` is sent lines and pushes into its sink, and
// when closed closes the sink and returns what the sink returned.

use std::cell::Cell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt, Step};

/// The producer, pull style: hands out lines, counting how many it produced.
fn producer(lines: &'static [&'static str], produced: Rc<Cell<usize>>) -> Coroutine<String> {
    Coroutine::new(move |co| async move {
        for line in lines {
            produced.set(produced.get() + 1);
            co.yield_(line.to_string()).await?;
        }
        Ok(())
    })
}

/// The consumer, push style: collects what it is sent, returns it on close.
fn collector() -> Coroutine<(), String, Vec<String>> {
    Coroutine::primed(|co| async move {
        let mut seen = Vec::new();
        loop {
            match co.yield_(()).await {
                Ok(line) => seen.push(line),
                Err(Interrupt::Close) => return Ok(seen),
                Err(other) => return Err(other),
            }
        }
    })
}

/// Pull filter: numbers the lines it takes from `source`, one at a time, as they are asked for.
fn numbered(source: impl Iterator<Item = String> + 'static) -> Coroutine<String> {
    Coroutine::new(move |co| async move {
        for (i, line) in source.enumerate() {
            co.yield_(format!("{}: {line}", i + 1)).await?;
        }
        Ok(())
    })
}

/// Push filter: numbers the lines it is sent and sends them into `sink`; closing it closes the
/// sink and returns what the sink returned.
fn numberer(mut sink: Coroutine<(), String, Vec<String>>) -> Coroutine<(), String, Vec<String>> {
    Coroutine::primed(move |co| async move {
        let mut n = 0;
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    n += 1;
                    let _ = sink.send(format!("{n}: {line}"));
                }
                Err(Interrupt::Close) => {
                    return Ok(sink.close().ok().flatten().unwrap_or_default());
                }
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &[&str] = &["first", "second", "third"];

    #[test]
    fn pull_style_numbers_every_line() {
        let produced = Rc::new(Cell::new(0));
        let out: Vec<String> = numbered(producer(LINES, produced)).collect();
        assert_eq!(out, ["1: first", "2: second", "3: third"]);
    }

    #[test]
    fn push_style_gives_the_same_output() {
        let mut pipeline = numberer(collector());
        for line in LINES {
            assert_eq!(
                pipeline.send(line.to_string()),
                Ok(Step::Yielded(())),
                "the filter takes every line"
            );
        }
        assert_eq!(
            pipeline.close(),
            Ok(Some(vec![
                "1: first".to_string(),
                "2: second".to_string(),
                "3: third".to_string()
            ])),
            "closing the filter closes the consumer and hands back what it collected"
        );
    }

    #[test]
    fn pull_style_produces_only_what_is_asked_for() {
        let produced = Rc::new(Cell::new(0));
        let first_two: Vec<String> = numbered(producer(LINES, produced.clone()))
            .take(2)
            .collect();
        assert_eq!(first_two, ["1: first", "2: second"]);
        assert_eq!(
            produced.get(),
            2,
            "the consumer asked for two lines, so only two were produced"
        );
    }
}
