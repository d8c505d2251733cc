//! Every process a check starts, and the way out: whatever ends coro-lings (a finished
//! command, Ctrl-C, SIGTERM, SIGHUP, a panic) kills the process groups it started, and on Linux
//! the processes that escaped them too.
//!
//! Each child runs in a process group of its own, so one `killpg` stops it and what it forked.
//! A child that calls `setsid` leaves that group; on Linux coro-lings is a child subreaper, so
//! such a process is handed to coro-lings when its parent dies, and [`reap_orphans`] finds it by
//! its parent id and kills it.

use std::collections::HashSet;
use std::io;
use std::process::{Child, Command};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rustix::process::{Pid, Signal, WaitOptions, kill_process, kill_process_group, waitpid};

/// The process groups (one per direct child) that are running now.
static GROUPS: Mutex<Option<HashSet<i32>>> = Mutex::new(None);
/// Set once coro-lings is on its way out: no new child may start after the last kill.
static LEAVING: AtomicBool = AtomicBool::new(false);
/// Set when a signal starts the way out, before anything is killed.
static SIGNALLED: AtomicBool = AtomicBool::new(false);
/// What puts the terminal back, set by watch mode while it owns the screen.
static RESTORE: Mutex<Option<fn()>> = Mutex::new(None);

fn groups() -> std::sync::MutexGuard<'static, Option<HashSet<i32>>> {
    GROUPS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts `cmd` in a process group of its own and remembers the group until [`forget`].
pub fn spawn(cmd: &mut Command) -> io::Result<Child> {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
    // Spawning and recording happen under one lock, so that a concurrent orphan scan never
    // mistakes a child that was just started for an escaped one.
    let mut live = groups();
    if LEAVING.load(Ordering::SeqCst) {
        return Err(io::Error::other("coro-lings is stopping"));
    }
    let child = cmd.spawn()?;
    live.get_or_insert_with(HashSet::new)
        .insert(child.id() as i32);
    Ok(child)
}

/// Kills the process group of `pid` (the child and whatever it forked and kept in its group).
pub fn kill_group(pid: u32) {
    if let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
        let _ = kill_process_group(pid, Signal::KILL);
    }
}

/// The child `pid` has been waited for: its group is no longer ours to kill.
pub fn forget(pid: u32) {
    if let Some(set) = groups().as_mut() {
        set.remove(&(pid as i32));
    }
}

/// Makes coro-lings the reaper of its descendants (Linux), so that a process that left its
/// group with `setsid` is still found when its parent dies. Elsewhere a no-op.
pub fn become_subreaper() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::set_child_subreaper(Some(rustix::process::getpid()));
    }
}

/// Kills and reaps the processes handed to coro-lings that it did not start itself: the
/// descendants of finished checks that escaped their process group. Linux only.
pub fn reap_orphans() {
    #[cfg(target_os = "linux")]
    {
        let live = groups();
        let ours = live.as_ref();
        for pid in children().unwrap_or_else(children_by_scan) {
            if ours.is_some_and(|s| s.contains(&pid)) {
                continue;
            }
            let Some(pid) = Pid::from_raw(pid) else {
                continue;
            };
            let _ = kill_process(pid, Signal::KILL);
            let _ = waitpid(Some(pid), WaitOptions::empty());
        }
    }
}

/// The children of every thread of coro-lings, from `/proc/self/task/*/children`: a few small
/// files, read after every check. `None` where the kernel does not provide them.
#[cfg(target_os = "linux")]
fn children() -> Option<Vec<i32>> {
    let mut pids = Vec::new();
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let list = match std::fs::read_to_string(task.path().join("children")) {
            Ok(list) => list,
            // The thread ended since the folder was listed (a check's reader or waiter
            // thread, typically): its children went to a live thread, read in this loop.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => return None,
        };
        pids.extend(
            list.split_whitespace()
                .filter_map(|p| p.parse::<i32>().ok()),
        );
    }
    Some(pids)
}

/// The same found the slow way: every process whose parent is coro-lings.
#[cfg(target_os = "linux")]
fn children_by_scan() -> Vec<i32> {
    let me = std::process::id() as i32;
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|&pid| parent_of(pid) == Some(me))
        .collect()
}

#[cfg(target_os = "linux")]
fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: the fields after it are fixed.
    let after = &stat[stat.rfind(')')? + 2..];
    after.split_whitespace().nth(1)?.parse().ok()
}

/// Kills every process group still running and every escaped descendant. After this no new
/// child starts.
pub fn kill_all() {
    LEAVING.store(true, Ordering::SeqCst);
    let pids: Vec<i32> = groups()
        .as_ref()
        .map(|s| s.iter().copied().collect())
        .unwrap_or_default();
    for pid in pids.into_iter().filter_map(Pid::from_raw) {
        let _ = kill_process_group(pid, Signal::KILL);
    }
    // What escaped a group but not its check's cgroup (root only), then what escaped both.
    crate::pidcap::remove_all();
    reap_orphans();
}

/// Watch mode calls this with the function that puts the terminal back while it owns the
/// screen, and with `None` when it has put it back itself.
pub fn set_restore(restore: Option<fn()>) {
    *RESTORE.lock().unwrap_or_else(|e| e.into_inner()) = restore;
}

/// Called by `main` when the command is done: if a signal's shutdown is under way (its kills
/// are what ended the command's checks), waits for it to exit with the signal's code rather
/// than race it with the command's own.
pub fn wait_if_signalled() {
    if SIGNALLED.load(Ordering::SeqCst) {
        loop {
            std::thread::park();
        }
    }
}

/// Kills what is running and restores the terminal: the common end of every way out.
pub fn shut_down() {
    kill_all();
    if let Some(restore) = RESTORE.lock().unwrap_or_else(|e| e.into_inner()).take() {
        restore();
    }
}

/// Handles SIGINT, SIGTERM and SIGHUP on a thread of their own: shut down, then exit with the
/// code shells expect (128 + the signal's number). A panic shuts down the same way.
pub fn install_handlers() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    become_subreaper();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        shut_down();
        previous(info);
    }));
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            SIGNALLED.store(true, Ordering::SeqCst);
            shut_down();
            std::process::exit(128 + sig);
        }
    });
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Threads end all the time in a check (each capture has a reader and a waiter): one that
    /// ends while the list is read must not send every later sweep to the slow scan of /proc.
    #[test]
    fn threads_that_end_during_the_listing_do_not_lose_the_list() {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let churn = {
            let stop = std::sync::Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    std::thread::spawn(|| {}).join().unwrap();
                }
            })
        };
        let lost = (0..2000).filter(|_| children().is_none()).count();
        stop.store(true, Ordering::SeqCst);
        churn.join().unwrap();
        assert_eq!(lost, 0, "children() gave up {lost} times of 2000");
    }
}
