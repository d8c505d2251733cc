// virtual_clock: sleeping without waiting, and deadlock instead of a hang
//
// A scheduler can offer time: a task yields `Sleep(ticks)` and is resumed that many ticks later.
// On a virtual clock nothing really waits: when no task is ready, the clock jumps straight to
// the earliest wake-up time. That makes timing logic instant and exact to test. And when no task
// is ready and none is asleep, but some are still waiting for each other, nothing can ever
// happen again: a deadlock, reported with the ids involved instead of a program that hangs.
//
// Python (asyncio's idea, Beazley's        coro:
// pyos with sleep):
//   yield Sleep(3)                           co.yield_(Call::Sleep(3)).await?;
//   if not ready: clock = min(sleepers)      if ready is empty: jump to the earliest sleeper
//
// What to do: write `Clock::run`. Resume ready tasks in order; `Sleep(ticks)` puts the task to
// sleep until `now + ticks`; `Now` answers the clock at once; `Wait(tid)` parks the caller until
// `tid` ends (at once if it already has). When nothing is ready, jump to the earliest wake-up
// and wake every task due then, in order of tid; if nobody is asleep but tasks remain, return
// `Err(Stop::Deadlock(their tids, sorted))`. Count every resume; past `max_steps`, return
// `Err(Stop::TooManySteps)`. When all tasks have ended, return `Ok(final clock)`.

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
    sleeping: BinaryHeap<Reverse<(u64, Tid)>>,
    waiting: HashMap<Tid, Vec<Tid>>,
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
        assert_eq!(
            clock.run(100),
            Err(Stop::Deadlock(vec![1, 2])),
            "the bystander wakes and ends; 1 and 2 never can"
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
}
