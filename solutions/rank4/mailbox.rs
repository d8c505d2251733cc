// mailbox: never resume a coroutine from inside another one's step
//
// Why this works: a node no longer sends anything itself; it yields the letters it wants sent,
// and its step ends there. Only the driver resumes nodes, one at a time, and every resume has
// returned before the next one starts, so no node is ever resumed while it is running: there is
// nothing left for a `RefCell` to catch, and plain `&mut nodes[i]` is enough. The letters wait
// in a first-in, first-out queue, so each one is delivered after every letter sent before it:
// the cascade is delivered wave by wave. At the end each node is closed, and its Close arm
// reports how many letters it received.

use std::collections::VecDeque;

use coro::{Coroutine, Interrupt, Step};

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
fn node(id: usize, peers: Vec<usize>) -> Coroutine<Vec<Letter>, Letter, u32> {
    Coroutine::primed(move |co| async move {
        let mut received = 0;
        let mut outgoing = Vec::new();
        loop {
            let delivered: Result<Letter, _> = co.yield_(outgoing).await;
            match delivered {
                Ok(letter) => {
                    received += 1;
                    outgoing = match letter.hops {
                        0 => Vec::new(),
                        hops => peers
                            .iter()
                            .map(|&to| Letter {
                                from: id,
                                to,
                                hops: hops - 1,
                            })
                            .collect(),
                    };
                }
                Err(Interrupt::Close) => return Ok(received),
                Err(other) => return Err(other),
            }
        }
    })
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
    let mut nodes: Vec<_> = peers
        .iter()
        .enumerate()
        .map(|(id, p)| node(id, p.clone()))
        .collect();
    let mut deliveries = Vec::new();
    let mut mailbox = VecDeque::from([first]);
    while let Some(letter) = mailbox.pop_front() {
        deliveries.push(letter.describe());
        if let Ok(Step::Yielded(letters)) = nodes[letter.to].send(letter) {
            mailbox.extend(letters);
        }
    }
    let received = nodes
        .iter_mut()
        .map(|n| n.close().ok().flatten().expect("a node reports what it received"))
        .collect();
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
