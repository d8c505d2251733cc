// mini_executor: from coroutines to async/await
//
// An `async fn` is a coroutine that the compiler writes for you: `.await` on a future that is
// not ready is a `yield_` that hands out `Poll::Pending`, and `poll` is a `send`. What a
// coroutine library leaves to its caller, an executor does: it polls a future when someone has
// said it can make progress. That someone is the waker: a future that returns `Pending` keeps a
// `Waker`, and calls `wake()` when it is ready to go on; the executor then puts the task back on
// its ready queue, exactly like a scheduler resuming a task whose wait is over.
//
// Python (asyncio, stripped down):        Rust:
//   ready = deque()                          ready: ReadyQueue (a Mutex<VecDeque<usize>>)
//   handle._run() -> coro.send(None)         future.as_mut().poll(&mut cx)
//   loop.call_soon(handle)                   waker.wake()  (pushes the task's id)
//   if not ready: sleep until a timer        if not ready: jump the virtual clock to a timer
//
// What to do: three pieces marked TODO.
// 1. `impl Wake for TaskWaker`: waking a task pushes its id onto the ready queue.
// 2. `Executor::run`: poll ready tasks until all are done; when none is ready, let the reactor
//    advance its virtual clock to the next timer; if there is none, the rest are `Stalled`.
// 3. `block_on`: poll one future on the current thread; between polls, park the thread until the
//    waker has been called (park, do not spin: a future is polled again only after a wake, and
//    `thread::park` may also return without one); if it is pending and nobody else holds a copy
//    of its waker, nothing can ever wake it: `Stalled`.
// One rule for all three: never hold the ready queue's lock while a task is being polled. A task
// may wake itself during its poll, and its waker takes that lock.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stalled;

/// Timers on a virtual clock: time moves only when the executor has nothing else to do.
#[derive(Clone, Default)]
pub struct Reactor(Rc<RefCell<Timers>>);

#[derive(Default)]
struct Timers {
    now: u64,
    next_id: u64,
    due: BinaryHeap<Reverse<(u64, u64)>>,
    wakers: HashMap<u64, Waker>,
}

impl Reactor {
    pub fn now(&self) -> u64 {
        self.0.borrow().now
    }

    /// A future that completes `ticks` after now.
    pub fn sleep(&self, ticks: u64) -> Sleep {
        Sleep {
            reactor: self.clone(),
            deadline: self.now() + ticks,
            id: None,
        }
    }

    /// Jumps to the earliest timer and wakes every timer due then. False if there is none.
    pub fn advance(&self) -> bool {
        let mut timers = self.0.borrow_mut();
        let Some(&Reverse((deadline, _))) = timers.due.peek() else {
            return false;
        };
        timers.now = deadline;
        let mut woken = Vec::new();
        while let Some(&Reverse((at, id))) = timers.due.peek() {
            if at != deadline {
                break;
            }
            timers.due.pop();
            woken.extend(timers.wakers.remove(&id));
        }
        drop(timers);
        woken.into_iter().for_each(Waker::wake);
        true
    }
}

pub struct Sleep {
    reactor: Reactor,
    deadline: u64,
    id: Option<u64>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut timers = self.reactor.0.borrow_mut();
        if timers.now >= self.deadline {
            return Poll::Ready(());
        }
        let id = match self.id {
            Some(id) => id,
            None => {
                timers.next_id += 1;
                let id = timers.next_id;
                timers.due.push(Reverse((self.deadline, id)));
                id
            }
        };
        timers.wakers.insert(id, cx.waker().clone());
        drop(timers);
        self.id = Some(id);
        Poll::Pending
    }
}

/// Pending once, waking itself: gives other tasks a turn.
#[derive(Default)]
pub struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// The ready queue: ids of the tasks to poll. This executor runs on one thread and its wakers
/// are called on that thread, so a lock that is already taken can only mean that this thread
/// holds it: `lock` says so at once instead of deadlocking.
#[derive(Clone, Default)]
pub struct ReadyQueue(Arc<Mutex<VecDeque<usize>>>);

impl ReadyQueue {
    pub fn lock(&self) -> MutexGuard<'_, VecDeque<usize>> {
        match self.0.try_lock() {
            Ok(guard) => guard,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => panic!(
                "the ready queue is already locked by this thread: never hold the queue's lock \
                 while polling a task (a task that wakes itself during its poll needs that lock)"
            ),
        }
    }
}

/// The waker of task `id` of an executor.
pub struct TaskWaker {
    pub id: usize,
    pub ready: ReadyQueue,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        // TODO: put this task back on the ready queue.
        todo!("wake")
    }
}

/// Runs spawned futures to completion on one thread, with a virtual clock.
#[derive(Default)]
pub struct Executor {
    tasks: Vec<Option<Pin<Box<dyn Future<Output = ()>>>>>,
    ready: ReadyQueue,
    pub reactor: Reactor,
}

