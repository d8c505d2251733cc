//! Time and instructions per operation, `coro` against a hand-written floor and the peer crates,
//! all in one run so that the ratios compare like with like.
//!
//! `cargo bench -p coro-bench --features peers`. Time is the fastest of several interleaved
//! rounds (the other core is often busy, and interference only ever adds time). Instructions
//! come from callgrind when `valgrind` is on the PATH: each case runs alone under it twice, with
//! N and 2N operations, and the difference divided by N is what one operation costs, start-up
//! and set-up cancelled out. Set `CORO_BENCH_NO_CALLGRIND=1` to skip that part.

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use coro_bench::*;

/// One workload run `n` times by one implementation.
struct Case {
    group: Group,
    name: &'static str,
    /// Operations per round are divided by this, for cases whose one operation is slow.
    divisor: u32,
    run: fn(u32),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Group {
    Send,
    Iterate,
    Pipeline,
    Life,
}

impl Group {
    fn title(self) -> &'static str {
        match self {
            Group::Send => "send: one round trip through a running average (f64 in, f64 out)",
            Group::Iterate => "iterate: one item of a generator over 0..n, summed",
            Group::Pipeline => "pipeline: one value pushed through double -> add one -> sum",
            Group::Life => "whole life: create, prime, one send, drop",
        }
    }

    /// Operations per timed round.
    fn ops(self) -> u32 {
        match self {
            Group::Send | Group::Iterate | Group::Pipeline => 1_000_000,
            Group::Life => 100_000,
        }
    }
}

fn send_floor(n: u32) {
    let mut a = black_box(Averager::default());
    for i in 0..n {
        black_box(a.send(black_box(f64::from(i))));
    }
}

fn send_coro(n: u32) {
    let mut c = averager();
    c.prime().unwrap();
    for i in 0..n {
        black_box(c.send(black_box(f64::from(i))).unwrap());
    }
}

fn send_coro_generic(n: u32) {
    let mut c = averager_generic();
    c.prime().unwrap();
    for i in 0..n {
        black_box(c.send(black_box(f64::from(i))).unwrap());
    }
}

/// Sums the items, each through `black_box` so that no iterator is folded into a formula.
fn consume(items: impl Iterator<Item = u64>) {
    let mut sum = 0;
    for i in items {
        sum += black_box(i);
    }
    black_box(sum);
}

fn iterate_floor(n: u32) {
    consume(count(black_box(u64::from(n))));
}

fn iterate_coro(n: u32) {
    consume(count_coro(black_box(u64::from(n))));
}

fn iterate_coro_generic(n: u32) {
    consume(count_coro_generic(black_box(u64::from(n))));
}

fn pipeline_floor(n: u32) {
    let mut p = black_box(pipeline::Floor::default());
    for i in 0..n {
        p.push(black_box(u64::from(i)));
    }
}

fn pipeline_coro(n: u32) {
    let mut p = pipeline::coro();
    for i in 0..n {
        p.send(black_box(u64::from(i))).unwrap();
    }
}

fn pipeline_coro_generic(n: u32) {
    let mut p = pipeline::coro_generic();
    for i in 0..n {
        p.send(black_box(u64::from(i))).unwrap();
    }
}

fn life_floor(n: u32) {
    for i in 0..n {
        let mut a = black_box(Box::new(Averager::default()));
        black_box(a.send(black_box(f64::from(i))));
    }
}

fn life_coro(n: u32) {
    for i in 0..n {
        let mut c = averager();
        black_box(c.prime().unwrap());
        black_box(c.send(black_box(f64::from(i))).unwrap());
    }
}

fn life_coro_generic(n: u32) {
    for i in 0..n {
        let mut c = averager_generic();
        black_box(c.prime().unwrap());
        black_box(c.send(black_box(f64::from(i))).unwrap());
    }
}

#[cfg(feature = "peers")]
mod peer_cases {
    use super::*;
    use coro_bench::peers::*;
    use genawaiter::GeneratorState;
    use next_gen::prelude::*;

    pub fn send_genawaiter_stack(n: u32) {
        genawaiter::stack::let_gen_using!(g, averager_genawaiter_stack);
        g.resume_with(0.0);
        for i in 0..n {
            match g.resume_with(black_box(f64::from(i))) {
                GeneratorState::Yielded(y) => black_box(y),
                GeneratorState::Complete(()) => unreachable!(),
            };
        }
    }

