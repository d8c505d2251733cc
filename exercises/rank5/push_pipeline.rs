// push_pipeline: a pipeline whose end does not reach every stage (debug)
//
// In a push pipeline the source drives: it sends each item into the head stage, which sends what
// it produces on to its targets. This one fans out (a broadcast feeds two greps and a counter) and
// fans in (both greps feed one collector, shared through an `Rc`). The end of the input travels
// the same way as the items: the source closes the head, and each stage, in its `Interrupt::Close`
// arm, passes the end on before it returns. A shared target must be closed exactly once, by the
// last upstream to let go of it, so that nobody sends into a closed stage.
//
// Closing is not dropping. `close()` runs a stage's Close arm (where the collector reports what
// it gathered); letting go of the last `Rc` only drops it: its locals are destroyed, its Close
// arm never runs. Every stage here logs `closed NAME` from its Close arm and `dropped NAME` from
// a drop guard, so the log shows which of the two happened.
//
// Python (Beazley's coroutine pipelines):
//   @coroutine
//   def grep(pattern, target):
//       try:
//           while True:
//               line = (yield)
//               if pattern in line:
//                   target.send(line)
//       except GeneratorExit:
//           target.close()
//
// The bug: closing the head should log `closed` once for every stage, the shared collector last
// of its upstreams. The tests show two stages that are only dropped and a collector closed too
// early. Find the two mistakes in the code below and fix them; the sinks and `broadcast` are right.

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

pub type Stage = Coroutine<(), String>;
pub type Shared = Rc<RefCell<Stage>>;
pub type Log = Rc<RefCell<Vec<String>>>;

/// Logs `dropped NAME` when the stage's body is destroyed, whether by a close or by a drop.
struct DropGuard(&'static str, Log);

impl Drop for DropGuard {
    fn drop(&mut self) {
        self.1.borrow_mut().push(format!("dropped {}", self.0));
    }
}

/// Collects what it is sent into `items`; closed, logs how many it gathered.
fn collector(items: Log, log: Log) -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(move |co| async move {
        let _guard = DropGuard("collector", log.clone());
        loop {
            match co.yield_(()).await {
                Ok(item) => items.borrow_mut().push(item),
                Err(Interrupt::Close) => {
                    let n = items.borrow().len();
                    log.borrow_mut().push(format!("closed collector with {n}"));
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        }
    })))
}

/// Counts what it is sent; closed, logs the count.
fn counter(log: Log) -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(move |co| async move {
        let _guard = DropGuard("counter", log.clone());
        let mut count = 0;
        loop {
            match co.yield_(()).await {
                Ok(_) => count += 1,
                Err(Interrupt::Close) => {
                    log.borrow_mut()
                        .push(format!("closed counter with {count}"));
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        }
    })))
}

/// Called by an upstream that is done with `target`: a shared target is closed once, by the last
/// upstream to let go of it.
fn release(target: Shared) {
    if Rc::strong_count(&target) == 2 {
        let _ = target.borrow_mut().close();
    }
}

/// Passes on the lines that contain `pattern`; closed, it passes the end on to its target.
fn grep(name: &'static str, pattern: &'static str, target: Shared, log: Log) -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(move |co| async move {
        let _guard = DropGuard(name, log.clone());
        loop {
            let line: String = co.yield_(()).await?;
            if line.contains(pattern) {
                let _ = target.borrow_mut().send(line);
            }
        }
    })))
}

/// Sends every line to all `targets`; closed, it releases them all, in order.
fn broadcast(targets: Vec<Shared>, log: Log) -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(move |co| async move {
        let _guard = DropGuard("broadcast", log.clone());
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    let line: String = line;
                    for t in &targets {
                        let _ = t.borrow_mut().send(line.clone());
                    }
                }
                Err(Interrupt::Close) => {
                    log.borrow_mut().push("closed broadcast".to_string());
                    targets.into_iter().for_each(release);
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        }
    })))
}

