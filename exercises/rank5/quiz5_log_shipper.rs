// quiz5_log_shipper: the rank 5 quiz
//
// Producers write log lines over time; a shipper runs them on a virtual clock and pushes every
// line into a pipeline that packs lines into batches for a sink.
//
// A producer is a coroutine (the tests write them). It yields `Request::Emit(line)` or
// `Request::Sleep(ticks)`, and is sent the clock's time each time it is resumed (primed the
// first time). It ends by returning.
//
// What to do:
// 1. `batcher(size, target)`: a primed stage that is sent lines and sends them on to `target` in
//    batches of exactly `size` lines, in order. Closed, it sends the lines it still holds (if
//    any) as one last, shorter batch, closes `target`, and returns what `target` returned.
//    `size` is at least 1.
// 2. `ship(producers, head, max_steps)`: the scheduler. Producers start ready, in the order
//    given. Resume the ready ones in order; `Emit(line)` sends `"{time} {line}"` into `head` and
//    puts the producer back at the end of the ready queue; `Sleep(ticks)` puts it to sleep until
//    `time + ticks`. When none is ready, move the clock to the earliest wake-up and make every
//    producer due then ready, in the order in which they went to sleep. When every producer has
//    ended, close `head` and return what it returned. Every resume counts as a step: `max_steps`
//    of them are allowed, and the one after that stops the run with `Err(Stop::TooManySteps)`.

use coro::{Coroutine, Interrupt};

/// What a producer asks for. It is sent the clock's time whenever it is resumed.
pub enum Request {
    Emit(String),
    Sleep(u64),
}

pub type Producer = Coroutine<Request, u64>;
pub type Batches = Vec<Vec<String>>;
/// A stage of the pipeline: sent lines, returns (when closed) what reached the sink.
pub type Stage = Coroutine<(), String, Batches>;
/// The sink: sent batches, returns them all when closed.
pub type Sink = Coroutine<(), Vec<String>, Batches>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    TooManySteps,
}

/// Collects the batches it is sent; returns them when closed.
pub fn collector() -> Sink {
    Coroutine::primed(|co| async move {
        let mut all = Vec::new();
        loop {
            match co.yield_(()).await {
                Ok(batch) => all.push(batch),
                Err(Interrupt::Close) => return Ok(all),
                Err(other) => return Err(other),
            }
        }
    })
}

/// Packs lines into batches of `size` for `target`; closed, flushes, closes `target`, returns its
/// result.
pub fn batcher(_size: usize, _target: Sink) -> Stage {
    todo!("the batcher stage")
}