    pub fn send_genawaiter_rc(n: u32) {
        let mut g = averager_genawaiter_rc();
        for i in 0..n {
            match g.resume_with(black_box(f64::from(i))) {
                GeneratorState::Yielded(y) => black_box(y),
                GeneratorState::Complete(()) => unreachable!(),
            };
        }
    }

    pub fn send_next_gen(n: u32) {
        mk_gen!(let mut g = box averager_next_gen());
        g.as_mut().resume(0.0);
        for i in 0..n {
            match g.as_mut().resume(black_box(f64::from(i))) {
                next_gen::generator::GeneratorState::Yielded(y) => black_box(y),
                next_gen::generator::GeneratorState::Returned(()) => unreachable!(),
            };
        }
    }

    pub fn send_corosensei(n: u32) {
        let mut c = averager_corosensei();
        for i in 0..n {
            match c.resume(black_box(f64::from(i))) {
                corosensei::CoroutineResult::Yield(y) => black_box(y),
                corosensei::CoroutineResult::Return(()) => unreachable!(),
            };
        }
    }

    pub fn iterate_genawaiter_stack(n: u32) {
        let n = black_box(u64::from(n));
        genawaiter::stack::let_gen_using!(g, |co| count_genawaiter_stack(co, n));
        consume(g.into_iter());
    }

    pub fn iterate_genawaiter_rc(n: u32) {
        consume(count_genawaiter_rc(black_box(u64::from(n))).into_iter());
    }

    pub fn iterate_next_gen(n: u32) {
        mk_gen!(let g = box count_next_gen(black_box(u64::from(n))));
        consume(g);
    }

    pub fn iterate_corosensei(n: u32) {
        let mut c = count_corosensei(black_box(u64::from(n)));
        let mut sum = 0;
        while let corosensei::CoroutineResult::Yield(i) = c.resume(()) {
            sum += black_box(i);
        }
        black_box(sum);
    }

    pub fn pipeline_genawaiter_rc(n: u32) {
        let mut p = pipeline::genawaiter_rc();
        for i in 0..n {
            p.resume_with(black_box(u64::from(i)));
        }
    }

    pub fn life_genawaiter_stack(n: u32) {
        for i in 0..n {
            genawaiter::stack::let_gen_using!(g, averager_genawaiter_stack);
            black_box(g.resume_with(0.0));
            black_box(g.resume_with(black_box(f64::from(i))));
        }
    }

    pub fn life_genawaiter_rc(n: u32) {
        for i in 0..n {
            let mut g = averager_genawaiter_rc();
            black_box(g.resume_with(black_box(f64::from(i))));
        }
    }

    pub fn life_next_gen(n: u32) {
        for i in 0..n {
            mk_gen!(let mut g = box averager_next_gen());
            black_box(g.as_mut().resume(0.0));
            black_box(g.as_mut().resume(black_box(f64::from(i))));
        }
    }

    pub fn life_corosensei(n: u32) {
        for i in 0..n {
            let mut c = averager_corosensei();
            black_box(c.resume(black_box(f64::from(i))));
        }
    }
}

