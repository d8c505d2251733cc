// concurrency_patterns: join, select, timeout and backpressure (solution)
//
// Why this works. Each pattern is a future that polls others with the context it was given, so
// every child registers the task's own waker, and any child's event wakes the task that owns the
// combinator. `join_all` keeps each child with a slot for its result and polls only children
// whose slot is empty (a finished future must not be polled again); it is Ready when no slot is
// empty, and the slots keep the input order. `select` keeps both futures in Options and, as soon
// as one is Ready, sets the other to None: the loser is dropped inside that poll, so its
// destructors run before the winner's value is even handed out. `timeout` is a select with the
// work first, so work ready at the deadline wins the tie. `send` checks for room; without it,
// the sender leaves its waker in `senders` (recv wakes them when it takes an item) and returns
// Pending; with room, it pushes, records the high-water mark, and wakes the parked receivers,
// whose Pending would otherwise last forever. A woken sender re-checks for room, so a spurious
// wake-up (for example from a stale timer waker) is harmless.

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
    let mut slots: Vec<(BoxFuture<T>, Option<T>)> =
        futures.into_iter().map(|f| (f, None)).collect();
    std::future::poll_fn(move |cx| {
        let mut all_done = true;
        for (future, result) in &mut slots {
            if result.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *result = Some(value),
                    Poll::Pending => all_done = false,
                }
            }
        }
        if all_done {
            Poll::Ready(
                slots
                    .iter_mut()
                    .map(|(_, r)| r.take().expect("done"))
                    .collect(),
            )
        } else {
            Poll::Pending
        }
    })
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
    let (mut a, mut b) = (Some(a), Some(b));
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(value) = Pin::new(a.as_mut().expect("polled after completion")).poll(cx)
        {
            b = None;
            return Poll::Ready(Either::Left(value));
        }
        if let Poll::Ready(value) = Pin::new(b.as_mut().expect("polled after completion")).poll(cx)
        {
            a = None;
            return Poll::Ready(Either::Right(value));
        }
        Poll::Pending
    })
}

#[derive(Debug, PartialEq, Eq)]
pub struct Elapsed;

