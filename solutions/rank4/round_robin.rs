// round_robin: many coroutines, one driver, a budget
//
// Why this works: a generator runs only while `next()` is running, so the order of the `next()`
// calls is the order in which the bodies run. Taking one task from the front of a queue,
// resuming it once and putting it back at the end gives every live task one step per round; a
// task that answered `None` is simply not put back, and dropping it costs nothing. Counting
// resumes against the budget before each one makes the limit exact: `budget` resumes, never
// one more. What is left in the queue at that point is in the order the tasks would have run
// next, and `close()` resumes each one with `Interrupt::Close` at the `yield_` where it waits,
// so its cleanup runs; a task that never started has no body running yet, and closing it runs
// nothing. Dropping them instead would free them without ever running that cleanup.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use coro::Coroutine;

/// What the task bodies did, in the order they did it (shared with the tests).
pub type Trace = Rc<RefCell<Vec<String>>>;

/// A task that logs `{name}{i}` for i in 1..=steps, one entry per resume, and writes to `trace`
/// what its body does when it does it: each step, "{name} done" when it ends, and "{name} closed
/// after {i}" when it is closed while waiting after step i.
fn task(name: &'static str, steps: u32, trace: Trace) -> Coroutine<String> {
    Coroutine::new(move |co| async move {
        for i in 1..=steps {
            let entry = format!("{name}{i}");
            trace.borrow_mut().push(entry.clone());
            if let Err(interrupt) = co.yield_(entry).await {
                trace.borrow_mut().push(format!("{name} closed after {i}"));
                return Err(interrupt);
            }
        }
        trace.borrow_mut().push(format!("{name} done"));
        Ok(())
    })
}

