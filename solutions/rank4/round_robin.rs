// round_robin: many coroutines, one driver
//
// One coroutine alone is a function that can pause. Several, resumed in turn by one loop, are
// cooperative multitasking: each task runs until it yields, then the driver moves on to the
// next. No task can be interrupted, and none runs until the driver resumes it. This loop is the
// seed of every scheduler in rank 5.
//
// Python (Lua's dispatcher, Beazley's    coro:
// first scheduler):
//   while tasks:                             while let Some(mut task) = queue.pop_front() {
//       task = tasks.popleft()                   match task.next() {
//       try: log.append(next(task))                  Some(entry) => { log.push(entry); queue.push_back(task) }
//           tasks.append(task)                       None => {} // finished: dropped
//       except StopIteration: pass               }
//
// What to do: write `run_all`. Each task is a generator of log entries; resume them in turn,
// one step each, and drop each one once it has finished.

use std::collections::VecDeque;

use coro::Coroutine;

/// A task that logs `name1`, `name2`, ... `name{steps}`, one entry per resume.
fn task(name: &'static str, steps: u32) -> Coroutine<String> {
    Coroutine::new(move |co| async move {
        for i in 1..=steps {
            co.yield_(format!("{name}{i}")).await?;
        }
        Ok(())
    })
}

/// Resumes the tasks in turn until all have finished; returns what they logged, in order.
fn run_all(tasks: Vec<Coroutine<String>>) -> Vec<String> {
    let mut queue = VecDeque::from(tasks);
    let mut log = Vec::new();
    while let Some(mut task) = queue.pop_front() {
        if let Some(entry) = task.next() {
            log.push(entry);
            queue.push_back(task);
        }
    }
    log
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_take_turns_one_step_at_a_time() {
        let log = run_all(vec![task("a", 2), task("b", 3), task("c", 1)]);
        assert_eq!(
            log,
            ["a1", "b1", "c1", "a2", "b2", "b3"],
            "each round resumes every live task once, in order"
        );
    }

    #[test]
    fn no_tasks_is_an_empty_log() {
        assert!(run_all(vec![]).is_empty());
    }

    #[test]
    fn a_task_that_ends_at_once_does_not_stop_the_others() {
        let log = run_all(vec![task("quiet", 0), task("x", 2), task("gone", 0)]);
        assert_eq!(
            log,
            ["x1", "x2"],
            "a finished task is dropped, the loop goes on"
        );
    }
}
