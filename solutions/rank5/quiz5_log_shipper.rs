// quiz5_log_shipper: the rank 5 quiz (solution)
//
// Why this works. `batcher` is a push stage whose state is one partial batch: a line completes a
// batch exactly when the batch reaches `size`, and `mem::take` sends it and starts an empty one.
// The end of the input arrives as a close, which the stage matches instead of ending at a `?`:
// the partial batch is flushed (never an empty one), the target is closed so that its Close arm
// runs, and its result is returned up the pipeline. `ship` is the scheduler of the rank with a
// virtual clock: a ready queue run in order, a min-heap of (wake time, sequence number) for the
// sleepers, where the sequence number records who went to sleep first, and a clock that jumps to
// the earliest wake-up when nothing is ready, so no time is spent waiting. With no producer left,
// the end of the input is a close of the head, and the sink's batches come back through every
// stage's return value. The step count is checked before each resume, so exactly `max_steps`
// resumes are allowed.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use coro::{Coroutine, Interrupt, State, Step};

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
pub fn batcher(size: usize, mut target: Sink) -> Stage {
    Coroutine::primed(move |co| async move {
        let mut batch = Vec::with_capacity(size);
        loop {
            match co.yield_(()).await {
                Ok(line) => {
                    batch.push(line);
                    if batch.len() == size {
                        let _ = target.send(std::mem::take(&mut batch));
                    }
                }
                Err(Interrupt::Close) => {
                    if !batch.is_empty() {
                        let _ = target.send(batch);
                    }
                    return Ok(target.close().ok().flatten().unwrap_or_default());
                }
                Err(other) => return Err(other),
            }
        }
    })
}

/// Runs `producers` on a virtual clock, pushing every line they emit into `head`.
pub fn ship(producers: Vec<Producer>, mut head: Stage, max_steps: usize) -> Result<Batches, Stop> {
    let mut tasks = producers;
    let mut ready: VecDeque<usize> = (0..tasks.len()).collect();
    let mut sleeping = BinaryHeap::new();
    let (mut now, mut steps, mut naps) = (0, 0, 0u64);
    loop {
        while let Some(id) = ready.pop_front() {
            steps += 1;
            if steps > max_steps {
                return Err(Stop::TooManySteps);
            }
            let task = &mut tasks[id];
            let step = match task.state() {
                State::Created => task.prime(),
                _ => task.send(now),
            };
            match step {
                Ok(Step::Yielded(Request::Emit(line))) => {
                    let _ = head.send(format!("{now} {line}"));
                    ready.push_back(id);
                }
                Ok(Step::Yielded(Request::Sleep(ticks))) => {
                    naps += 1;
                    sleeping.push(Reverse((now + ticks, naps, id)));
                }
                // An ended producer is simply not queued again.
                Ok(Step::Complete(())) | Err(_) => {}
            }
        }
        let Some(&Reverse((wake, _, _))) = sleeping.peek() else {
            break;
        };
        now = wake;
        while let Some(&Reverse((at, _, id))) = sleeping.peek() {
            if at != wake {
                break;
            }
            sleeping.pop();
            ready.push_back(id);
        }
    }
    Ok(head.close().ok().flatten().unwrap_or_default())
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
