//! What a suspended coroutine keeps resident: the running average, primed and waiting for a
//! send. Counted as the handle's own size plus the heap bytes it holds (as requested from the
//! allocator; the allocator adds its own header to each block, so fewer blocks is also less).
//!
//! `cargo bench -p coro-bench --features peers` runs this after `speed`.

use std::mem::size_of_val;

use allocation_counter::measure;
use coro_bench::*;

/// The handle's size, the heap bytes and blocks it holds, for a coroutine made and primed by
/// `make` and still alive.
fn resident<T>(make: impl FnOnce() -> T) -> (usize, i64, i64) {
    let mut held = None;
    let info = measure(|| held = Some(make()));
    let handle = held.as_ref().map_or(0, size_of_val);
    (handle, info.bytes_current, info.count_current)
}

fn main() {
    #[allow(unused_mut)] // only the peers add rows
    let mut rows: Vec<(&str, (usize, i64, i64))> = vec![
        (
            "coro Coroutine::new (boxed)",
            resident(|| {
                let mut c = averager();
                c.prime().unwrap();
                c
            }),
        ),
        (
            "coro Coroutine::new_generic",
            resident(|| {
                let mut c = averager_generic();
                c.prime().unwrap();
                c
            }),
        ),
    ];
    #[cfg(feature = "peers")]
    {
        use coro_bench::peers::*;
        use next_gen::prelude::*;
        rows.push(("genawaiter rc", resident(averager_genawaiter_rc)));
        rows.push((
            "next-gen (boxed)",
            resident(|| {
                mk_gen!(let mut g = box averager_next_gen());
                g.as_mut().resume(0.0);
                g
            }),
        ));
        rows.push(("corosensei (stackful) *", resident(averager_corosensei)));
    }

    println!("\nresident: a primed running average, waiting for a send");
    println!(
        "  {:<32} {:>7} {:>7} {:>7} {:>7}",
        "", "handle", "heap", "blocks", "total"
    );
    for (name, (handle, heap, blocks)) in rows {
        let total = handle as i64 + heap;
        println!("  {name:<32} {handle:>7} {heap:>7} {blocks:>7} {total:>7}");
    }
    #[cfg(feature = "peers")]
    println!(
        "  * plus its own stack, mapped outside the heap: at least one 4 KiB page is resident"
    );
    #[cfg(not(feature = "peers"))]
    println!("\n(peers left out: add --features peers)");
}
