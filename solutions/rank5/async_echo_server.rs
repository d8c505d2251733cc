// async_echo_server: one thread, many clients, and who runs when (solution)
//
// Why these are the answers. A handler is polled only when something woke it: once when spawned
// (at t=0, it finds nothing and parks its waker with the network), then once for each arrival
// batch that concerns its socket. Client 1's handler is polled at t=0, t=1 ("slow start"),
// t=5 ("b") and t=100 (the close, which lets it write "bye" and finish): 4 polls; no poll happens
// in between, since nothing spins. Client 2 closes at t=3, so its "bye" is written then, while
// client 1 is still waiting. At t=5 one batch brings "a" for client 3 and "b" for client 1, in
// that order; the network wakes readers in batch order, so the ready queue holds client 3's
// task first and "echo: a" is written before "echo: b" (the socket number plays no part).
// Client 3 never closes, so when the script runs out its handler is still parked: 1 left.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

pub type SocketId = u32;

#[derive(Default)]
struct NetState {
    now: u64,
    /// What clients will send, and when: `None` is the client closing its end.
    arrivals: BTreeMap<u64, Vec<(SocketId, Option<String>)>>,
    inbox: HashMap<SocketId, VecDeque<String>>,
    closed: HashMap<SocketId, bool>,
    readers: HashMap<SocketId, Waker>,
    /// Everything written, with the time: (time, socket, text).
    pub sent: Vec<(u64, SocketId, String)>,
}

/// The simulated network, with its virtual clock.
#[derive(Clone, Default)]
pub struct Net(Rc<RefCell<NetState>>);

impl Net {
    /// Client `id` will send `text` at time `at` (`None`: it closes its end then).
    pub fn script(&self, at: u64, id: SocketId, text: Option<&str>) {
        self.0
            .borrow_mut()
            .arrivals
            .entry(at)
            .or_default()
            .push((id, text.map(str::to_string)));
    }

    pub fn socket(&self, id: SocketId) -> Socket {
        Socket {
            net: self.clone(),
            id,
        }
    }

    pub fn sent(&self) -> Vec<(u64, SocketId, String)> {
        self.0.borrow().sent.clone()
    }

    /// Jumps to the next arrival and wakes the readers it concerns. False if none is left.
    fn advance(&self) -> bool {
        let mut net = self.0.borrow_mut();
        let Some((at, batch)) = net.arrivals.pop_first() else {
            return false;
        };
        net.now = at;
        let mut wake = Vec::new();
        for (id, text) in batch {
            match text {
                Some(t) => net.inbox.entry(id).or_default().push_back(t),
                None => {
                    net.closed.insert(id, true);
                }
            }
            wake.extend(net.readers.remove(&id));
        }
        drop(net);
        wake.into_iter().for_each(Waker::wake);
        true
    }
}

pub struct Socket {
    net: Net,
    id: SocketId,
}

impl Socket {
    /// The next chunk the client sent, or `None` once it has closed its end.
    pub fn read(&self) -> impl Future<Output = Option<String>> + '_ {
        std::future::poll_fn(move |cx| {
            let mut net = self.net.0.borrow_mut();
            if let Some(chunk) = net.inbox.get_mut(&self.id).and_then(VecDeque::pop_front) {
                return Poll::Ready(Some(chunk));
            }
            if net.closed.get(&self.id).copied().unwrap_or(false) {
                return Poll::Ready(None);
            }
            net.readers.insert(self.id, cx.waker().clone());
            Poll::Pending
        })
    }

    /// Sends `text` to the client at once (writes never block here).
    pub fn write(&self, text: &str) {
        let mut net = self.net.0.borrow_mut();
        let now = net.now;
        net.sent.push((now, self.id, text.to_string()));
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

/// Runs tasks on one thread; when none is ready, lets the network deliver its next arrivals.
#[derive(Default)]
pub struct Executor {
    tasks: Vec<Option<Pin<Box<dyn Future<Output = ()>>>>>,
    ready: Arc<Mutex<VecDeque<usize>>>,
}

impl Executor {
    pub fn spawn(&mut self, future: impl Future<Output = ()> + 'static) {
        self.tasks.push(Some(Box::pin(future)));
        self.ready
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(self.tasks.len() - 1);
    }

    /// Runs until every task is done, or nothing can make progress; returns the tasks left.
    pub fn run(&mut self, net: &Net) -> usize {
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
            if !net.advance() {
                return self.tasks.iter().filter(|t| t.is_some()).count();
            }
        }
    }
}

