// virtual_clock: sleeping without waiting, and deadlock instead of a hang (solution)
//
// Why this works. The loop has two phases. First it runs everything that is ready, in order;
// each call either re-queues the caller with its answer (Now, a Wait for a task that is gone),
// parks it in the sleep heap under its wake-up time, or parks it under the task it waits for,
// which a task's end moves back to the ready queue. Then, with nothing ready, time is the only
// thing that can change anything: the clock jumps to the smallest wake-up in the heap, and
// every sleeper due then is queued; the heap orders (time, tid) pairs, so ties come out in tid
// order without extra work. If the heap is empty but tasks remain, each of them waits for
// another task that can never run: that is a deadlock, reported instead of a hang. The step
// count is checked before each resume, so exactly `max_steps` resumes are allowed and a task
// that never blocks is stopped instead of running forever.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, VecDeque};

use coro::{Coroutine, Step};

pub type Tid = u32;

pub enum Call {
    Sleep(u64),
    Now,
    Wait(Tid),
}

pub type Task = Coroutine<Call, u64>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    Deadlock(Vec<Tid>),
    TooManySteps,
}

#[derive(Default)]
pub struct Clock {
    pub now: u64,
    tasks: BTreeMap<Tid, Task>,
    /// Ready to run, with what to send them (a fresh task is primed instead).
    ready: VecDeque<(Tid, Option<u64>)>,
    /// Asleep: (wake-up time, tid), earliest first.
    pub sleeping: BinaryHeap<Reverse<(u64, Tid)>>,
    /// Who waits for whom: a task -> the tasks waiting for it to end.
    pub waiting: HashMap<Tid, Vec<Tid>>,
}

impl Clock {
    pub fn spawn(&mut self, tid: Tid, task: Task) {
        self.tasks.insert(tid, task);
        self.ready.push_back((tid, None));
    }

