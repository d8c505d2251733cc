// concurrency_patterns: join, select, timeout and backpressure
//
// With an executor and wakers in place, the patterns of concurrent programs are small futures
// that poll other futures:
// - join: poll every child until all are done; the results keep their order.
// - select: poll both; the first to finish wins, and the other is *dropped*. Dropping a future is
//   how Rust cancels it: its destructors run, and it never runs again.
// - timeout: a select between the work and a timer.
// - a bounded channel: a send that finds the channel full parks the sender until a receive makes
//   room (backpressure), so a fast producer cannot run away from a slow consumer.
// (asyncio.gather, asyncio.wait(FIRST_COMPLETED), asyncio.wait_for, asyncio.Queue(maxsize).)
//
// What to do: write `join_all`, `select`, `timeout` and `Channel::send`. The executor, the
// virtual clock and `Channel::recv` are given.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

/// Timers on a virtual clock.
#[derive(Clone, Default)]
pub struct Clock(Rc<RefCell<Timers>>);

#[derive(Default)]
struct Timers {
    now: u64,
    next_id: u64,
    due: BinaryHeap<Reverse<(u64, u64)>>,
    wakers: HashMap<u64, Waker>,
}

impl Clock {
    pub fn now(&self) -> u64 {
        self.0.borrow().now
    }

    pub fn sleep(&self, ticks: u64) -> impl Future<Output = ()> + 'static {
        let (clock, deadline) = (self.clone(), self.now() + ticks);
        let mut id = None;
        std::future::poll_fn(move |cx| {
            let mut t = clock.0.borrow_mut();
            if t.now >= deadline {
                return Poll::Ready(());
            }
            let key = *id.get_or_insert_with(|| {
                t.next_id += 1;
                let key = t.next_id;
                t.due.push(Reverse((deadline, key)));
                key
            });
            t.wakers.insert(key, cx.waker().clone());
            Poll::Pending
        })
    }

    fn advance(&self) -> bool {
        let mut t = self.0.borrow_mut();
        let Some(&Reverse((deadline, _))) = t.due.peek() else {
            return false;
        };
        t.now = deadline;
        let mut wake = Vec::new();
        while let Some(&Reverse((at, key))) = t.due.peek() {
            if at != deadline {
                break;
            }
            t.due.pop();
            wake.extend(t.wakers.remove(&key));
        }
        drop(t);
        wake.into_iter().for_each(Waker::wake);
        true
    }
}

struct TaskWaker {
    id: usize,
    ready: Arc<Mutex<VecDeque<usize>>>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.ready
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(self.id);
    }
}

#[derive(Default)]
pub struct Executor {
    tasks: Vec<Option<Pin<Box<dyn Future<Output = ()>>>>>,
    ready: Arc<Mutex<VecDeque<usize>>>,
    pub clock: Clock,
}

impl Executor {
    pub fn spawn(&mut self, future: impl Future<Output = ()> + 'static) {
        self.tasks.push(Some(Box::pin(future)));
        self.ready
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(self.tasks.len() - 1);
    }

    /// Runs until every task is done or nothing can make progress; returns the tasks left.
    pub fn run(&mut self) -> usize {
        loop {
            loop {
                let next = self
                    .ready
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .pop_front();
                let Some(id) = next else { break };
                let Some(task) = self.tasks[id].as_mut() else {
                    continue;
                };
                let waker = Waker::from(Arc::new(TaskWaker {
                    id,
                    ready: self.ready.clone(),
                }));
                if task
                    .as_mut()
                    .poll(&mut Context::from_waker(&waker))
                    .is_ready()
                {
                    self.tasks[id] = None;
                }
            }
            if !self.clock.advance() {
                return self.tasks.iter().filter(|t| t.is_some()).count();
            }
        }
    }
}

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Waits for every future; the results come in the order of `futures`.
pub fn join_all<T: 'static>(futures: Vec<BoxFuture<T>>) -> impl Future<Output = Vec<T>> {
    // TODO: poll every unfinished future on each poll; Ready when all are done.
    std::future::poll_fn(|_cx| todo!("join"))
}

#[derive(Debug, PartialEq, Eq)]
pub enum Either<A, B> {
    Left(A),
    Right(B),
}

/// The first of `a` and `b` to finish; the other is dropped, which cancels it.
pub fn select<A: Future + Unpin, B: Future + Unpin>(
    a: A,
    b: B,
) -> impl Future<Output = Either<A::Output, B::Output>> {
    // TODO: poll `a`, then `b`; the first Ready wins. Keep them in Options so that the loser
    // is dropped as soon as there is a winner.
    std::future::poll_fn(|_cx| todo!("select"))
}

#[derive(Debug, PartialEq, Eq)]
pub struct Elapsed;

/// `future`'s output, or `Elapsed` if `ticks` pass first.
pub async fn timeout<T>(clock: &Clock, ticks: u64, future: BoxFuture<T>) -> Result<T, Elapsed> {
    // TODO: a select between the future and a sleep.
    todo!("timeout")
}

/// A bounded channel for tasks on one executor.
pub struct Channel<T> {
    state: RefCell<ChannelState<T>>,
}

struct ChannelState<T> {
    items: VecDeque<T>,
    capacity: usize,
    /// The longest the queue has ever been.
    most: usize,
    senders: Vec<Waker>,
    receivers: Vec<Waker>,
}

