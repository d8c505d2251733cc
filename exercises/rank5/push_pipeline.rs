// push_pipeline: a pipeline that shuts down cleanly
//
// In a push pipeline the source drives: it sends each item into the first stage, which sends
// what it produces on to its targets. Stages can fan out (a broadcast sends every item to several
// targets) and fan in (two filters feed one sink). The end of the input must reach every stage
// exactly once: the source closes the head, and each stage, when closed, closes its targets.
// With fan-in a target has several upstreams, so it is closed by the last one to let go of it:
// a shared target is an `Rc`, and `Rc::strong_count` says whether you hold the last reference.
//
// Python (Beazley's broadcast):           coro:
//   def broadcast(targets):                  Coroutine::primed(move |co| async move {
//       try:                                     loop { match co.yield_(()).await {
//           while True:                              Ok(item) => for t in &targets { t.borrow_mut().send(..) }
//               item = (yield)                       Err(Interrupt::Close) => { close_all(targets); return .. }
//               for t in targets: t.send(item)
//       except GeneratorExit:
//           for t in targets: t.close()
//
// What to do: write `grep` and `broadcast`, and `release`, which closes a target only when the
// caller holds its last reference. The sinks are given.

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

pub type Stage = Coroutine<(), String>;
pub type Shared = Rc<RefCell<Stage>>;
pub type Log = Rc<RefCell<Vec<String>>>;

/// Logs `closed NAME` when dropped: every stage's cleanup.
struct Cleanup(&'static str, Log);

impl Drop for Cleanup {
    fn drop(&mut self) {
        self.1.borrow_mut().push(format!("closed {}", self.0));
    }
}

/// Collects what it is sent into `items`.
fn collector(items: Log, log: Log) -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(move |co| async move {
        let _cleanup = Cleanup("collector", log);
        loop {
            let item = co.yield_(()).await?;
            items.borrow_mut().push(item);
        }
    })))
}

/// Counts what it is sent into `count`.
fn counter(count: Rc<RefCell<usize>>, log: Log) -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(move |co| async move {
        let _cleanup = Cleanup("counter", log);
        loop {
            co.yield_(()).await?;
            *count.borrow_mut() += 1;
        }
    })))
}

/// Closes `target` if the caller holds its last reference; otherwise only lets go of it.
fn release(target: Shared) {
    // TODO: close the target only when no other stage still feeds it.
    todo!("Rc::strong_count")
}

/// Passes on the lines that contain `pattern`; closed, it releases its target.
fn grep(name: &'static str, pattern: &'static str, target: Shared, log: Log) -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(move |co| async move {
        let _cleanup = Cleanup(name, log);
        // TODO: send matching lines to `target`; on close, release it and return Ok(()).
        todo!("a filter stage")
    })))
}

/// Sends every item to all `targets`; closed, it releases them all, in order.
fn broadcast(targets: Vec<Shared>, log: Log) -> Shared {
    Rc::new(RefCell::new(Coroutine::primed(move |co| async move {
        let _cleanup = Cleanup("broadcast", log);
        // TODO: send each item to every target; on close, release every target.
        todo!("a fan-out stage")
    })))
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Error;

    /// source -> broadcast -> { grep "rust" -> collector, grep "async" -> collector, counter }
    fn pipeline(log: &Log) -> (Shared, Log, Rc<RefCell<usize>>) {
        let items = Log::default();
        let count = Rc::new(RefCell::new(0));
        let sink = collector(items.clone(), log.clone());
        let head = broadcast(
            vec![
                grep("grep rust", "rust", sink.clone(), log.clone()),
                grep("grep async", "async", sink, log.clone()),
                counter(count.clone(), log.clone()),
            ],
            log.clone(),
        );
        (head, items, count)
    }

    const LINES: [&str; 4] = [
        "rust coroutines",
        "python generators",
        "async rust",
        "async io",
    ];

    #[test]
    fn items_reach_every_branch_and_fan_in_keeps_their_order() {
        let log = Log::default();
        let (head, items, count) = pipeline(&log);
        for line in LINES {
            head.borrow_mut().send(line.to_string()).unwrap();
        }
        assert_eq!(
            *items.borrow(),
            ["rust coroutines", "async rust", "async rust", "async io"],
            "both greps feed the one collector; a line matching both arrives twice"
        );
        assert_eq!(*count.borrow(), 4, "the counter sees every line");
        assert!(
            log.borrow().is_empty(),
            "nothing is closed while the source runs"
        );
    }

    #[test]
    fn the_end_of_the_source_closes_every_stage_exactly_once() {
        let log = Log::default();
        let (head, _, _) = pipeline(&log);
        head.borrow_mut().send(LINES[0].to_string()).unwrap();
        head.borrow_mut().close().unwrap();
        let mut closed = log.borrow().clone();
        assert_eq!(
            closed.iter().filter(|l| *l == "closed collector").count(),
            1,
            "{closed:?}"
        );
        closed.sort();
        assert_eq!(
            closed,
            [
                "closed broadcast",
                "closed collector",
                "closed counter",
                "closed grep async",
                "closed grep rust"
            ],
            "every stage is closed once"
        );
        let order = log.borrow().clone();
        let pos = |s: &str| order.iter().position(|l| l == s).unwrap();
        assert!(
            pos("closed grep rust") < pos("closed collector"),
            "the shared sink is closed by its last upstream (grep async), not by the first to finish: {order:?}"
        );
    }

    #[test]
    fn a_closed_pipeline_refuses_more_input() {
        let log = Log::default();
        let (head, _, _) = pipeline(&log);
        head.borrow_mut().close().unwrap();
        assert_eq!(head.borrow_mut().send("late".into()), Err(Error::Closed));
    }
}