/// Resumes the tasks in turn, one resume each, for at most `budget` resumes in all (the resume
/// that finds a task finished counts too). Returns the entries the tasks yielded, in order.
/// Tasks still unfinished when the budget runs out are closed, in the order they would have
/// run next.
fn run_all(tasks: Vec<Coroutine<String>>, budget: usize) -> Vec<String> {
    let mut queue = VecDeque::from(tasks);
    let mut log = Vec::new();
    let mut resumes = 0;
    while resumes < budget {
        let Some(mut task) = queue.pop_front() else {
            break;
        };
        resumes += 1;
        if let Some(entry) = task.next() {
            log.push(entry);
            queue.push_back(task);
        }
    }
    for mut task in queue {
        task.close().expect("a task stops when it is closed");
    }
    log
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];

    /// Runs tasks of the given lengths with the given budget; returns (log, trace).
    fn run(steps: &[u32], budget: usize) -> (Vec<String>, Vec<String>) {
        let trace = Trace::default();
        let tasks = steps
            .iter()
            .zip(NAMES)
            .map(|(&s, name)| task(name, s, trace.clone()))
            .collect();
        let log = run_all(tasks, budget);
        let trace = trace.borrow().clone();
        (log, trace)
    }

    /// What the bodies do with an unlimited budget, described round by round: in round r every
    /// task takes step r, or ends if it has no step r (and then takes no more turns).
    fn rounds(steps: &[u32]) -> Vec<String> {
        let longest = steps.iter().copied().max().unwrap_or(0);
        let mut trace = Vec::new();
        for r in 1..=longest + 1 {
            for (&s, name) in steps.iter().zip(NAMES) {
                if r <= s {
                    trace.push(format!("{name}{r}"));
                } else if r == s + 1 {
                    trace.push(format!("{name} done"));
                }
            }
        }
        trace
    }

    /// Resumes needed to finish every task: one per step, and one that finds the end.
    fn needed(steps: &[u32]) -> usize {
        steps.iter().map(|&s| s as usize + 1).sum()
    }

    /// A small seeded generator (an LCG), so the generated cases are the same every run.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn tasks_take_turns_one_step_at_a_time() {
        let (log, trace) = run(&[2, 3, 1], 100);
        assert_eq!(
            log,
            ["a1", "b1", "c1", "a2", "b2", "b3"],
            "each round resumes every live task once, in order"
        );
        assert_eq!(
            trace,
            ["a1", "b1", "c1", "a2", "b2", "c done", "a done", "b3", "b done"],
            "the bodies run in turns: a task's body runs only during its own turn"
        );
    }

    #[test]
    fn no_tasks_is_an_empty_log() {
        assert!(run(&[], 10).0.is_empty());
    }

    #[test]
    fn a_task_that_ends_at_once_does_not_stop_the_others() {
        let (log, trace) = run(&[0, 2, 0], 100);
        assert_eq!(log, ["b1", "b2"], "a finished task is dropped, the loop goes on");
        assert_eq!(trace, ["a done", "b1", "c done", "b2", "b done"]);
    }

    #[test]
    fn when_the_budget_runs_out_the_waiting_tasks_are_closed_in_turn_order() {
        // a1 b1 c1 a2 b2: five resumes. Next would come c (which would end), then a, then b.
        let (log, trace) = run(&[2, 3, 1], 5);
        assert_eq!(log, ["a1", "b1", "c1", "a2", "b2"], "five resumes, five entries");
        assert_eq!(
            trace,
            [
                "a1",
                "b1",
                "c1",
                "a2",
                "b2",
                "c closed after 1",
                "a closed after 2",
                "b closed after 2"
            ],
            "an unfinished task is closed (not dropped: a drop never runs its Close arm), \
             in the order the tasks would have run next"
        );
    }

    #[test]
    fn a_task_that_never_started_has_nothing_to_clean_up() {
        let (log, trace) = run(&[2, 2, 2], 1);
        assert_eq!(log, ["a1"]);
        assert_eq!(
            trace,
            ["a1", "a closed after 1"],
            "closing a task that never ran does not start its body"
        );
        let (log, trace) = run(&[2, 2], 0);
        assert!(
            log.is_empty() && trace.is_empty(),
            "a budget of 0 resumes runs nothing at all"
        );
    }

    #[test]
    fn the_budget_is_exact_at_its_boundary() {
        let steps = [2, 3, 1];
        let n = needed(&steps);
        let (log, trace) = run(&steps, n);
        assert_eq!(log.len(), 6, "with exactly enough resumes, every step is taken");
        assert_eq!(trace, rounds(&steps), "... and every task ends by itself");
        let (_, trace) = run(&steps, n + 1);
        assert_eq!(trace, rounds(&steps), "one resume more changes nothing");
        let (log, trace) = run(&steps, n - 1);
        assert_eq!(log.len(), 6, "one resume short, every step was still taken");
        assert_eq!(
            trace.last().map(String::as_str),
            Some("b closed after 3"),
            "one resume short, the last task never saw its end: it must be closed"
        );
        assert_eq!(&trace[..n - 1], &rounds(&steps)[..n - 1]);
    }

    #[test]
    fn generated_runs_follow_the_rounds_and_close_what_is_left() {
        let mut seed = 7;
        for case in 0..60 {
            let count = 1 + lcg(&mut seed) as usize % NAMES.len();
            let steps: Vec<u32> = (0..count).map(|_| lcg(&mut seed) as u32 % 5).collect();
            let budget = lcg(&mut seed) as usize % (needed(&steps) + 3);
            let (log, trace) = run(&steps, budget);
            let full = rounds(&steps);
            let ran = budget.min(full.len());
            assert_eq!(
                &trace[..ran],
                &full[..ran],
                "case {case}: each resume runs one step of the task whose turn it is"
            );
            let stepped: Vec<&String> = full[..ran].iter().filter(|e| !e.ends_with("done")).collect();
            assert!(
                log.iter().eq(stepped),
                "case {case}: the log holds what the tasks yielded, in order"
            );
            // Every task that started and did not end is closed once, after the budget ran out.
            let mut closed: Vec<&String> = trace[ran..].iter().collect();
            closed.sort();
            let mut expected = Vec::new();
            for (&s, name) in steps.iter().zip(NAMES) {
                let taken = full[..ran]
                    .iter()
                    .filter(|e| e.starts_with(name) && !e.ends_with("done"))
                    .count();
                let ended = full[..ran].contains(&format!("{name} done"));
                if taken > 0 && !ended {
                    expected.push(format!("{name} closed after {taken}"));
                }
                assert!(taken as u32 <= s);
            }
            expected.sort();
            assert!(
                closed.iter().copied().eq(expected.iter()),
                "case {case}: every started, unfinished task is closed exactly once"
            );
        }
    }
}