impl Executor {
    pub fn spawn(&mut self, future: impl Future<Output = ()> + 'static) {
        self.tasks.push(Some(Box::pin(future)));
        self.ready.lock().push_back(self.tasks.len() - 1);
    }

    /// Polls tasks as they are woken until all have finished.
    pub fn run(&mut self) -> Result<(), Stalled> {
        // TODO: pop ready ids and poll those tasks with a Waker made from a TaskWaker; when
        // nothing is ready, advance the reactor; stop when every task is done.
        todo!("the executor loop")
    }
}

/// Wakes the thread that runs `block_on`.
pub struct ThreadWaker {
    pub thread: Thread,
    pub woken: AtomicBool,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.thread.unpark();
    }
}

/// Runs `future` on this thread until it completes.
pub fn block_on<F: Future>(_future: F) -> Result<F::Output, Stalled> {
    // TODO: pin the future, poll it with a Waker made from a ThreadWaker, and park between
    // polls until woken. Arc::strong_count tells whether anyone else holds the waker.
    todo!("block_on")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::sync::atomic::AtomicUsize;

    /// Counts the polls of `future`.
    struct Counted<F>(F, Rc<Cell<u32>>);
    impl<F: Future + Unpin> Future for Counted<F> {
        type Output = F::Output;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            self.1.set(self.1.get() + 1);
            Pin::new(&mut self.0).poll(cx)
        }
    }

    #[test]
    fn block_on_runs_a_ready_future() {
        assert_eq!(block_on(async { 1 + 2 }), Ok(3));
    }

    #[test]
    fn a_future_that_wakes_itself_is_polled_exactly_twice() {
        let polls = Rc::new(Cell::new(0));
        assert_eq!(
            block_on(Counted(YieldNow::default(), polls.clone())),
            Ok(())
        );
        assert_eq!(
            polls.get(),
            2,
            "polled once, woken once, polled again: no busy polling"
        );
    }

    #[test]
    fn a_future_nobody_can_wake_is_stalled_not_hung() {
        assert_eq!(block_on(std::future::pending::<()>()), Err(Stalled));
    }

    #[test]
    fn a_wake_from_another_thread_unblocks_block_on() {
        let done = Arc::new(AtomicBool::new(false));
        let mut helper: Option<thread::JoinHandle<()>> = None;
        let flag = done.clone();
        let result = block_on(std::future::poll_fn(move |cx| {
            if flag.load(Ordering::SeqCst) {
                return Poll::Ready("woken");
            }
            if helper.is_none() {
                let (flag, waker) = (flag.clone(), cx.waker().clone());
                helper = Some(thread::spawn(move || {
                    flag.store(true, Ordering::SeqCst);
                    waker.wake();
                }));
            }
            Poll::Pending
        }));
        assert_eq!(result, Ok("woken"));
        assert!(done.load(Ordering::SeqCst));
    }

    /// The state letter of this process's thread named `name` (Linux: `R` running or
    /// runnable, `S` sleeping), read from /proc.
    fn thread_state(name: &str) -> Option<char> {
        for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if comm.trim_end() == name {
                let stat = std::fs::read_to_string(task.path().join("stat")).ok()?;
                return stat[stat.rfind(')')? + 2..].chars().next();
            }
        }
        None
    }

    #[test]
    fn block_on_sleeps_while_it_waits_instead_of_spinning() {
        // block_on runs in a thread of its own, named so that /proc can find it, on a future
        // that only this test wakes. While it waits, a parked thread sleeps (state S); a loop
        // that checks the flag again and again keeps running (state R).
        let (tx, rx) = std::sync::mpsc::channel::<Waker>();
        let blocker = thread::Builder::new()
            .name("block-on-waits".into())
            .spawn(move || {
                let mut sent = false;
                block_on(std::future::poll_fn(move |cx| {
                    if sent {
                        return Poll::Ready(());
                    }
                    sent = true;
                    tx.send(cx.waker().clone()).unwrap();
                    Poll::Pending
                }))
            })
            .unwrap();
        let waker = rx.recv().unwrap();
        let mut asleep = 0;
        for _ in 0..10 {
            thread::sleep(std::time::Duration::from_millis(20));
            if thread_state("block-on-waits") == Some('S') {
                asleep += 1;
            }
        }
        waker.wake();
        assert_eq!(blocker.join().unwrap(), Ok(()));
        assert!(
            asleep >= 5,
            "while block_on waits for a wake its thread must sleep (thread::park), not spin: \
             it was asleep in {asleep} of 10 looks"
        );
    }

    #[test]
    fn block_on_parks_until_woken_instead_of_polling_again() {
        // A helper thread wakes the future once it has been polled; it waits (a bounded number of
        // turns) to see whether block_on polls again without being woken.
        let polls = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let (tx, rx) = std::sync::mpsc::channel::<Waker>();
        let (p, d) = (polls.clone(), done.clone());
        let helper = thread::spawn(move || {
            let waker = rx.recv().unwrap();
            let mut turns = 0;
            while p.load(Ordering::SeqCst) < 2 && turns < 20_000 {
                thread::yield_now();
                turns += 1;
            }
            d.store(true, Ordering::SeqCst);
            waker.wake();
        });
        let mut tx = Some(tx);
        let (p, d) = (polls.clone(), done.clone());
        let result = block_on(std::future::poll_fn(move |cx| {
            p.fetch_add(1, Ordering::SeqCst);
            if d.load(Ordering::SeqCst) {
                return Poll::Ready("woken");
            }
            if let Some(tx) = tx.take() {
                tx.send(cx.waker().clone()).unwrap();
                // A stray unpark, as `park` may return without any wake: it must not count as one.
                thread::current().unpark();
            }
            Poll::Pending
        }));
        helper.join().unwrap();
        assert_eq!(result, Ok("woken"));
        assert!(
            polls.load(Ordering::SeqCst) == 2,
            "block_on polled the future again before anyone woke it: between polls it must park \
             the thread, and poll only after the waker has been called (no spinning; and a return \
             from park is not a wake: check the waker's flag)"
        );
    }

    #[test]
    fn timers_complete_in_deadline_order_on_the_virtual_clock() {
        let mut x = 3u64;
        let mut next = move |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let fixed = vec![30, 10, 20];
        for round in 0..8 {
            let ticks_list: Vec<u64> = if round == 0 {
                fixed.clone()
            } else {
                (0..1 + next(6)).map(|_| next(40)).collect()
            };
            let mut ex = Executor::default();
            let log = Rc::new(RefCell::new(Vec::new()));
            let mut counters = Vec::new();
            for (i, &ticks) in ticks_list.iter().enumerate() {
                let (reactor, log) = (ex.reactor.clone(), log.clone());
                let polls = Rc::new(Cell::new(0));
                counters.push(polls.clone());
                let sleep = Box::pin(reactor.sleep(ticks));
                ex.spawn(async move {
                    Counted(sleep, polls).await;
                    log.borrow_mut().push((ticks, i, reactor.now()));
                });
            }
            assert_eq!(ex.run(), Ok(()));
            let mut want: Vec<(u64, usize, u64)> = ticks_list
                .iter()
                .enumerate()
                .map(|(i, &t)| (t, i, t))
                .collect();
            want.sort();
            assert_eq!(
                *log.borrow(),
                want,
                "round {round}: each task wakes at its own deadline; ties in spawn order"
            );
            for (i, polls) in counters.iter().enumerate() {
                let expected = if ticks_list[i] == 0 { 1 } else { 2 };
                assert!(
                    polls.get() == expected,
                    "round {round}: a sleeping task is polled once when spawned and once when its \
                     timer wakes it, never in between: poll only the tasks that were woken"
                );
            }
            assert_eq!(ex.reactor.now(), want.last().map_or(0, |w| w.0));
        }
    }

    #[test]
    fn a_task_that_wakes_itself_while_polled_does_not_deadlock() {
        let mut ex = Executor::default();
        let polls = Rc::new(Cell::new(0));
        let p = polls.clone();
        ex.spawn(async move {
            Counted(YieldNow::default(), p).await;
        });
        assert_eq!(ex.run(), Ok(()));
        assert_eq!(polls.get(), 2, "woken once by itself, so polled twice");
    }

    #[test]
    fn async_fns_interleave_at_their_awaits() {
        async fn count(name: &'static str, reactor: Reactor, log: Rc<RefCell<Vec<String>>>) {
            for i in 1..=2 {
                log.borrow_mut()
                    .push(format!("{name}{i}@{}", reactor.now()));
                YieldNow::default().await;
            }
            reactor.sleep(5).await;
            log.borrow_mut()
                .push(format!("{name} done@{}", reactor.now()));
        }
        let mut ex = Executor::default();
        let log = Rc::new(RefCell::new(Vec::new()));
        ex.spawn(count("a", ex.reactor.clone(), log.clone()));
        ex.spawn(count("b", ex.reactor.clone(), log.clone()));
        assert_eq!(ex.run(), Ok(()));
        assert_eq!(
            *log.borrow(),
            ["a1@0", "b1@0", "a2@0", "b2@0", "a done@5", "b done@5"]
        );
    }

    #[test]
    fn a_task_waiting_on_nothing_stalls_the_executor() {
        let mut ex = Executor::default();
        let polled = Arc::new(AtomicUsize::new(0));
        let p = polled.clone();
        ex.spawn(async move {
            p.fetch_add(1, Ordering::SeqCst);
            std::future::pending::<()>().await;
        });
        let reactor = ex.reactor.clone();
        ex.spawn(async move { reactor.sleep(7).await });
        assert_eq!(ex.run(), Err(Stalled));
        assert_eq!(
            ex.reactor.now(),
            7,
            "the timer task ran to its end before the stall was found"
        );
        assert_eq!(
            polled.load(Ordering::SeqCst),
            1,
            "it was polled once, then nothing could wake it"
        );
    }
}