/// Echoes every chunk back as `echo: <chunk>` until the client closes, then writes `bye`.
async fn handle(socket: Socket) {
    while let Some(chunk) = socket.read().await {
        socket.write(&format!("echo: {chunk}"));
    }
    socket.write("bye");
}

/// Counts the polls of `future` in `polls`.
fn counted(
    future: impl Future<Output = ()> + 'static,
    polls: Rc<Cell<usize>>,
) -> impl Future<Output = ()> {
    let mut future = Box::pin(future);
    std::future::poll_fn(move |cx| {
        polls.set(polls.get() + 1);
        future.as_mut().poll(cx)
    })
}

/// One handler task per client; returns each handler's poll counter, in the order of `clients`.
fn serve(executor: &mut Executor, net: &Net, clients: &[SocketId]) -> Vec<Rc<Cell<usize>>> {
    let mut counters = Vec::new();
    for &id in clients {
        let polls = Rc::new(Cell::new(0));
        executor.spawn(counted(handle(net.socket(id)), polls.clone()));
        counters.push(polls);
    }
    counters
}

// Your predictions, for the script in the tests.

/// At what time is "bye" written to client 2?
const CLIENT_2_BYE_AT: u64 = 3;
/// How many times in all is client 1's handler polled?
const CLIENT_1_POLLS: usize = 4;
/// At t=5, which client's echo is written first?
const FIRST_ECHO_AT_5: SocketId = 3;
/// How many handlers are still unfinished when the script has run out?
const HANDLERS_LEFT: usize = 1;

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Client 1 is slow, client 2 is quick, client 3 never closes.
    fn script(net: &Net) {
        net.script(1, 1, Some("slow start"));
        net.script(2, 2, Some("quick"));
        net.script(3, 2, None);
        net.script(5, 3, Some("a"));
        net.script(5, 1, Some("b"));
        net.script(100, 1, None);
    }

    /// Runs the script; returns what was sent, each handler's polls, and the handlers left.
    fn run() -> (Vec<(u64, SocketId, String)>, Vec<usize>, usize) {
        let net = Net::default();
        script(&net);
        let mut ex = Executor::default();
        let polls = serve(&mut ex, &net, &[1, 2, 3]);
        let left = ex.run(&net);
        (net.sent(), polls.iter().map(|p| p.get()).collect(), left)
    }

    #[test]
    fn prediction_1_when_the_quick_client_gets_bye() {
        let (sent, _, _) = run();
        let at = sent.iter().find(|s| s.1 == 2 && s.2 == "bye").map(|s| s.0);
        assert!(
            at == Some(CLIENT_2_BYE_AT),
            "CLIENT_2_BYE_AT is wrong: a handler finishes as soon as its own client closes; \
             does anything make it wait for the slow client?"
        );
    }

    #[test]
    fn prediction_2_how_often_the_slow_handler_is_polled() {
        let (_, polls, _) = run();
        assert!(
            polls[0] == CLIENT_1_POLLS,
            "CLIENT_1_POLLS is wrong: when is a task polled for the first time, and what makes \
             the executor poll it again? Which arrivals concern client 1?"
        );
    }

    #[test]
    fn prediction_3_whose_echo_comes_first_in_one_batch() {
        let (sent, _, _) = run();
        let first = sent.iter().find(|s| s.0 == 5).map(|s| s.1);
        assert!(
            first == Some(FIRST_ECHO_AT_5),
            "FIRST_ECHO_AT_5 is wrong: look at the order in which Net::advance wakes the readers \
             of one batch, and at the order of the ready queue"
        );
    }

    #[test]
    fn prediction_4_who_is_left_waiting() {
        let (_, _, left) = run();
        assert!(
            left == HANDLERS_LEFT,
            "HANDLERS_LEFT is wrong: a handler ends only when its client closes; \
             the executor stops when nothing is ready and the script has run out"
        );
    }
}