    pub fn run(&mut self, max_steps: usize) -> Result<u64, Stop> {
        let mut steps = 0;
        loop {
            while let Some((tid, input)) = self.ready.pop_front() {
                steps += 1;
                if steps > max_steps {
                    return Err(Stop::TooManySteps);
                }
                let Some(task) = self.tasks.get_mut(&tid) else {
                    continue;
                };
                let step = match input {
                    None => task.prime(),
                    Some(value) => task.send(value),
                };
                match step {
                    Ok(Step::Yielded(Call::Sleep(ticks))) => {
                        self.sleeping.push(Reverse((self.now + ticks, tid)))
                    }
                    Ok(Step::Yielded(Call::Now)) => self.ready.push_back((tid, Some(self.now))),
                    Ok(Step::Yielded(Call::Wait(target))) if self.tasks.contains_key(&target) => {
                        self.waiting.entry(target).or_default().push(tid);
                    }
                    Ok(Step::Yielded(Call::Wait(_))) => self.ready.push_back((tid, Some(self.now))),
                    Ok(Step::Complete(())) | Err(_) => {
                        self.tasks.remove(&tid);
                        for waiter in self.waiting.remove(&tid).unwrap_or_default() {
                            self.ready.push_back((waiter, Some(self.now)));
                        }
                    }
                }
            }
            if self.tasks.is_empty() {
                return Ok(self.now);
            }
            let Some(&Reverse((wake, _))) = self.sleeping.peek() else {
                return Err(Stop::Deadlock(self.tasks.keys().copied().collect()));
            };
            self.now = wake;
            while let Some(&Reverse((time, tid))) = self.sleeping.peek() {
                if time != wake {
                    break;
                }
                self.sleeping.pop();
                self.ready.push_back((tid, Some(self.now)));
            }
        }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    type Log = Rc<RefCell<Vec<String>>>;

    fn sleeper(name: &'static str, ticks: u64, log: Log) -> Task {
        Coroutine::new(move |co| async move {
            let woke = co.yield_(Call::Sleep(ticks)).await?;
            log.borrow_mut().push(format!("{name} woke at {woke}"));
            Ok(())
        })
    }

    #[test]
    fn sleepers_wake_in_order_of_their_wake_time_and_the_clock_jumps() {
        let log = Log::default();
        let mut clock = Clock::default();
        clock.spawn(1, sleeper("a", 3, log.clone()));
        clock.spawn(2, sleeper("b", 1, log.clone()));
        clock.spawn(3, sleeper("c", 2, log.clone()));
        assert_eq!(
            clock.run(100),
            Ok(3),
            "the run ends when the last sleeper wakes, at t=3"
        );
        assert_eq!(*log.borrow(), ["b woke at 1", "c woke at 2", "a woke at 3"]);
    }

    #[test]
    fn ties_wake_in_order_of_tid() {
        let log = Log::default();
        let mut clock = Clock::default();
        clock.spawn(7, sleeper("seven", 5, log.clone()));
        clock.spawn(2, sleeper("two", 5, log.clone()));
        assert_eq!(clock.run(100), Ok(5));
        assert_eq!(*log.borrow(), ["two woke at 5", "seven woke at 5"]);
    }

    #[test]
    fn sleeps_add_up_and_now_reads_the_clock() {
        let log = Log::default();
        let l = log.clone();
        let mut clock = Clock::default();
        clock.spawn(
            1,
            Coroutine::new(move |co| async move {
                co.yield_(Call::Sleep(4)).await?;
                co.yield_(Call::Sleep(6)).await?;
                let now = co.yield_(Call::Now).await?;
                l.borrow_mut().push(format!("now {now}"));
                Ok(())
            }),
        );
        assert_eq!(clock.run(100), Ok(10));
        assert_eq!(*log.borrow(), ["now 10"]);
    }

    #[test]
    fn tasks_waiting_for_each_other_are_a_deadlock_not_a_hang() {
        let mut clock = Clock::default();
        let waits_for = |other: Tid| -> Task {
            Coroutine::new(move |co| async move {
                co.yield_(Call::Wait(other)).await?;
                Ok(())
            })
        };
        clock.spawn(1, waits_for(2));
        clock.spawn(2, waits_for(1));
        clock.spawn(3, sleeper("bystander", 2, Log::default()));
        clock.spawn(5, waits_for(1));
        assert_eq!(
            clock.run(100),
            Err(Stop::Deadlock(vec![1, 2, 5])),
            "the bystander wakes and ends; 1, 2 and 5 (which waits for 1) never can"
        );
    }

    #[test]
    fn a_task_that_never_sleeps_is_stopped_by_the_step_limit() {
        let mut clock = Clock::default();
        clock.spawn(
            1,
            Coroutine::new(|co| async move {
                loop {
                    co.yield_(Call::Now).await?;
                }
            }),
        );
        assert_eq!(clock.run(1000), Err(Stop::TooManySteps));
    }

    #[test]
    fn a_waiter_is_woken_when_the_task_it_waits_for_ends_and_told_when() {
        let log = Log::default();
        let l = log.clone();
        let mut clock = Clock::default();
        clock.spawn(1, sleeper("worker", 4, log.clone()));
        clock.spawn(
            2,
            Coroutine::new(move |co| async move {
                let ended = co.yield_(Call::Wait(1)).await?;
                l.borrow_mut().push(format!("waiter woke at {ended}"));
                let again = co.yield_(Call::Wait(1)).await?;
                l.borrow_mut().push(format!("second wait answered {again}"));
                let unknown = co.yield_(Call::Wait(42)).await?;
                l.borrow_mut().push(format!("unknown answered {unknown}"));
                Ok(())
            }),
        );
        assert_eq!(
            clock.run(100),
            Ok(4),
            "a live waiter is woken, so the run ends"
        );
        assert_eq!(
            *log.borrow(),
            [
                "worker woke at 4",
                "waiter woke at 4",
                "second wait answered 4",
                "unknown answered 4"
            ],
            "Wait answers the time the task ended; a task that is gone is answered at once"
        );
    }

    #[test]
    fn generated_sleepers_wake_in_order_of_time_then_tid() {
        let mut x = 11u64;
        let mut next = move |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        for round in 0..10 {
            let log = Log::default();
            let mut clock = Clock::default();
            let mut want = Vec::new();
            for tid in 1..=(2 + next(6) as Tid) {
                let ticks = next(5);
                clock.spawn(
                    tid,
                    sleeper(
                        ["a", "b", "c", "d", "e", "f", "g", "h"][tid as usize - 1],
                        ticks,
                        log.clone(),
                    ),
                );
                want.push((ticks, tid));
            }
            want.sort();
            let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
            let expected: Vec<String> = want
                .iter()
                .map(|&(t, tid)| format!("{} woke at {t}", names[tid as usize - 1]))
                .collect();
            let end = want.last().unwrap().0;
            assert_eq!(
                clock.run(100),
                Ok(end),
                "round {round}: the run ends at the last wake-up"
            );
            assert_eq!(*log.borrow(), expected, "round {round}");
        }
    }

    #[test]
    fn max_steps_allows_exactly_that_many_resumes() {
        // Three Now calls and the end: 4 resumes.
        let task = || -> Task {
            Coroutine::new(|co| async move {
                for _ in 0..3 {
                    co.yield_(Call::Now).await?;
                }
                Ok(())
            })
        };
        for (max, ok) in [(3, false), (4, true), (5, true)] {
            let mut clock = Clock::default();
            clock.spawn(1, task());
            let result = clock.run(max);
            assert!(
                result.is_ok() == ok,
                "a task that needs 4 resumes, run with max_steps {max}: {}",
                if ok {
                    "it must end"
                } else {
                    "the step limit must stop it"
                }
            );
            if !ok {
                assert_eq!(result, Err(Stop::TooManySteps));
            }
        }
    }

    #[test]
    fn the_clock_jumps_over_a_long_sleep_instead_of_counting_to_it() {
        // A clock that moves one tick per idle loop would count to 2^40 here, and the run would
        // time out: with nothing ready, the clock must go straight to the earliest wake-up.
        let far = 1u64 << 40;
        let log = Log::default();
        let mut clock = Clock::default();
        clock.spawn(1, sleeper("far", far, log.clone()));
        clock.spawn(2, sleeper("farther", far + 3, log.clone()));
        assert_eq!(
            clock.run(10),
            Ok(far + 3),
            "two sleepers, four resumes: the run ends when the later one wakes"
        );
        assert_eq!(
            *log.borrow(),
            [format!("far woke at {far}"), format!("farther woke at {}", far + 3)]
        );
    }
}
