// mailbox: never send into a coroutine from inside another send
//
// When coroutines send each other messages, the tempting driver hands a message over the moment
// it appears: while it still holds the node that produced it, it reaches for the node that
// should receive it. Python lets you try, and fails at run time when a message comes back to a
// running generator ("generator already executing"). Rust refuses at compile time: two `&mut`
// into the same slice at once (E0499). The fix is the one every actor system uses: a mailbox.
// Queue what each send produces, let the send return, then deliver the next message.
//
// Python:                                  coro:
//   mailbox = deque([first])                 let mut mailbox = VecDeque::from([first]);
//   while mailbox:                           while let Some(letter) = mailbox.pop_front() {
//       m = mailbox.popleft()                    ... nodes[letter.to].send(letter) ...
//       mailbox.extend(nodes[m.to].send(m))      mailbox.extend(replies);
//
// What to do: `deliver_all` does not compile (read the error). Rewrite it with a VecDeque
// mailbox so that every message is delivered, in the order it was sent.

use std::collections::VecDeque;

use coro::{Coroutine, Step};

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

/// A node: for every letter with hops left, sends one on to each of its peers.
fn gossip(id: usize, peers: Vec<usize>) -> Coroutine<Vec<Letter>, Letter> {
    Coroutine::new(move |co| async move {
        let mut out = Vec::new();
        loop {
            let letter: Letter = co.yield_(out).await?;
            out = if letter.hops == 0 {
                Vec::new()
            } else {
                peers
                    .iter()
                    .map(|&to| Letter {
                        from: id,
                        to,
                        hops: letter.hops - 1,
                    })
                    .collect()
            };
        }
    })
}

/// Delivers `first` and everything it causes; returns the deliveries in order.
fn deliver_all(nodes: &mut [Coroutine<Vec<Letter>, Letter>], first: Letter) -> Vec<String> {
    // TODO: this holds `sender` while it sends to another node, and forgets the letters that
    // those sends produce. Use a VecDeque mailbox instead.
    let mut log = vec![first.describe()];
    let sender = &mut nodes[first.to];
    if let Ok(Step::Yielded(letters)) = sender.send(first) {
        for letter in letters {
            let receiver = &mut nodes[letter.to];
            log.push(letter.describe());
            let _ = receiver.send(letter);
            let _ = sender.state();
        }
    }
    log
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn network() -> Vec<Coroutine<Vec<Letter>, Letter>> {
        let mut nodes = vec![
            gossip(0, vec![1, 2]),
            gossip(1, vec![2]),
            gossip(2, vec![0]),
        ];
        for n in &mut nodes {
            n.prime().unwrap();
        }
        nodes
    }

    #[test]
    fn every_letter_is_delivered_in_the_order_it_was_sent() {
        let mut nodes = network();
        let log = deliver_all(
            &mut nodes,
            Letter {
                from: 9,
                to: 0,
                hops: 2,
            },
        );
        assert_eq!(
            log,
            [
                "9 -> 0 (2 hops left)",
                "0 -> 1 (1 hops left)",
                "0 -> 2 (1 hops left)",
                "1 -> 2 (0 hops left)",
                "2 -> 0 (0 hops left)",
            ],
            "first in, first out: a letter is delivered after every letter sent before it"
        );
    }

    #[test]
    fn no_letter_is_lost_in_a_longer_cascade() {
        let mut nodes = network();
        let log = deliver_all(
            &mut nodes,
            Letter {
                from: 9,
                to: 0,
                hops: 4,
            },
        );
        // Each delivery with hops left sends one letter per peer: 1 + 2 + 2 + 3 + 4 letters.
        assert_eq!(log.len(), 12, "{log:#?}");
    }
}
