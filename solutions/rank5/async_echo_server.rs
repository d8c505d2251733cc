// async_echo_server: many clients, one thread, no blocking
//
// A server that reads from a socket must not stop the world while one client is slow. With
// non-blocking sockets, a read that finds nothing returns "not yet" at once; a reactor remembers
// who waits for which socket and wakes them when data arrives; an executor runs whoever is
// awake. Then a handler is written as plain straight-line `async fn` code, and a slow client
// only parks its own handler. (Beazley's pyos echo server; the `select` loop of Programming in
// Lua.) The network here is simulated on a virtual clock, so the test is exact.
//
// Python (asyncio):                        Rust:
//   async def handle(reader, writer):        async fn handle(socket: Socket) {
//       while data := await reader.read():       while let Some(data) = socket.read().await {
//           writer.write(b"echo: " + data)           socket.write(...);
//
// What to do: write `handle` (echo every chunk back as `echo: <chunk>` until the client closes,
// then write `bye`) and `serve` (one handler task per client socket). The network, the reactor
// and the executor are given.

use std::cell::RefCell;
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

/// One handler task per client.
fn serve(executor: &mut Executor, net: &Net, clients: &[SocketId]) {
    for &id in clients {
        executor.spawn(handle(net.socket(id)));
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(net: &Net, clients: &[SocketId]) -> usize {
        let mut ex = Executor::default();
        serve(&mut ex, net, clients);
        ex.run(net)
    }

    #[test]
    fn every_client_gets_its_own_echoes_in_order() {
        let net = Net::default();
        for (id, start) in [(1, 1), (2, 2), (3, 3)] {
            net.script(start, id, Some("hi"));
            net.script(start + 10, id, Some("again"));
            net.script(start + 20, id, None);
        }
        assert_eq!(run(&net, &[1, 2, 3]), 0, "every handler finished");
        for id in [1, 2, 3] {
            let mine: Vec<String> = net
                .sent()
                .into_iter()
                .filter(|s| s.1 == id)
                .map(|s| s.2)
                .collect();
            assert_eq!(mine, ["echo: hi", "echo: again", "bye"], "client {id}");
        }
    }

    #[test]
    fn a_slow_client_does_not_hold_up_a_fast_one() {
        let net = Net::default();
        net.script(1, 1, Some("slow start"));
        net.script(2, 2, Some("quick"));
        net.script(3, 2, None);
        net.script(100, 1, None);
        assert_eq!(run(&net, &[1, 2]), 0);
        let sent = net.sent();
        assert!(
            sent.contains(&(3, 2, "bye".to_string())),
            "the fast client is done at t=3: {sent:?}"
        );
        assert!(
            sent.contains(&(100, 1, "bye".to_string())),
            "the slow one at t=100: {sent:?}"
        );
    }

    #[test]
    fn a_client_that_never_closes_leaves_its_handler_waiting_not_spinning() {
        let net = Net::default();
        net.script(1, 1, Some("hello?"));
        assert_eq!(
            run(&net, &[1]),
            1,
            "the handler still waits for more input when the network goes quiet"
        );
        assert_eq!(net.sent(), [(1, 1, "echo: hello?".to_string())]);
    }
}
