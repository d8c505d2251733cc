// refcell_across_yield: borrows that outlive a yield
//
// Coroutines often share state with their driver through `Rc<RefCell<..>>`. A `RefCell` borrow
// lasts until its guard is dropped, and a guard that is alive at a `yield_` survives it like any
// other local: it stays alive for the whole time the coroutine is suspended, which is exactly
// when the driver wants the shared state. The driver's own borrow then panics ("already
// borrowed"). Some guards are plain to see (`let guard = cell.borrow_mut();`); others are
// temporaries, and a temporary in the condition of a `while let` or `match` lives until the end
// of the whole loop body or match, not just the end of that line.
//
// Python has no borrows; the nearest mistake is holding a lock across a `yield`:
//   def recorder(sink, lock):
//       with lock:                 # held while the generator is suspended, too
//           while True:
//               sink.append((yield))
//
// You do not have to find these by hand. coro-lings checks this exercise with Clippy, whose
// lint `await_holding_refcell_ref` (on by default) reports "this `RefCell` reference is held
// across an await point", and a `yield_` is an await point. In your own projects, run:
//   cargo clippy --manifest-path exercises/Cargo.toml --bin rank4_refcell_across_yield
//
// One Clippy suggestion points the wrong way here: rewrite the player as `loop { if let
// Some(..) = cell.borrow_mut()... { .. } else { break } }` and Clippy's `while_let_loop` asks
// for a `while let` again. Do not follow it: an `if let` keeps the guard of its condition to the
// end of its block, so that loop has the same bug, and the `while let` is where you started.
// Get the value out of the cell in a statement of its own first, then look at what you got.
//
// What to do: fix `player` and `recorder` so that the driver can use the queue and the sink
// between resumes. Both have the same bug; keep what they do, change how long they borrow.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use coro::{Coroutine, Interrupt};

pub type Queue = Rc<RefCell<VecDeque<String>>>;
pub type Sink = Rc<RefCell<Vec<String>>>;

/// Plays the songs of `queue`, one per resume, until the queue is empty; yields what it plays.
/// The driver may add songs while the player waits.
fn player(queue: Queue) -> Coroutine<String> {
    Coroutine::new(move |co| async move {
        while let Some(song) = queue.borrow_mut().pop_front() {
            co.yield_(format!("playing {song}")).await?;
        }
        Ok(())
    })
}

/// Appends every line it is sent to `sink`; closed, it returns how many lines it recorded.
/// The driver may read and write the sink while the recorder waits.
fn recorder(sink: Sink) -> Coroutine<(), String, usize> {
    Coroutine::primed(move |co| async move {
        let mut lines = sink.borrow_mut();
        let mut recorded = 0;
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    lines.push(line);
                    recorded += 1;
                }
                Err(Interrupt::Close) => return Ok(recorded),
                Err(other) => return Err(other),
            }
        }
    })
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(songs: &[&str]) -> Queue {
        Rc::new(RefCell::new(songs.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn the_driver_can_add_songs_while_the_player_waits() {
        let q = queue(&["a", "b"]);
        let mut p = player(q.clone());
        assert_eq!(p.next().as_deref(), Some("playing a"));
        q.borrow_mut().push_back("c".to_string());
        let rest: Vec<String> = p.collect();
        assert_eq!(
            rest,
            ["playing b", "playing c"],
            "the player holds no borrow of the queue while it is suspended"
        );
    }

    #[test]
    fn the_player_plays_each_song_once_and_stops_when_the_queue_is_empty() {
        for n in 0..6 {
            let songs: Vec<String> = (0..n).map(|i| format!("song {i}")).collect();
            let q = Rc::new(RefCell::new(songs.iter().cloned().collect::<VecDeque<_>>()));
            let played: Vec<String> = player(q.clone()).collect();
            let want: Vec<String> = songs.iter().map(|s| format!("playing {s}")).collect();
            assert_eq!(played, want, "{n} songs, in order");
            assert!(q.borrow().is_empty());
        }
    }

    #[test]
    fn a_closed_player_takes_no_more_songs() {
        let q = queue(&["a", "b", "c"]);
        let mut p = player(q.clone());
        p.next();
        assert_eq!(p.close(), Ok(None), "the player stops at the yield_ where it waits");
        assert_eq!(q.borrow().len(), 2, "closing takes no song from the queue");
        assert_eq!(p.next(), None, "a closed generator answers None");
    }

    #[test]
    fn the_driver_can_read_and_write_the_sink_between_sends() {
        let sink = Sink::default();
        let mut r = recorder(sink.clone());
        r.send("first".into()).unwrap();
        assert_eq!(
            sink.borrow().len(),
            1,
            "the driver reads the sink while the recorder is suspended"
        );
        sink.borrow_mut().push("from the driver".into());
        r.send("second".into()).unwrap();
        assert_eq!(*sink.borrow(), ["first", "from the driver", "second"]);
        assert_eq!(
            r.close(),
            Ok(Some(2)),
            "closed, the recorder reports the lines it recorded itself"
        );
    }

    #[test]
    fn the_recorder_counts_what_it_recorded() {
        for n in 0..5 {
            let sink = Sink::default();
            let mut r = recorder(sink.clone());
            for i in 0..n {
                r.send(format!("line {i}")).unwrap();
                assert_eq!(sink.borrow().len(), i + 1);
            }
            assert_eq!(r.close(), Ok(Some(n)), "closed after {n} lines");
        }
    }
}
