// auto_primed: a coroutine that is ready as soon as it is made
//
// Priming by hand is easy to forget. David Beazley's coroutine talks wrap each coroutine
// function in a decorator that calls `next` once, so that callers can send at once:
//
//   def coroutine(func):
//       def start(*args):
//           g = func(*args)
//           next(g)          # run to the first yield; what it yields is thrown away
//           return g
//       return start
//
//   @coroutine
//   def grep(word, out):
//       out.append(f"looking for {word}")
//       hits = 0
//       try:
//           while True:
//               line = yield
//               if word in line:
//                   out.append(line)
//                   hits += 1
//       except GeneratorExit:
//           return hits          # close() hands this back (Python 3.13 and later)
//
// Note what the decorator changes: "looking for ..." is written when `grep(...)` is called,
// not at the first send, because priming runs the body up to its first `yield`.
//
// coro has a constructor that does the decorator's job: find it in the notes or in the
// rustdoc of `Coroutine`.
//
// Why it works: `Coroutine::primed` makes the coroutine and runs it to its first `yield_`,
// so the "looking for" line is written by `grep(...)` itself and the first `send` already
// meets a `yield_`; the `()` yielded there is thrown away. A close arrives at the `yield_` as
// `Err(Interrupt::Close)`, and that arm returns the count, which `close()` hands back.

use coro::{Coroutine, Interrupt};
use std::cell::RefCell;
use std::rc::Rc;

/// Where grep writes: its "looking for" line, then the lines that matched.
type Out = Rc<RefCell<Vec<String>>>;

/// A primed grep: see the header.
fn grep(word: &'static str, out: Out) -> Coroutine<(), &'static str, usize> {
    Coroutine::primed(move |co| async move {
        out.borrow_mut().push(format!("looking for {word}"));
        let mut hits = 0;
        loop {
            let line: &str = match co.yield_(()).await {
                Ok(line) => line,
                Err(Interrupt::Close) => return Ok(hits),
                Err(other) => return Err(other),
            };
            if line.contains(word) {
                out.borrow_mut().push(line.to_owned());
                hits += 1;
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use coro::{Error, State, Step};

    const LINES: [&str; 6] = [
        "python generators",
        "rust async",
        "coroutines in python",
        "a yield in rust",
        "",
        "pythonic",
    ];

    /// Lines picked by a small seeded generator (an LCG), so that no fixed answer can pass.
    fn lines(seed: u32, n: usize) -> Vec<&'static str> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                LINES[(state >> 16) as usize % LINES.len()]
            })
            .collect()
    }

    #[test]
    fn grep_is_ready_for_send_as_soon_as_it_is_made() {
        let out = Out::default();
        let mut g = grep("python", out.clone());
        assert_eq!(
            g.state(),
            State::Suspended,
            "grep must return a coroutine already stopped at its first yield_"
        );
        assert_eq!(
            *out.borrow(),
            ["looking for python"],
            "making grep runs its body up to the first yield_, so the first line is written \
             before any send"
        );
        assert_eq!(
            g.send("python rocks"),
            Ok(Step::Yielded(())),
            "the first send must be received, not refused"
        );
        assert_eq!(*out.borrow(), ["looking for python", "python rocks"]);
    }

    #[test]
    fn matching_lines_are_written_and_counted_until_close() {
        for (seed, pattern) in [(1, "python"), (2, "rust"), (3, "yield"), (4, "")] {
            let sent = lines(seed, 5 + seed as usize);
            let out = Out::default();
            let mut g = grep(pattern, out.clone());
            for &line in &sent {
                assert_eq!(
                    g.send(line),
                    Ok(Step::Yielded(())),
                    "grep yields () after each line"
                );
            }
            let mut want = vec![format!("looking for {pattern}")];
            want.extend(
                sent.iter()
                    .filter(|l| l.contains(pattern))
                    .map(|l| l.to_string()),
            );
            assert_eq!(
                *out.borrow(),
                want,
                "grep {pattern:?} over {sent:?}: the \"looking for\" line once, then the \
                 matching lines in order"
            );
            assert_eq!(
                g.close(),
                Ok(Some(want.len() - 1)),
                "close returns how many lines matched"
            );
            assert_eq!(g.state(), State::Closed);
            assert_eq!(
                g.send("python"),
                Err(Error::Closed),
                "a closed grep takes nothing"
            );
            assert_eq!(
                out.borrow().len(),
                want.len(),
                "nothing is written after close"
            );
        }
    }

    #[test]
    fn closing_at_once_counts_nothing() {
        let out = Out::default();
        let mut g = grep("x", out.clone());
        assert_eq!(g.close(), Ok(Some(0)), "no line was sent: 0 matches");
        assert_eq!(g.close(), Ok(None), "closing twice is a no-op");
        assert_eq!(*out.borrow(), ["looking for x"]);
    }
}
