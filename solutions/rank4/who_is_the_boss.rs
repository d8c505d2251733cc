// who_is_the_boss: pull and push, the same filter both ways
//
// Why this works: the pull filter is a generator that iterates over its source, so it pulls a
// line only when its own consumer asks it for one; it keeps pulling past blank lines until it
// has a line to hand out, and never pulls further. Its `yield_` is followed by `?`, so a close
// ends the loop at once instead of pulling another line. The push filter is a primed
// coroutine: each `send` hands it one line, and it sends the numbered line on to the sink it
// owns. Nobody but the filter can reach the sink, so the end of the stream reaches the sink
// only if the filter passes it on: on `Interrupt::Close` it closes the sink and returns what the
// sink returned. Dropping the filter would free the sink without closing it, and the collected
// lines would be lost with it.

use std::cell::Cell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

/// A push-style stage: is sent lines, returns the lines it collected when closed.
pub type Sink = Coroutine<(), String, Vec<String>>;

/// The producer, pull style: hands out lines, counting how many it produced.
fn producer(lines: Vec<String>, produced: Rc<Cell<usize>>) -> Coroutine<String> {
    Coroutine::new(move |co| async move {
        for line in lines {
            produced.set(produced.get() + 1);
            co.yield_(line).await?;
        }
        Ok(())
    })
}

/// The consumer, push style: collects what it is sent, returns it on close.
fn collector() -> Sink {
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

/// Pull filter: numbers the non-blank lines it takes from `source` ("1: first"), skipping blank
/// ones, pulling only as many lines as it needs for the values asked of it.
fn numbered(source: impl Iterator<Item = String> + 'static) -> Coroutine<String> {
    Coroutine::new(move |co| async move {
        let mut n = 0;
        for line in source {
            if line.trim().is_empty() {
                continue;
            }
            n += 1;
            co.yield_(format!("{n}: {line}")).await?;
        }
        Ok(())
    })
}

/// Push filter: numbers the non-blank lines it is sent and sends them into `sink`, skipping
/// blank ones; closing it closes the sink and returns what the sink returned.
fn numberer(mut sink: Sink) -> Sink {
    Coroutine::primed(move |co| async move {
        let mut n = 0;
        loop {
            // Named, so that `trim` resolves (coro's docs, "Naming what a body receives").
            let received: Result<String, _> = co.yield_(()).await;
            match received {
                Ok(line) => {
                    if line.trim().is_empty() {
                        continue;
                    }
                    n += 1;
                    sink.send(format!("{n}: {line}"))
                        .expect("the sink takes every line until it is closed");
                }
                Err(Interrupt::Close) => return Ok(sink.close().ok().flatten().unwrap_or_default()),
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{State, Step};

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| s.to_string()).collect()
    }

    const TEXT: &[&str] = &["first", "", "second", "  ", "third"];
    const NUMBERED: &[&str] = &["1: first", "2: second", "3: third"];

    fn pull(input: Vec<String>) -> Vec<String> {
        numbered(producer(input, Rc::default())).collect()
    }

    fn push(input: Vec<String>) -> Vec<String> {
        let mut pipeline = numberer(collector());
        for line in input {
            assert_eq!(
                pipeline.send(line),
                Ok(Step::Yielded(())),
                "the push filter takes every line it is sent, blank or not"
            );
        }
        pipeline
            .close()
            .expect("the push filter stops when it is closed")
            .expect("closing the push filter hands back what its sink collected")
    }

    /// A small seeded generator (an LCG), so the generated cases are the same every run.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    fn generated(seed: &mut u64) -> Vec<String> {
        let words = ["alpha", "", "beta", " ", "gamma", "", "delta"];
        let len = lcg(seed) as usize % 12;
        (0..len)
            .map(|_| words[lcg(seed) as usize % words.len()].to_string())
            .collect()
    }

    fn expected(input: &[String]) -> Vec<String> {
        let kept = input.iter().filter(|l| !l.trim().is_empty());
        kept.enumerate().map(|(i, l)| format!("{}: {l}", i + 1)).collect()
    }

    #[test]
    fn pull_style_numbers_the_non_blank_lines() {
        assert_eq!(pull(lines(TEXT)), NUMBERED, "blank lines are skipped and not counted");
        assert_eq!(pull(lines(&["", "x"])), ["1: x"]);
    }

    #[test]
    fn push_style_gives_the_same_output() {
        assert_eq!(
            push(lines(TEXT)),
            NUMBERED,
            "closing the filter closes the consumer and hands back what it collected"
        );
        assert_eq!(push(lines(&["", "x"])), ["1: x"]);
        assert!(push(Vec::new()).is_empty(), "no lines, nothing collected");
    }

    #[test]
    fn both_styles_agree_on_generated_text() {
        let mut seed = 11;
        for case in 0..40 {
            let input = generated(&mut seed);
            let want = expected(&input);
            assert_eq!(pull(input.clone()), want, "case {case}: pull style");
            assert_eq!(push(input), want, "case {case}: push style");
        }
    }

    #[test]
    fn pull_style_produces_only_what_is_asked_for() {
        let mut seed = 5;
        for case in 0..40 {
            let input = generated(&mut seed);
            let want = expected(&input);
            for take in 0..=want.len() {
                let produced = Rc::new(Cell::new(0));
                let got: Vec<String> = numbered(producer(input.clone(), produced.clone()))
                    .take(take)
                    .collect();
                assert_eq!(got, want[..take], "case {case}");
                // Up to and including the line that gave the last value taken, no further.
                let needed = match take {
                    0 => 0,
                    _ => {
                        input
                            .iter()
                            .enumerate()
                            .filter(|(_, l)| !l.trim().is_empty())
                            .nth(take - 1)
                            .unwrap()
                            .0
                            + 1
                    }
                };
                assert_eq!(
                    produced.get(),
                    needed,
                    "case {case}: pull style pulls a line only when a value is asked for"
                );
            }
        }
    }

    #[test]
    fn closing_the_pull_filter_stops_it_where_it_is() {
        let produced = Rc::new(Cell::new(0));
        let mut filter = numbered(producer(lines(TEXT), produced.clone()));
        assert_eq!(filter.next().as_deref(), Some("1: first"));
        assert_eq!(
            filter.close(),
            Ok(None),
            "a closed pull filter stops at the yield_ where it waits (it must not swallow the close)"
        );
        assert_eq!(filter.state(), State::Closed);
        assert_eq!(produced.get(), 1, "closing pulls nothing more");
        assert_eq!(filter.next(), None, "a closed generator answers None");
    }

    #[test]
    fn the_push_filter_closes_its_sink_only_when_it_is_closed() {
        let mut pipeline = numberer(collector());
        pipeline.send("a".to_string()).unwrap();
        pipeline.send(String::new()).unwrap();
        assert_eq!(pipeline.state(), State::Suspended, "the filter waits for more lines");
        pipeline.send("b".to_string()).unwrap();
        assert_eq!(
            pipeline.close(),
            Ok(Some(lines(&["1: a", "2: b"]))),
            "the sink's lines arrive only through close: a dropped sink returns nothing"
        );
        assert_eq!(pipeline.close(), Ok(None), "closing twice does nothing more");
    }
}
