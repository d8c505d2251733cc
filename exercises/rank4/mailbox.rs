// mailbox: never resume a coroutine from inside another one's step
//
// A coroutine that is running cannot be resumed: its body is in the middle of a step. Python
// checks this at run time. Here node a, while handling a letter, sends one to b, and b, while
// handling it, sends one back to a, which is still running:
//   def node(peers):
//       while True:
//           n = yield
//           if n > 0:
//               peers[0].send(n - 1)      # resumes a peer from inside this step
//   a.send(3)   # a -> b -> a: ValueError: generator already executing
// Only that re-entry fails in Python; a driver that resumes one generator at a time never does.
//
// In Rust, resuming takes `&mut Coroutine`, and the aliasing rule (one `&mut` at a time, E0499)
// makes the same design refuse to compile as long as the nodes are plain values. The code
// below got past the compiler by sharing every node as `Rc<RefCell<...>>`: that does not remove
// the rule, it moves the check to run time. `borrow_mut()` on a node that is already running
// panics ("already borrowed"): Python's ValueError, as a panic. Run the tests and read which
// ones panic, and why the others fail.
//
// The design that respects the rule is the one actor systems use: a mailbox. A node does not
// send; it hands the letters it wants sent back to whoever resumed it (yield them), and only the
// driver resumes nodes, from a first-in, first-out queue of letters, one at a time.
//
// What to do: rewrite `node` and `run` that way. The tests call only `run`: its signature and
// what it returns stay. `node` is yours to change, signature included (its parameters, and the
// type it yields); the nodes no longer need `Rc` or `RefCell` at all. Each node still counts
// what it received and reports it when it is closed. If rustc then asks for the type of `co`
// (error[E0282]), see notes/rank4.md, section "When the compiler asks for the type of `co`".

use std::cell::RefCell;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub from: usize,
    pub to: usize,
    pub hops: u32,
}

impl Letter {
    fn describe(&self) -> String {
        format!("{} -> {} ({} hops left)", self.from, self.to, self.hops)
    }
}

/// A node: for every letter with hops left, it sends one letter on to each of its peers, with
/// one hop less. Closed, it returns how many letters it received.
fn node(id: usize, peers: Vec<usize>, directory: Directory) -> Coroutine<(), Letter, u32> {
    Coroutine::primed(move |co| async move {
        let mut received = 0;
        loop {
            let delivered: Result<Letter, _> = co.yield_(()).await;
            match delivered {
                Ok(letter) => {
                    received += 1;
                    directory.log.borrow_mut().push(letter.describe());
                    for &to in &peers {
                        if letter.hops > 0 {
                            let peer = directory.nodes.borrow()[to].clone();
                            // Sends straight into the peer, while this node is still running.
                            let _ = peer.borrow_mut().send(Letter {
                                from: id,
                                to,
                                hops: letter.hops - 1,
                            });
                        }
                    }
                }
                Err(Interrupt::Close) => return Ok(received),
                Err(other) => return Err(other),
            }
        }
    })
}

/// A node shared, so that every other node can reach it.
pub type SharedNode = Rc<RefCell<Coroutine<(), Letter, u32>>>;

/// Every node, so that nodes can reach each other; and the log of deliveries.
#[derive(Clone, Default)]
pub struct Directory {
    nodes: Rc<RefCell<Vec<SharedNode>>>,
    log: Rc<RefCell<Vec<String>>>,
}

/// What a run produced.
#[derive(Debug, PartialEq)]
pub struct Run {
    /// Every letter delivered, described, in the order of delivery.
    pub deliveries: Vec<String>,
    /// How many letters each node received, as its close reported it.
    pub received: Vec<u32>,
}

