//! A round-robin scheduler over a few coroutine tasks, printing a trace of who runs when: the
//! loop of rank 4, and the seed of the schedulers of rank 5.
//!
//! cargo run -p coro --example rank4_scheduler_trace

use std::collections::VecDeque;

use coro::{Coroutine, Step};

/// A task that does `steps` pieces of work, reporting each one; returns how much it did.
fn worker(name: &'static str, steps: u32) -> Coroutine<String, (), u32> {
    Coroutine::new(move |co| async move {
        for i in 1..=steps {
            co.yield_(format!("{name} does step {i} of {steps}"))
                .await?;
        }
        Ok(steps)
    })
}

fn main() {
    let mut ready: VecDeque<(usize, Coroutine<String, (), u32>)> = [
        worker("parser", 3),
        worker("indexer", 1),
        worker("uploader", 2),
    ]
    .into_iter()
    .enumerate()
    .collect();
    // Prime every task: each runs up to its first yield, in order.
    let mut tick = 0;
    let mut first = VecDeque::new();
    for (id, mut task) in ready.drain(..) {
        tick += 1;
        match task.prime() {
            Ok(Step::Yielded(report)) => {
                println!("t={tick:>2}  task {id}: {report}");
                first.push_back((id, task));
            }
            other => println!("t={tick:>2}  task {id} ended at once: {other:?}"),
        }
    }
    ready = first;
    while let Some((id, mut task)) = ready.pop_front() {
        tick += 1;
        match task.send(()) {
            Ok(Step::Yielded(report)) => {
                println!("t={tick:>2}  task {id}: {report}");
                ready.push_back((id, task));
            }
            Ok(Step::Complete(done)) => {
                println!(
                    "t={tick:>2}  task {id} finished after {done} steps; {} left",
                    ready.len()
                )
            }
            Err(e) => println!("t={tick:>2}  task {id} failed: {e}"),
        }
    }
    println!("all tasks done at t={tick}");
}
