//! A cap on the number of processes of one check when coro-lings runs as root, as CI often
//! does: the kernel does not apply `RLIMIT_NPROC` to root, so a fork bomb would be stopped only
//! by the timeout's process-group kill, after it had filled the machine for seconds. Instead,
//! each check gets a cgroup of the `pids` controller of its own, with `pids.max` set; the exec
//! shim moves itself into it before it becomes the test. Everything the test starts stays in
//! it (a `setsid` does not leave a cgroup), and what is left when the check ends is killed.
//!
//! Best effort, plain file operations: it needs a `pids` hierarchy that this process may write
//! (cgroup v1, or a cgroup v2 subtree with `pids` already delegated). Where there is none, the
//! check runs without a process cap and the marker says so by having no `nproc` line.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// One check's cgroup; removed (after killing what is left in it) when dropped.
#[derive(Debug)]
pub struct PidsGroup {
    dir: PathBuf,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);
/// The cgroups that exist now, so that a way out that skips `Drop` (a signal, `exit`) still
/// removes them: [`remove_all`].
static LIVE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn live() -> std::sync::MutexGuard<'static, Option<HashSet<PathBuf>>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

impl PidsGroup {
    /// Creates a cgroup under coro-lings' own in the `pids` hierarchy, holding at most `max`
    /// processes and threads. `None` where no such hierarchy can be written.
    pub fn create(max: u64) -> Option<PidsGroup> {
        let parent = own_pids_cgroup()?;
        let dir = parent.join(format!(
            "coro-lings-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        fs::create_dir(&dir).ok()?;
        live().get_or_insert_with(HashSet::new).insert(dir.clone());
        let group = PidsGroup { dir };
        fs::write(group.dir.join("pids.max"), max.to_string()).ok()?;
        Some(group)
    }

    /// The folder the shim is told to join.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for PidsGroup {
    fn drop(&mut self) {
        remove(&self.dir);
        if let Some(set) = live().as_mut() {
            set.remove(&self.dir);
        }
    }
}

/// Kills what is left in the cgroup at `dir` and removes it. An exited process leaves its
/// cgroup at once, so a zombie waiting to be reaped (by coro-lings, its subreaper, after the
/// check) does not hold it.
fn remove(dir: &Path) {
    use rustix::process::{Pid, Signal, kill_process};
    // Rounds, for a process that forks while the list is read, and for a loaded machine on
    // which the killed take a while to go.
    for _ in 0..200 {
        let procs = fs::read_to_string(dir.join("cgroup.procs")).unwrap_or_default();
        for pid in procs
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .filter_map(Pid::from_raw)
        {
            let _ = kill_process(pid, Signal::KILL);
        }
        if fs::remove_dir(dir).is_ok() || !dir.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Removes every cgroup this process made that still exists: the end of every way out
/// (`procs::kill_all`), which a signal handler's `exit` reaches without running `Drop`.
pub fn remove_all() {
    let dirs: Vec<PathBuf> = live()
        .take()
        .map(|s| s.into_iter().collect())
        .unwrap_or_default();
    for dir in dirs {
        remove(&dir);
    }
}

/// Moves this process into the cgroup at `dir` (called by the shim on itself).
pub fn join(dir: &Path) -> std::io::Result<()> {
    fs::write(dir.join("cgroup.procs"), std::process::id().to_string())
}

/// The folder of coro-lings' own cgroup in a writable `pids` hierarchy.
fn own_pids_cgroup() -> Option<PathBuf> {
    let mounts = fs::read_to_string("/proc/self/mountinfo").ok()?;
    let membership = fs::read_to_string("/proc/self/cgroup").ok()?;
    let (mount, v2) = pids_mount(&mounts)?;
    let own = own_path(&membership, v2)?;
    let dir = mount.join(own.trim_start_matches('/'));
    if v2 {
        // Only a subtree whose owner already delegated `pids` to its children: enabling it
        // here would move controllers under a running system.
        let control = fs::read_to_string(dir.join("cgroup.subtree_control")).ok()?;
        if !control.split_whitespace().any(|c| c == "pids") {
            return None;
        }
    }
    Some(dir)
}

/// The mount point of the `pids` controller, and whether it is cgroup v2, from
/// `/proc/self/mountinfo`.
fn pids_mount(mountinfo: &str) -> Option<(PathBuf, bool)> {
    let mut v2 = None;
    for line in mountinfo.lines() {
        // `ID PARENT MAJ:MIN ROOT MOUNT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER`
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let Some(mount) = left.split_whitespace().nth(4) else {
            continue;
        };
        let mut r = right.split_whitespace();
        match (r.next(), r.nth(1)) {
            (Some("cgroup"), Some(opts)) if opts.split(',').any(|o| o == "pids") => {
                return Some((PathBuf::from(mount), false));
            }
            (Some("cgroup2"), _) => v2 = Some((PathBuf::from(mount), true)),
            _ => {}
        }
    }
    v2
}

/// coro-lings' own cgroup path in that hierarchy, from `/proc/self/cgroup`.
fn own_path(membership: &str, v2: bool) -> Option<String> {
    membership.lines().find_map(|line| {
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        let wanted = if v2 {
            controllers.is_empty()
        } else {
            controllers.split(',').any(|c| c == "pids")
        };
        wanted.then(|| path.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n\
        38 31 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n\
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

    #[test]
    fn a_v1_pids_hierarchy_wins_over_cgroup2() {
        assert_eq!(
            pids_mount(V1),
            Some((PathBuf::from("/sys/fs/cgroup/pids"), false))
        );
        let membership = "8:pids:/ci/job\n0::/user.slice\n";
        assert_eq!(own_path(membership, false).as_deref(), Some("/ci/job"));
        assert_eq!(own_path(membership, true).as_deref(), Some("/user.slice"));
    }

    #[test]
    fn cgroup2_alone_is_found() {
        let only_v2 = "30 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n";
        assert_eq!(
            pids_mount(only_v2),
            Some((PathBuf::from("/sys/fs/cgroup"), true))
        );
        assert_eq!(pids_mount("1 0 0:1 / / rw - ext4 /dev/vda rw\n"), None);
    }
}