/// `future`'s output, or `Elapsed` if `ticks` pass first.
pub async fn timeout<T>(clock: &Clock, ticks: u64, future: BoxFuture<T>) -> Result<T, Elapsed> {
    match select(future, Box::pin(clock.sleep(ticks))).await {
        Either::Left(value) => Ok(value),
        Either::Right(()) => Err(Elapsed),
    }
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

    pub fn capacity(&self) -> usize {
        self.state.borrow().capacity
    }

    /// The most items the channel has held at once.
    pub fn most(&self) -> usize {
        self.state.borrow().most
    }

    /// Puts `value` in the channel, waiting while it is full.
    pub fn send(&self, value: T) -> impl Future<Output = ()> + '_ {
        let mut value = Some(value);
        std::future::poll_fn(move |cx| {
            let mut s = self.state.borrow_mut();
            if s.items.len() >= s.capacity {
                s.senders.push(cx.waker().clone());
                return Poll::Pending;
            }
            s.items.push_back(value.take().expect("sent once"));
            s.most = s.most.max(s.items.len());
            s.receivers.drain(..).for_each(Waker::wake);
            Poll::Ready(())
        })
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
            // The select itself is kept alive while the winner is logged: only a select that
            // dropped the loser in the poll that found the winner has logged `slow dropped` yet.
            let mut race = std::pin::pin!(select(slow, fast));
            let winner = race.as_mut().await;
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
            "the cancelled sleep's timer is still in the clock and fires at 5; its waker is \
             stale, and it would wake the task that owned it if that task were still alive"
        );
    }

    struct Flag(Log, &'static str);
    impl Drop for Flag {
        fn drop(&mut self) {
            self.0.borrow_mut().push(format!("{} dropped", self.1));
        }
    }

    /// A future that is never ready, and logs when it is dropped.
    fn never(log: &Log, name: &'static str) -> BoxFuture<u32> {
        let flag = Flag(log.clone(), name);
        Box::pin(std::future::poll_fn(move |_| {
            let _keep = &flag;
            Poll::Pending
        }))
    }

    #[test]
    fn select_drops_the_loser_in_the_poll_that_finds_the_winner() {
        let mut cx = Context::from_waker(Waker::noop());
        for left_wins in [true, false] {
            let log = Log::default();
            let mut chosen = if left_wins {
                Box::pin(select(
                    Box::pin(async { 1u32 }) as BoxFuture<u32>,
                    never(&log, "loser"),
                )) as Pin<Box<dyn Future<Output = Either<u32, u32>>>>
            } else {
                Box::pin(select(
                    never(&log, "loser"),
                    Box::pin(async { 2u32 }) as BoxFuture<u32>,
                ))
            };
            let result = chosen.as_mut().poll(&mut cx);
            let expected = if left_wins {
                Either::Left(1)
            } else {
                Either::Right(2)
            };
            assert_eq!(result, Poll::Ready(expected), "the ready side wins");
            assert!(
                *log.borrow() == ["loser dropped"],
                "the loser must be dropped (cancelled) as soon as the winner is known, not when \
                 the select itself is dropped later"
            );
            drop(chosen);
            assert_eq!(log.borrow().len(), 1, "and dropped once");
        }
    }

    #[test]
    fn join_all_on_generated_delays() {
        let mut x = 8u64;
        let mut next = move |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        for round in 0..8 {
            let delays: Vec<u64> = (0..next(6)).map(|_| next(9)).collect();
            let mut ex = Executor::default();
            let clock = ex.clock.clone();
            let out = Rc::new(RefCell::new(None));
            let (o, d) = (out.clone(), delays.clone());
            ex.spawn(async move {
                let futures: Vec<BoxFuture<u64>> = d
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let c = clock.clone();
                        Box::pin(async move {
                            c.sleep(t).await;
                            100 * i as u64 + t
                        }) as BoxFuture<u64>
                    })
                    .collect();
                let results = join_all(futures).await;
                *o.borrow_mut() = Some((results, clock.now()));
            });
            assert_eq!(ex.run(), 0, "round {round}: join_all finishes");
            let want: Vec<u64> = delays
                .iter()
                .enumerate()
                .map(|(i, &t)| 100 * i as u64 + t)
                .collect();
            let end = delays.iter().copied().max().unwrap_or(0);
            assert_eq!(
                out.take(),
                Some((want, end)),
                "round {round}: results in input order, done with the slowest"
            );
        }
    }

    #[test]
    fn timeout_is_pinned_at_its_deadline() {
        for (work, expected) in [(4, Ok(4)), (5, Ok(5)), (6, Err(Elapsed))] {
            let mut ex = Executor::default();
            let clock = ex.clock.clone();
            let out = Rc::new(RefCell::new(None));
            let (c, o) = (clock.clone(), out.clone());
            ex.spawn(async move {
                let c2 = c.clone();
                let job: BoxFuture<u64> = Box::pin(async move {
                    c2.sleep(work).await;
                    work
                });
                let r = timeout(&c, 5, job).await;
                *o.borrow_mut() = Some((r, c.now()));
            });
            assert_eq!(ex.run(), 0);
            let at = if expected.is_ok() { work } else { 5 };
            assert_eq!(
                out.take(),
                Some((expected, at)),
                "work of {work} ticks with a timeout of 5: work ready at the deadline is in time"
            );
        }
    }

    #[test]
    fn the_clock_wakes_each_sleeping_task_at_its_own_time() {
        let mut ex = Executor::default();
        let log = Log::default();
        for ticks in [3, 5] {
            let (c, l) = (ex.clock.clone(), log.clone());
            ex.spawn(async move {
                c.sleep(ticks).await;
                l.borrow_mut().push(format!("{ticks} at {}", c.now()));
            });
        }
        assert_eq!(ex.run(), 0, "both sleepers are woken");
        assert_eq!(*log.borrow(), ["3 at 3", "5 at 5"]);
    }

    #[test]
    fn a_receiver_waiting_on_an_empty_channel_is_woken_by_send() {
        let mut ex = Executor::default();
        let clock = ex.clock.clone();
        let log = Log::default();
        let channel = Channel::new(3);
        let (ch, l, c) = (channel.clone(), log.clone(), clock.clone());
        ex.spawn(async move {
            for _ in 0..2 {
                let v = ch.recv().await;
                l.borrow_mut().push(format!("got {v} at {}", c.now()));
            }
        });
        let (ch, c) = (channel.clone(), clock.clone());
        ex.spawn(async move {
            c.sleep(4).await;
            ch.send(10).await;
            c.sleep(3).await;
            ch.send(20).await;
        });
        assert!(
            ex.run() == 0,
            "the receiver waits on an empty channel: a send must wake it, or it waits forever"
        );
        assert_eq!(*log.borrow(), ["got 10 at 4", "got 20 at 7"]);
    }

    #[test]
    fn a_sender_fills_exactly_the_capacity_before_it_waits() {
        for capacity in 1..=4 {
            let mut ex = Executor::default();
            let log = Log::default();
            let channel = Channel::new(capacity);
            assert_eq!(channel.most(), 0, "a new channel has never held anything");
            assert_eq!(channel.capacity(), capacity);
            let (ch, l) = (channel.clone(), log.clone());
            ex.spawn(async move {
                for i in 1..=6 {
                    ch.send(i).await;
                    l.borrow_mut().push(format!("sent {i}"));
                }
            });
            assert_eq!(ex.run(), 1, "nobody receives: the producer waits");
            assert!(
                log.borrow().len() == capacity,
                "with capacity {capacity}, exactly {capacity} sends complete before the channel is full"
            );
            assert_eq!(channel.most(), capacity);
        }
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
