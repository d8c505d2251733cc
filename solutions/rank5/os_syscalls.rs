// os_syscalls: a scheduler whose tasks make system calls (solution)
//
// Why this works. The only interface between a task and the scheduler is what crosses `yield_`:
// a request out, an answer in. So every system call ends the same way, with the caller queued
// with its answer, and the one call that must not answer yet (a Wait for a live task) simply
// does not queue the caller: it records it under the task it waits for, and `exit` queues it
// with that task's result when the time comes. Nothing polls a waiting task. Kill removes the
// victim first (so it can never be resumed again) and closes it, which resumes it one last time
// with a close at the `yield_` where it is suspended: its Close arm and its guards run before
// the waiters learn it has gone. Spawn answers with the id `spawn` gives, so ids stay in one
// place.

use std::collections::{HashMap, VecDeque};

use coro::{Coroutine, Step};

pub type Tid = u32;
pub type Task = Coroutine<Syscall, Reply, i64>;

pub enum Syscall {
    GetTid,
    Spawn(Task),
    Kill(Tid),
    Wait(Tid),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// What a task is sent the first time it runs.
    Start,
    Tid(Tid),
    Killed(bool),
    /// The awaited task's return value; `None` if it was killed or never existed.
    Exited(Option<i64>),
}

#[derive(Default)]
pub struct Scheduler {
    next_tid: Tid,
    tasks: HashMap<Tid, Task>,
    ready: VecDeque<(Tid, Reply)>,
    /// Who waits for whom: awaited task -> the tasks waiting for it.
    waiting: HashMap<Tid, Vec<Tid>>,
    exited: HashMap<Tid, i64>,
}

impl Scheduler {
    pub fn spawn(&mut self, task: Task) -> Tid {
        self.next_tid += 1;
        self.tasks.insert(self.next_tid, task);
        self.ready.push_back((self.next_tid, Reply::Start));
        self.next_tid
    }

    /// Runs until no task is ready, or `max_steps` resumes have been made; returns the steps.
    pub fn run(&mut self, max_steps: usize) -> usize {
        let mut steps = 0;
        while steps < max_steps {
            let Some((tid, reply)) = self.ready.pop_front() else {
                break;
            };
            let Some(task) = self.tasks.get_mut(&tid) else {
                continue;
            };
            steps += 1;
            let step = match reply {
                Reply::Start => task.prime(),
                reply => task.send(reply),
            };
            match step {
                Ok(Step::Yielded(call)) => self.handle(tid, call),
                Ok(Step::Complete(value)) => self.exit(tid, Some(value)),
                Err(_) => self.exit(tid, None),
            }
        }
        steps
    }

    /// `tid` has ended, with `value` if it returned one: wake whoever waits for it.
    fn exit(&mut self, tid: Tid, value: Option<i64>) {
        self.tasks.remove(&tid);
        if let Some(value) = value {
            self.exited.insert(tid, value);
        }
        for waiter in self.waiting.remove(&tid).unwrap_or_default() {
            self.ready.push_back((waiter, Reply::Exited(value)));
        }
    }