/// Runs `producers` on a virtual clock, pushing every line they emit into `head`.
pub fn ship(_producers: Vec<Producer>, _head: Stage, _max_steps: usize) -> Result<Batches, Stop> {
    todo!("the scheduler")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug)]
    enum Act {
        Emit(&'static str),
        Sleep(u64),
    }

    fn producer(script: Vec<Act>) -> Producer {
        Coroutine::new(move |co| async move {
            for act in script {
                match act {
                    Act::Emit(line) => co.yield_(Request::Emit(line.to_string())).await?,
                    Act::Sleep(t) => co.yield_(Request::Sleep(t)).await?,
                };
            }
            Ok(())
        })
    }

    fn lines(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("line {i}")).collect()
    }

    #[test]
    fn batcher_packs_exact_batches_and_flushes_the_rest_on_close() {
        for size in 1..=4 {
            for n in 0..=9 {
                let mut stage = batcher(size, collector());
                for line in lines(n) {
                    stage.send(line).unwrap();
                }
                let got = stage.close().unwrap().expect(
                    "closing the batcher closes its target and returns the target's result",
                );
                let want: Batches = lines(n).chunks(size).map(|c| c.to_vec()).collect();
                assert!(
                    got == want,
                    "size {size}, {n} lines: batches of exactly {size} in order, then the rest as one \
                     shorter batch, and never an empty batch"
                );
            }
        }
    }

    #[test]
    fn batcher_sends_a_batch_as_soon_as_it_is_full() {
        let sent = std::rc::Rc::new(std::cell::Cell::new(0));
        let s = sent.clone();
        let counting: Sink = Coroutine::primed(move |co| async move {
            loop {
                match co.yield_(()).await {
                    Ok(_) => s.set(s.get() + 1),
                    Err(Interrupt::Close) => return Ok(vec![vec!["closed".to_string()]]),
                    Err(other) => return Err(other),
                }
            }
        });
        let mut stage = batcher(3, counting);
        for (i, line) in lines(7).into_iter().enumerate() {
            stage.send(line).unwrap();
            assert!(
                sent.get() == (i + 1) / 3,
                "a batch goes to the target when its last line arrives, not later"
            );
        }
        assert_eq!(
            stage.close(),
            Ok(Some(vec![vec!["closed".to_string()]])),
            "close closes the target (its Close arm runs) and returns what it returned"
        );
        assert_eq!(
            sent.get(),
            3,
            "the last short batch is sent before the target is closed"
        );
    }

    #[test]
    fn ship_runs_producers_on_the_virtual_clock() {
        use Act::*;
        let producers = vec![
            producer(vec![Emit("a"), Sleep(3), Emit("b"), Sleep(1), Emit("c")]),
            producer(vec![Emit("x"), Sleep(3), Emit("y")]),
        ];
        let got = ship(producers, batcher(2, collector()), 100);
        let want = vec![
            vec!["0 a".to_string(), "0 x".to_string()],
            vec!["3 b".to_string(), "3 y".to_string()],
            vec!["4 c".to_string()],
        ];
        assert!(
            got == Ok(want),
            "producers take turns at each time; the clock jumps to the next wake-up; at the end the \
             pipeline is closed and its result returned"
        );
    }

    #[test]
    fn sleepers_due_together_wake_in_the_order_they_went_to_sleep() {
        use Act::*;
        let producers = vec![
            producer(vec![Emit("p0 first"), Sleep(2), Emit("p0 after")]),
            producer(vec![Sleep(2), Emit("p1 after")]),
        ];
        let got = ship(producers, batcher(1, collector()), 100).unwrap();
        let order: Vec<&str> = got.iter().map(|b| b[0].as_str()).collect();
        assert!(
            order == ["0 p0 first", "2 p1 after", "2 p0 after"],
            "p1 went to sleep before p0 (p0 emitted first), so at t=2 p1 runs first"
        );
    }

    #[test]
    fn generated_producers_keep_their_own_order_and_times() {
        let mut x = 77u64;
        let mut next = move |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let words = ["alpha", "beta", "gamma", "delta"];
        for round in 0..12 {
            let size = 1 + next(4) as usize;
            let mut scripts = Vec::new();
            for _ in 0..1 + next(4) {
                let script: Vec<Act> = (0..next(7))
                    .map(|_| {
                        if next(2) == 0 {
                            Act::Emit(words[next(4) as usize])
                        } else {
                            Act::Sleep(next(5))
                        }
                    })
                    .collect();
                scripts.push(script);
            }
            let got = ship(
                scripts.iter().cloned().map(producer).collect(),
                batcher(size, collector()),
                1000,
            )
            .expect("a short run ends within its steps");
            let flat: Vec<String> = got.iter().flatten().cloned().collect();
            let total: usize = scripts
                .iter()
                .flatten()
                .filter(|a| matches!(a, Act::Emit(_)))
                .count();
            assert_eq!(
                flat.len(),
                total,
                "round {round}: every emitted line is shipped once"
            );
            let times: Vec<u64> = flat
                .iter()
                .map(|l| l.split(' ').next().unwrap().parse().unwrap())
                .collect();
            assert!(
                times.windows(2).all(|w| w[0] <= w[1]),
                "round {round}: lines are shipped in the order of the clock"
            );
            // Each producer's lines, with the time it emitted them, appear in its own order.
            for script in &scripts {
                let mut t = 0;
                let mut mine = Vec::new();
                for act in script {
                    match act {
                        Act::Emit(w) => mine.push(format!("{t} {w}")),
                        Act::Sleep(d) => t += d,
                    }
                }
                let mut rest = flat.iter();
                assert!(
                    mine.iter().all(|m| rest.any(|l| l == m)),
                    "round {round}: a producer's lines carry the clock's time when it emitted them, \
                     in its own order"
                );
            }
            for (i, batch) in got.iter().enumerate() {
                assert!(
                    batch.len() == size
                        || (i + 1 == got.len() && !batch.is_empty() && batch.len() < size),
                    "round {round}: batches of {size}, the last one possibly shorter"
                );
            }
        }
    }

    #[test]
    fn max_steps_allows_exactly_that_many_resumes() {
        use Act::*;
        // Three requests and the end: 4 resumes.
        let make = || vec![producer(vec![Emit("a"), Sleep(1), Emit("b")])];
        for (max, ok) in [(3, false), (4, true), (5, true)] {
            let got = ship(make(), batcher(5, collector()), max);
            assert!(
                got.is_ok() == ok,
                "a producer that needs 4 resumes, with max_steps {max}: {}",
                if ok {
                    "the run must end normally"
                } else {
                    "the step limit must stop it"
                }
            );
            if !ok {
                assert_eq!(got, Err(Stop::TooManySteps));
            }
        }
    }
}