/// source -> broadcast -> { grep "rust" -> collector, grep "async" -> collector, counter }
pub fn pipeline(log: &Log) -> (Shared, Log) {
    let items = Log::default();
    let sink = collector(items.clone(), log.clone());
    let head = broadcast(
        vec![
            grep("grep rust", "rust", sink.clone(), log.clone()),
            grep("grep async", "async", sink, log.clone()),
            counter(log.clone()),
        ],
        log.clone(),
    );
    (head, items)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Error;

    const STAGES: [&str; 5] = [
        "broadcast",
        "grep rust",
        "grep async",
        "counter",
        "collector",
    ];

    /// Lines from a small seeded generator (an LCG), so that no fixed answer passes.
    fn generated_lines(seed: u64, n: usize) -> Vec<String> {
        let words = ["rust", "async", "python", "yield", "io", "coroutine"];
        let mut x = seed;
        let mut next = move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        (0..n)
            .map(|_| {
                let len = 1 + next() % 3;
                (0..len)
                    .map(|_| words[next() % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// Feeds `lines`, closes the head, returns the log and what reached the collector.
    fn run(lines: &[String]) -> (Vec<String>, Vec<String>) {
        let log = Log::default();
        let (head, items) = pipeline(&log);
        for line in lines {
            head.borrow_mut().send(line.clone()).unwrap();
        }
        assert!(
            log.borrow().is_empty(),
            "nothing is closed or dropped while the source runs"
        );
        head.borrow_mut().close().unwrap();
        let log = log.borrow().clone();
        let items = items.borrow().clone();
        (log, items)
    }

    fn check_shutdown(lines: &[String]) {
        let (log, items) = run(lines);
        let expected_items: usize = lines
            .iter()
            .map(|l| usize::from(l.contains("rust")) + usize::from(l.contains("async")))
            .sum();
        assert_eq!(
            items.len(),
            expected_items,
            "both greps feed the one collector: a line with both words arrives twice"
        );
        for stage in STAGES {
            let closes = log
                .iter()
                .filter(|l| l.starts_with(&format!("closed {stage}")))
                .count();
            assert!(
                closes <= 1,
                "{stage} was closed more than once: a shared stage is closed only by its last upstream"
            );
            assert!(
                closes == 1,
                "{stage} was never closed, only dropped (each stage logs `closed NAME` from its Close arm): \
                 letting go of a stage does not run its Close arm; \
                 the end of the input must be passed on with close()"
            );
            let closed = log
                .iter()
                .position(|l| l.starts_with(&format!("closed {stage}")));
            let dropped = log.iter().position(|l| *l == format!("dropped {stage}"));
            assert!(
                dropped.is_some() && closed < dropped,
                "{stage} must be closed, then dropped"
            );
        }
        let pos = |s: &str| log.iter().position(|l| l.starts_with(s)).unwrap();
        assert!(
            pos("closed grep async") < pos("closed collector"),
            "the shared collector was closed while grep async could still send to it: \
             only the last upstream to let go of a shared stage closes it"
        );
        assert_eq!(
            log[pos("closed collector")],
            format!("closed collector with {expected_items}"),
            "the collector is closed after every item has reached it"
        );
        assert_eq!(
            log[pos("closed counter")],
            format!("closed counter with {}", lines.len()),
            "the counter sees every line"
        );
    }

    #[test]
    fn a_fixed_input_shuts_down_every_stage_once() {
        let lines: Vec<String> = [
            "rust coroutines",
            "python generators",
            "async rust",
            "async io",
        ]
        .map(String::from)
        .to_vec();
        check_shutdown(&lines);
    }

    #[test]
    fn generated_inputs_shut_down_every_stage_once() {
        for (seed, n) in [(1, 0), (7, 5), (42, 23)] {
            check_shutdown(&generated_lines(seed, n));
        }
    }

    #[test]
    fn items_keep_their_order_through_the_fan_in() {
        let lines = generated_lines(3, 12);
        let (_, items) = run(&lines);
        let mut expected = Vec::new();
        for l in &lines {
            for word in ["rust", "async"] {
                if l.contains(word) {
                    expected.push(l.clone());
                }
            }
        }
        assert!(
            items == expected,
            "the collector receives the lines in the order they were sent, grep rust's copy first"
        );
    }

    #[test]
    fn a_closed_sink_ends() {
        let log = Log::default();
        for sink in [collector(Log::default(), log.clone()), counter(log.clone())] {
            assert_eq!(
                sink.borrow_mut().close(),
                Ok(Some(())),
                "a sink returns when closed"
            );
        }
    }

    #[test]
    fn a_closed_pipeline_refuses_more_input() {
        let log = Log::default();
        let (head, _) = pipeline(&log);
        head.borrow_mut().close().unwrap();
        assert_eq!(head.borrow_mut().send("late".into()), Err(Error::Closed));
    }
}