fn cases() -> Vec<Case> {
    let case = |group, name, run: fn(u32)| Case {
        group,
        name,
        divisor: 1,
        run,
    };
    #[allow(unused_mut)]
    let mut cases = vec![
        case(Group::Send, "hand-written state machine", send_floor),
        case(Group::Send, "coro Coroutine::new (boxed)", send_coro),
        case(
            Group::Send,
            "coro Coroutine::new_generic",
            send_coro_generic,
        ),
        case(Group::Iterate, "hand-written iterator", iterate_floor),
        case(Group::Iterate, "coro Coroutine::new (boxed)", iterate_coro),
        case(
            Group::Iterate,
            "coro Coroutine::new_generic",
            iterate_coro_generic,
        ),
        case(Group::Pipeline, "hand-written structs", pipeline_floor),
        case(
            Group::Pipeline,
            "coro Coroutine::new (boxed)",
            pipeline_coro,
        ),
        case(
            Group::Pipeline,
            "coro Coroutine::new_generic",
            pipeline_coro_generic,
        ),
        case(Group::Life, "hand-written struct in a Box", life_floor),
        case(Group::Life, "coro Coroutine::new (boxed)", life_coro),
        case(
            Group::Life,
            "coro Coroutine::new_generic",
            life_coro_generic,
        ),
    ];
    #[cfg(feature = "peers")]
    {
        use peer_cases::*;
        cases.extend([
            case(Group::Send, "genawaiter stack", send_genawaiter_stack),
            case(Group::Send, "genawaiter rc", send_genawaiter_rc),
            case(Group::Send, "next-gen (boxed)", send_next_gen),
            case(Group::Send, "corosensei (stackful)", send_corosensei),
            case(Group::Iterate, "genawaiter stack", iterate_genawaiter_stack),
            case(Group::Iterate, "genawaiter rc", iterate_genawaiter_rc),
            case(Group::Iterate, "next-gen (boxed)", iterate_next_gen),
            case(Group::Iterate, "corosensei (stackful)", iterate_corosensei),
            case(Group::Pipeline, "genawaiter rc", pipeline_genawaiter_rc),
            case(Group::Life, "genawaiter stack", life_genawaiter_stack),
            case(Group::Life, "genawaiter rc", life_genawaiter_rc),
            case(Group::Life, "next-gen (boxed)", life_next_gen),
            Case {
                divisor: 50,
                ..case(Group::Life, "corosensei (stackful)", life_corosensei)
            },
        ]);
    }
    cases
}

// Many short rounds rather than a few long ones: the fastest round is the one least disturbed.
const ROUNDS: usize = 25;

/// Instructions for `n` operations of case `index`, run alone under callgrind; `None` when
/// valgrind is missing or fails.
fn instructions(index: usize, n: u32) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .args(["--only", &index.to_string(), &n.to_string()])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|n| n.trim().parse().ok())
}

fn main() {
    let cases = cases();
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--only") {
        let index: usize = args[at + 1].parse().expect("a case number");
        let n: u32 = args[at + 2].parse().expect("an operation count");
        (cases[index].run)(n);
        return;
    }

    let mut best = vec![f64::INFINITY; cases.len()];
    for round in 0..=ROUNDS {
        for (i, case) in cases.iter().enumerate() {
            let n = case.group.ops() / case.divisor;
            let start = Instant::now();
            (case.run)(n);
            let ns = start.elapsed().as_nanos() as f64 / f64::from(n);
            if round > 0 {
                // round 0 warms up
                best[i] = best[i].min(ns);
            }
        }
    }

    let callgrind = std::env::var_os("CORO_BENCH_NO_CALLGRIND").is_none()
        && Command::new("valgrind").arg("--version").output().is_ok();
    let per_op: Vec<Option<f64>> = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            if !callgrind {
                return None;
            }
            let n = 20_000 / case.divisor;
            let one = instructions(i, n)?;
            let two = instructions(i, 2 * n)?;
            Some(two.saturating_sub(one) as f64 / f64::from(n))
        })
        .collect();

    for group in [Group::Send, Group::Iterate, Group::Pipeline, Group::Life] {
        println!("\n{}", group.title());
        println!(
            "  {:<32} {:>9} {:>7} {:>13} {:>7}",
            "", "ns/op", "ratio", "instr/op", "ratio"
        );
        let members: Vec<usize> = (0..cases.len())
            .filter(|&i| cases[i].group == group)
            .collect();
        let floor = members[0];
        for &i in &members {
            let instr = match (per_op[i], per_op[floor]) {
                (Some(x), Some(f)) => format!("{x:>13.1} {:>6.2}x", x / f),
                _ => format!("{:>13} {:>7}", "-", "-"),
            };
            println!(
                "  {:<32} {:>9.2} {:>6.2}x {instr}",
                cases[i].name,
                best[i],
                best[i] / best[floor]
            );
        }
    }
    if !callgrind {
        println!("\n(instructions: install valgrind, or unset CORO_BENCH_NO_CALLGRIND)");
    }
    #[cfg(not(feature = "peers"))]
    println!("\n(peers left out: add --features peers)");
}
