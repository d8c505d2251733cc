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
//   ready = deque()                          ready: Arc<Mutex<VecDeque<usize>>>
//   handle._run() -> coro.send(None)         future.as_mut().poll(&mut cx)
//   loop.call_soon(handle)                   waker.wake()  (pushes the task's id)
//   if not ready: sleep until a timer        if not ready: jump the virtual clock to a timer
//
// What to do: three pieces marked TODO.
// 1. `impl Wake for TaskWaker`: waking a task pushes its id onto the ready queue.
// 2. `Executor::run`: poll ready tasks until all are done; when none is ready, let the reactor
//    advance its virtual clock to the next timer; if there is none, the rest are `Stalled`.
// 3. `block_on`: poll one future on the current thread; park until woken; if it is pending and
//    nobody holds a copy of its waker, nothing can ever wake it: `Stalled`.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
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

/// The waker of task `id` of an executor.
struct TaskWaker {
    id: usize,
    ready: Arc<Mutex<VecDeque<usize>>>,
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
    ready: Arc<Mutex<VecDeque<usize>>>,
    pub reactor: Reactor,
}

impl Executor {
    pub fn spawn(&mut self, future: impl Future<Output = ()> + 'static) {
        self.tasks.push(Some(Box::pin(future)));
        self.ready
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(self.tasks.len() - 1);
    }

    /// Polls tasks as they are woken until all have finished.
    pub fn run(&mut self) -> Result<(), Stalled> {
        // TODO: pop ready ids and poll those tasks with a Waker made from a TaskWaker; when
        // nothing is ready, advance the reactor; stop when every task is done.
        todo!("the executor loop")
    }
}

/// Wakes the thread that runs `block_on`.
struct ThreadWaker {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.thread.unpark();
    }
}

/// Runs `future` on this thread until it completes.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, Stalled> {
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

    #[test]
    fn block_on_runs_a_ready_future() {
        assert_eq!(block_on(async { 1 + 2 }), Ok(3));
    }

    #[test]
    fn a_future_that_wakes_itself_is_polled_exactly_twice() {
        struct Counted<F>(F, Rc<Cell<u32>>);
        impl<F: Future + Unpin> Future for Counted<F> {
            type Output = F::Output;
            fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
                self.1.set(self.1.get() + 1);
                Pin::new(&mut self.0).poll(cx)
            }
        }
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

    #[test]
    fn timers_complete_in_deadline_order_on_the_virtual_clock() {
        let mut ex = Executor::default();
        let log = Rc::new(RefCell::new(Vec::new()));
        for ticks in [30, 10, 20] {
            let (reactor, log) = (ex.reactor.clone(), log.clone());
            ex.spawn(async move {
                reactor.sleep(ticks).await;
                log.borrow_mut().push((ticks, reactor.now()));
            });
        }
        assert_eq!(ex.run(), Ok(()));
        assert_eq!(
            *log.borrow(),
            [(10, 10), (20, 20), (30, 30)],
            "each wakes at its own deadline, in order"
        );
        assert_eq!(ex.reactor.now(), 30);
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
        assert_eq!(ex.run(), Err(Stalled));
        assert_eq!(
            polled.load(Ordering::SeqCst),
            1,
            "it was polled once, then nothing could wake it"
        );
    }
}