    /// Carries out `call`, made by `tid`.
    fn handle(&mut self, tid: Tid, call: Syscall) {
        let answer = match call {
            Syscall::GetTid => Reply::Tid(tid),
            Syscall::Spawn(task) => Reply::Tid(self.spawn(task)),
            Syscall::Kill(target) => match self.tasks.remove(&target) {
                Some(mut victim) => {
                    let _ = victim.close();
                    self.exit(target, None);
                    Reply::Killed(true)
                }
                None => Reply::Killed(false),
            },
            Syscall::Wait(target) if self.tasks.contains_key(&target) => {
                self.waiting.entry(target).or_default().push(tid);
                return;
            }
            Syscall::Wait(target) => Reply::Exited(self.exited.get(&target).copied()),
        };
        self.ready.push_back((tid, answer));
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::Interrupt;
    use std::cell::RefCell;
    use std::rc::Rc;

    type Log = Rc<RefCell<Vec<String>>>;

    /// Logs its id, works `steps` turns (asking for its id each time), returns 10 * its id.
    fn worker(log: Log, steps: u32) -> Task {
        Coroutine::new(move |co| async move {
            let Reply::Tid(me) = co.yield_(Syscall::GetTid).await? else {
                panic!("GetTid answers Tid")
            };
            log.borrow_mut().push(format!("worker {me} starts"));
            for _ in 1..steps {
                co.yield_(Syscall::GetTid).await?;
            }
            log.borrow_mut().push(format!("worker {me} ends"));
            Ok(10 * i64::from(me))
        })
    }

    #[test]
    fn ids_count_up_in_spawn_order() {
        let log = Log::default();
        let mut s = Scheduler::default();
        s.spawn(worker(log.clone(), 2));
        s.spawn(worker(log.clone(), 2));
        s.run(100);
        assert_eq!(
            *log.borrow(),
            [
                "worker 1 starts",
                "worker 2 starts",
                "worker 1 ends",
                "worker 2 ends"
            ]
        );
    }

    #[test]
    fn wait_resumes_the_parent_after_the_child_exits_with_its_value() {
        let log = Log::default();
        let l = log.clone();
        let parent: Task = Coroutine::new(move |co| async move {
            let Reply::Tid(child) = co.yield_(Syscall::Spawn(worker(l.clone(), 3))).await? else {
                panic!()
            };
            l.borrow_mut().push(format!("parent waits for {child}"));
            let Reply::Exited(value) = co.yield_(Syscall::Wait(child)).await? else {
                panic!()
            };
            l.borrow_mut().push(format!("parent sees {value:?}"));
            Ok(0)
        });
        let mut s = Scheduler::default();
        s.spawn(parent);
        s.run(100);
        assert_eq!(
            *log.borrow(),
            [
                "parent waits for 2",
                "worker 2 starts",
                "worker 2 ends",
                "parent sees Some(20)"
            ],
            "the parent sleeps until its child returns, then gets the return value"
        );
    }

    #[test]
    fn waiting_for_an_unknown_or_finished_task_answers_at_once() {
        let log = Log::default();
        let l = log.clone();
        let task: Task = Coroutine::new(move |co| async move {
            let r = co.yield_(Syscall::Wait(99)).await?;
            l.borrow_mut().push(format!("{r:?}"));
            let Reply::Tid(child) = co.yield_(Syscall::Spawn(worker(l.clone(), 1))).await? else {
                panic!()
            };
            co.yield_(Syscall::GetTid).await?;
            co.yield_(Syscall::GetTid).await?;
            let r = co.yield_(Syscall::Wait(child)).await?;
            l.borrow_mut().push(format!("{r:?}"));
            Ok(0)
        });
        let mut s = Scheduler::default();
        s.spawn(task);
        s.run(100);
        assert_eq!(
            *log.borrow(),
            [
                "Exited(None)",
                "worker 2 starts",
                "worker 2 ends",
                "Exited(Some(20))"
            ]
        );
    }

    #[test]
    fn kill_closes_the_victim_and_wakes_its_waiters() {
        struct Guard(Log);
        impl Drop for Guard {
            fn drop(&mut self) {
                self.0.borrow_mut().push("victim dropped".into());
            }
        }
        let log = Log::default();
        let l = log.clone();
        let victim: Task = Coroutine::new(move |co| async move {
            let _guard = Guard(l.clone());
            loop {
                match co.yield_(Syscall::GetTid).await {
                    Ok(_) => {}
                    Err(Interrupt::Close) => {
                        l.borrow_mut().push("victim closed".into());
                        return Ok(-1);
                    }
                    Err(other) => return Err(other),
                }
            }
        });
        let (l1, l2) = (log.clone(), log.clone());
        let waiter: Task = Coroutine::new(move |co| async move {
            let r = co.yield_(Syscall::Wait(1)).await?;
            l1.borrow_mut().push(format!("waiter got {r:?}"));
            Ok(0)
        });
        let killer: Task = Coroutine::new(move |co| async move {
            let first = co.yield_(Syscall::Kill(1)).await?;
            let second = co.yield_(Syscall::Kill(1)).await?;
            l2.borrow_mut().push(format!("kills: {first:?} {second:?}"));
            Ok(0)
        });
        let mut s = Scheduler::default();
        s.spawn(victim);
        s.spawn(waiter);
        s.spawn(killer);
        let steps = s.run(100);
        assert!(
            log.borrow().first().map(String::as_str) == Some("victim closed"),
            "a killed task is closed, so its Close arm runs; dropping it only destroys it: {:?}",
            log.borrow()
        );
        assert_eq!(
            log.borrow()[1..],
            [
                "victim dropped",
                "waiter got Exited(None)",
                "kills: Killed(true) Killed(false)"
            ],
            "the victim is gone before its waiter is woken (with Exited(None): it returned nothing); \
             killing a dead task answers Killed(false)"
        );
        assert!(steps < 100, "everything ended: no task is left running");
    }

    /// A parent spawns workers of generated lengths, then waits for each in turn.
    #[test]
    fn generated_families_wait_for_every_child() {
        let mut x = 5u64;
        let mut next = move |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            1 + (x >> 33) % n
        };
        for round in 0..10 {
            let lengths: Vec<u32> = (0..next(5)).map(|_| next(6) as u32).collect();
            let log = Log::default();
            let (l, ls) = (log.clone(), lengths.clone());
            let parent: Task = Coroutine::new(move |co| async move {
                let mut children = Vec::new();
                for steps in ls {
                    let Reply::Tid(child) =
                        co.yield_(Syscall::Spawn(worker(l.clone(), steps))).await?
                    else {
                        panic!("Spawn answers Tid")
                    };
                    children.push(child);
                }
                let mut total = 0;
                for child in children {
                    let Reply::Exited(Some(value)) = co.yield_(Syscall::Wait(child)).await? else {
                        panic!("a worker returns a value")
                    };
                    total += value;
                }
                Ok(total)
            });
            let mut s = Scheduler::default();
            let waiter_log = log.clone();
            s.spawn(parent);
            s.spawn(Coroutine::new(move |co| async move {
                let r = co.yield_(Syscall::Wait(1)).await?;
                waiter_log.borrow_mut().push(format!("parent {r:?}"));
                Ok(0)
            }));
            s.run(1000);
            let n = lengths.len() as i64;
            // Children get ids 3, 4, ...: each returns 10 * its id.
            let total: i64 = (3..3 + n).map(|tid| 10 * tid).sum();
            assert_eq!(
                log.borrow().last(),
                Some(&format!("parent Exited(Some({total}))")),
                "round {round}: each Wait answers the child's return value, and the parent's own \
                 waiter gets the parent's"
            );
            assert_eq!(
                log.borrow().iter().filter(|l| l.ends_with("ends")).count(),
                lengths.len(),
                "round {round}: every child runs to its end"
            );
        }
    }

    #[test]
    fn run_makes_at_most_max_steps_resumes() {
        let forever = || -> Task {
            Coroutine::new(|co| async move {
                loop {
                    co.yield_(Syscall::GetTid).await?;
                }
            })
        };
        for max in [0, 1, 2, 7] {
            let mut s = Scheduler::default();
            s.spawn(forever());
            assert!(
                s.run(max) == max,
                "run({max}) makes exactly {max} resumes of a task that never ends: \
                 every system call puts its caller back on the ready queue"
            );
        }
        // A worker of 3 steps needs exactly 4 resumes: the first, and one per GetTid.
        for (max, done) in [(3, false), (4, true), (5, true)] {
            let log = Log::default();
            let mut s = Scheduler::default();
            s.spawn(worker(log.clone(), 3));
            let steps = s.run(max);
            assert_eq!(
                log.borrow().len() == 2,
                done,
                "with max_steps {max}, a task that needs 4 resumes {}",
                if done { "ends" } else { "does not end yet" }
            );
            assert_eq!(steps, max.min(4), "run returns the resumes it made");
        }
    }
}