/// Builds the network (`peers[i]` are the nodes node i sends to), delivers `first` and every
/// letter it causes, then closes every node.
fn run(peers: &[Vec<usize>], first: Letter) -> Run {
    let directory = Directory::default();
    for (id, p) in peers.iter().enumerate() {
        let n = node(id, p.clone(), directory.clone());
        directory.nodes.borrow_mut().push(Rc::new(RefCell::new(n)));
    }
    let target = directory.nodes.borrow()[first.to].clone();
    let _ = target.borrow_mut().send(first);
    let received = directory
        .nodes
        .borrow()
        .iter()
        .map(|n| {
            let closed = n.borrow_mut().close();
            closed.ok().flatten().expect("a node reports what it received")
        })
        .collect();
    // The nodes hold the directory that holds them: empty it so that they can be freed.
    directory.nodes.borrow_mut().clear();
    let deliveries = directory.log.take();
    Run {
        deliveries,
        received,
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(to: usize, hops: u32) -> Letter {
        Letter { from: 9, to, hops }
    }

    /// A small seeded generator (an LCG), so the generated cases are the same every run.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn a_letter_that_comes_back_is_delivered_not_refused() {
        // 0 and 1 write to each other: the reply to 0 arrives while 0's letter is being handled.
        let run = run(&[vec![1], vec![0]], letter(0, 3));
        assert_eq!(
            run.deliveries,
            [
                "9 -> 0 (3 hops left)",
                "0 -> 1 (2 hops left)",
                "1 -> 0 (1 hops left)",
                "0 -> 1 (0 hops left)"
            ],
            "every letter is delivered, after the step that sent it has returned"
        );
        assert_eq!(run.received, [2, 2], "each node reports, when closed, what it received");
    }

    #[test]
    fn letters_are_delivered_in_the_order_they_were_sent() {
        // A tree: no letter ever comes back, yet the order still matters.
        let run = run(&[vec![1, 2], vec![3], vec![], vec![]], letter(0, 2));
        assert_eq!(
            run.deliveries,
            [
                "9 -> 0 (2 hops left)",
                "0 -> 1 (1 hops left)",
                "0 -> 2 (1 hops left)",
                "1 -> 3 (0 hops left)"
            ],
            "first in, first out: 0's letter to 2 was sent before 1's letter to 3"
        );
        assert_eq!(run.received, [1, 1, 1, 1]);
    }

    #[test]
    fn no_letter_is_lost_in_a_longer_cascade() {
        let peers = [vec![1, 2], vec![2], vec![0]];
        let run = run(&peers, letter(0, 4));
        // Each delivery with hops left sends one letter per peer: 1 + 2 + 2 + 3 + 4 letters.
        assert_eq!(run.deliveries.len(), 12);
        assert_eq!(run.received.iter().sum::<u32>(), 12, "every node counts what it received");
    }

    #[test]
    fn generated_networks_deliver_wave_by_wave() {
        let mut seed = 29;
        for case in 0..40 {
            let n = 1 + lcg(&mut seed) as usize % 5;
            let peers: Vec<Vec<usize>> = (0..n)
                .map(|_| {
                    (0..lcg(&mut seed) % 3)
                        .map(|_| lcg(&mut seed) as usize % n)
                        .collect()
                })
                .collect();
            let hops = lcg(&mut seed) as u32 % 4;
            let run = run(&peers, letter(0, hops));
            // Wave by wave: the letters with h hops left all come before those with h - 1.
            let mut wave = vec![letter(0, hops)];
            let mut want = Vec::new();
            let mut received = vec![0; n];
            while !wave.is_empty() {
                let mut next = Vec::new();
                for l in &wave {
                    want.push(l.describe());
                    received[l.to] += 1;
                    if l.hops > 0 {
                        for &to in &peers[l.to] {
                            next.push(Letter { from: l.to, to, hops: l.hops - 1 });
                        }
                    }
                }
                wave = next;
            }
            assert_eq!(run.deliveries, want, "case {case}: first in, first out");
            assert_eq!(run.received, received, "case {case}: what each node reports when closed");
        }
    }
}