impl<T> Channel<T> {
    pub fn new(capacity: usize) -> Rc<Self> {
        Rc::new(Channel {
            state: RefCell::new(ChannelState {
                items: VecDeque::new(),
                capacity,
                most: 0,
                senders: Vec::new(),
                receivers: Vec::new(),
            }),
        })
    }

    pub fn most(&self) -> usize {
        self.state.borrow().most
    }

    /// Puts `value` in the channel, waiting while it is full.
    pub fn send(&self, value: T) -> impl Future<Output = ()> + '_ {
        // TODO: push when there is room (waking a receiver); otherwise park the sender.
        std::future::poll_fn(|_cx| todo!("send"))
    }

    /// Takes the next value, waiting while the channel is empty.
    pub fn recv(&self) -> impl Future<Output = T> + '_ {
        std::future::poll_fn(move |cx| {
            let mut s = self.state.borrow_mut();
            match s.items.pop_front() {
                Some(value) => {
                    s.senders.drain(..).for_each(Waker::wake);
                    Poll::Ready(value)
                }
                None => {
                    s.receivers.push(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    type Log = Rc<RefCell<Vec<String>>>;

    #[test]
    fn join_all_keeps_the_order_of_its_futures_and_waits_for_the_slowest() {
        let mut ex = Executor::default();
        let clock = ex.clock.clone();
        let out = Rc::new(RefCell::new(None));
        let o = out.clone();
        ex.spawn(async move {
            let futures: Vec<BoxFuture<u64>> = [3, 1, 2]
                .into_iter()
                .map(|t| {
                    let c = clock.clone();
                    Box::pin(async move {
                        c.sleep(t).await;
                        t * 10
                    }) as BoxFuture<u64>
                })
                .collect();
            let results = join_all(futures).await;
            *o.borrow_mut() = Some((results, clock.now()));
        });
        assert_eq!(ex.run(), 0);
        assert_eq!(
            out.take(),
            Some((vec![30, 10, 20], 3)),
            "results in input order, done when the slowest is"
        );
    }

    #[test]
    fn select_takes_the_first_and_cancels_the_other() {
        struct Guard(Log, &'static str);
        impl Drop for Guard {
            fn drop(&mut self) {
                self.0.borrow_mut().push(format!("{} dropped", self.1));
            }
        }
        let mut ex = Executor::default();
        let clock = ex.clock.clone();
        let log = Log::default();
        let branch = |name: &'static str, ticks: u64| {
            let (c, l) = (clock.clone(), log.clone());
            Box::pin(async move {
                let _guard = Guard(l.clone(), name);
                c.sleep(ticks).await;
                l.borrow_mut().push(format!("{name} finished"));
                name
            })
        };
        let (fast, slow) = (branch("fast", 2), branch("slow", 5));
        let (l, c) = (log.clone(), clock.clone());
        ex.spawn(async move {
            let winner = select(slow, fast).await;
            l.borrow_mut()
                .push(format!("winner {winner:?} at {}", c.now()));
        });
        assert_eq!(ex.run(), 0);
        assert_eq!(
            *log.borrow(),
            [
                "fast finished",
                "fast dropped",
                "slow dropped",
                "winner Right(\"fast\") at 2"
            ],
            "the loser is dropped (cancelled) as soon as the winner is known"
        );
        assert_eq!(
            clock.now(),
            5,
            "the cancelled sleep's timer still fires, but nobody is woken"
        );
    }

    #[test]
    fn timeout_fires_at_exactly_its_deadline() {
        let mut ex = Executor::default();
        let clock = ex.clock.clone();
        let log = Log::default();
        let (c, l) = (clock.clone(), log.clone());
        ex.spawn(async move {
            let slow = timeout(&c, 5, Box::pin(c.sleep(10))).await;
            l.borrow_mut().push(format!("{slow:?} at {}", c.now()));
            let quick = timeout(&c, 5, Box::pin(async { 7 })).await;
            l.borrow_mut().push(format!("{quick:?} at {}", c.now()));
        });
        assert_eq!(ex.run(), 0);
        assert_eq!(*log.borrow(), ["Err(Elapsed) at 5", "Ok(7) at 5"]);
    }

    #[test]
    fn a_full_channel_holds_the_producer_back() {
        let mut ex = Executor::default();
        let clock = ex.clock.clone();
        let log = Log::default();
        let channel = Channel::new(2);
        let (ch, l) = (channel.clone(), log.clone());
        ex.spawn(async move {
            for i in 1..=5 {
                ch.send(i).await;
                l.borrow_mut().push(format!("sent {i}"));
            }
        });
        let (ch, l, c) = (channel.clone(), log.clone(), clock.clone());
        ex.spawn(async move {
            for _ in 1..=5 {
                c.sleep(1).await;
                let v = ch.recv().await;
                l.borrow_mut().push(format!("got {v} at {}", c.now()));
            }
        });
        assert_eq!(ex.run(), 0, "both tasks finish");
        assert!(
            channel.most() <= 2,
            "the channel never held more than its capacity: {}",
            channel.most()
        );
        assert_eq!(
            log.borrow()[..3],
            ["sent 1", "sent 2", "got 1 at 1"],
            "the producer waits once the channel is full, until the consumer takes one"
        );
        assert_eq!(log.borrow().len(), 10);
    }
}
