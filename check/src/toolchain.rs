//! Which compiler checks the exercises, found without starting it when nothing changed.
//!
//! Asking `rustc -vV` costs a process start (about 15 ms, more through rustup's proxy) on every
//! `run`, so the answer is remembered under the work folder together with a [`Stamp`] of every
//! file that decides which compiler `rustc` is: the command found on `PATH` (or `$RUSTC`), the
//! real compiler and the library folder of the toolchain it named, rustup's settings and the
//! `rust-toolchain` files above the course, and rustup's environment variables. When the stamp
//! still matches, the remembered answer is used; `rustup update`, `rustup default`, a new
//! `rust-toolchain.toml` or another `rustc` on `PATH` each change it.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::thread;

use anyhow::{Result, anyhow, bail};
use serde::{Deserialize, Serialize};

use crate::fsutil::write_atomic;
use crate::stamp::Stamp;

/// The oldest compiler the course is written for (edition 2024 and the std APIs it uses).
const MIN_RUST: (u32, u32) = (1, 89);
/// How the compiler is asked a question: it runs `rustc_path()` in the folder given with the
/// arguments given, and returns what it printed or an error that says what went wrong.
pub type Ask<'a> = &'a (dyn Fn(&Path, &[&str]) -> Result<String> + Sync);
/// Where the answer is remembered, under the work folder.
const CACHE_FILE: &str = "toolchain.json";

/// What the checker needs to know about the compiler.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toolchain {
    /// `rustc -vV`: part of every cache key.
    pub version: String,
    /// `rustc --print sysroot`.
    pub sysroot: PathBuf,
    /// The folder of the target's standard library (`rustc --print target-libdir`).
    pub libdir: PathBuf,
    /// What to run to compile: the toolchain's own `rustc` when `rustc` is rustup's proxy (the
    /// stamp covers everything the proxy decides by, and skipping it saves a process start
    /// per compile), else the command as given.
    pub compiler: PathBuf,
}

impl Toolchain {
    /// The folder that holds the toolchain's shared standard library, when it ships one: a test
    /// binary linked with `-C prefer-dynamic` loads `libstd` from there when it runs (the
    /// binary names the folder itself, through its run path). `None` means link statically.
    pub fn shared_std_dir(&self) -> Option<&Path> {
        has_shared_std(&self.libdir).then_some(self.libdir.as_path())
    }
}

/// Whether `libdir` holds a shared `libstd` (`libstd-<hash>.so`).
fn has_shared_std(libdir: &Path) -> bool {
    fs::read_dir(libdir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libstd-") && name.ends_with(".so")
        })
    })
}

/// The compiler command: `$RUSTC` when set, else `rustc` from `PATH`.
pub fn rustc_path() -> OsString {
    std::env::var_os("RUSTC")
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "rustc".into())
}

/// The compiler that checks the course at `root`, from the cache under `work` when nothing that
/// decides it changed, else asked through `ask` (and checked against the oldest Rust the course
/// supports).
pub fn find(root: &Path, work: &Path, ask: Ask) -> Result<Toolchain> {
    let cache = work.join(CACHE_FILE);
    if let Some(remembered) = read_cache(&cache)
        && stamp(root, &remembered.toolchain.sysroot) == remembered.stamp
    {
        return Ok(remembered.toolchain);
    }
    let toolchain = probe(root, ask)?;
    let stamp = stamp(root, &toolchain.sysroot);
    if stamp.is_settled() {
        let entry = Remembered {
            stamp,
            toolchain: toolchain.clone(),
        };
        // A cache that cannot be written costs a probe next time, nothing else.
        if let Ok(bytes) = serde_json::to_vec(&entry) {
            let _ = write_atomic(&cache, &bytes);
        }
    }
    Ok(toolchain)
}

#[derive(Serialize, Deserialize)]
struct Remembered {
    stamp: Stamp,
    toolchain: Toolchain,
}

fn read_cache(path: &Path) -> Option<Remembered> {
    serde_json::from_slice(&fs::read(path).ok()?).ok()
}

/// Everything that decides which compiler `rustc` is when run in `root`.
fn stamp(root: &Path, sysroot: &Path) -> Stamp {
    let mut files = vec![
        sysroot.join("bin").join("rustc"),
        // A toolchain updated in place gets new libraries (their names carry a hash), which
        // changes this folder even when the `rustc` launcher stays the same size.
        sysroot.join("lib"),
    ];
    files.extend(command_on_path(&rustc_path()));
    let rustup_home = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".rustup")));
    files.extend(rustup_home.map(|h| h.join("settings.toml")));
    // A relative root (".") has no parents to walk: the toolchain files above it count too.
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for dir in root.ancestors() {
        files.push(dir.join("rust-toolchain"));
        files.push(dir.join("rust-toolchain.toml"));
    }
    let vars = ["RUSTC", "RUSTUP_TOOLCHAIN", "RUSTUP_HOME"];
    Stamp::of_files(&files).with_vars(&vars)
}

/// Where the operating system finds `command`: itself when it names a path, else the first
/// match on `PATH`, as `Command::new` does.
fn command_on_path(command: &OsString) -> Option<PathBuf> {
    let as_path = Path::new(command);
    if as_path.components().count() > 1 {
        return Some(as_path.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(command))
        .find(|p| p.is_file())
}

/// Whether `command` is rustup's proxy: a link to (or a copy of) the `rustup` binary, which
/// picks a toolchain and runs that toolchain's `rustc`.
fn is_rustup_proxy(command: &OsString) -> bool {
    command_on_path(command)
        .and_then(|p| fs::canonicalize(p).ok())
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .is_some_and(|stem| stem == "rustup" || stem == "rustup-init")
}

/// Asks the compiler for its version and its folders, the two questions at once.
fn probe(root: &Path, ask: Ask) -> Result<Toolchain> {
    let (version, folders) = thread::scope(|s| {
        let version = s.spawn(|| ask(root, &["-vV"]));
        let folders = ask(root, &["--print", "sysroot", "--print", "target-libdir"]);
        (version.join(), folders)
    });
    let version =
        version.map_err(|_| anyhow!("the thread asking rustc for its version panicked"))??;
    check_version(&version)?;
    let folders = folders?;
    let mut lines = folders.lines().map(str::trim);
    match (lines.next(), lines.next()) {
        (Some(sysroot), Some(libdir)) if !sysroot.is_empty() && !libdir.is_empty() => {
            let sysroot = PathBuf::from(sysroot);
            let own = sysroot.join("bin").join("rustc");
            let compiler = if is_rustup_proxy(&rustc_path()) && own.is_file() {
                own
            } else {
                PathBuf::from(rustc_path())
            };
            Ok(Toolchain {
                version,
                sysroot,
                libdir: PathBuf::from(libdir),
                compiler,
            })
        }
        _ => bail!(
            "`{} --print sysroot --print target-libdir` did not name two folders; it said:\n{}",
            rustc_path().to_string_lossy(),
            folders.trim()
        ),
    }
}

/// Refuses a compiler older than the course.
fn check_version(version: &str) -> Result<()> {
    let release = version
        .lines()
        .find_map(|l| l.strip_prefix("release: "))
        .map(str::trim)
        .unwrap_or("");
    let mut numbers = release
        .split(['.', '-'])
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let found = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    if found < MIN_RUST {
        bail!(
            "this course needs Rust {}.{} or newer, but `{}` is {}: run `rustup update`",
            MIN_RUST.0,
            MIN_RUST.1,
            rustc_path().to_string_lossy(),
            if release.is_empty() {
                "of an unknown version"
            } else {
                release
            }
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiler asked plainly (the checker asks with a timeout). Through `procs`, so that
    /// another test's sweep for escaped processes does not take it for one.
    fn ask(root: &Path, args: &[&str]) -> Result<String> {
        let mut cmd = std::process::Command::new(rustc_path());
        cmd.args(args)
            .current_dir(root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let child = crate::procs::spawn(&mut cmd)?;
        let pid = child.id();
        let out = child.wait_with_output();
        crate::procs::forget(pid);
        let out = out?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(String::from_utf8(out.stdout)?)
    }

    #[test]
    fn an_old_or_unknown_compiler_is_refused_with_the_way_out() {
        let err = check_version("rustc 1.80.0\nrelease: 1.80.0\n").unwrap_err();
        assert!(err.to_string().contains("needs Rust 1.89"), "{err}");
        assert!(err.to_string().contains("rustup update"), "{err}");
        assert!(check_version("rustc ?\n").is_err());
        assert!(check_version("release: 1.89.0\n").is_ok());
        assert!(check_version("release: 1.95.0-nightly\n").is_ok());
    }

    #[test]
    fn a_toolchain_without_shared_std_links_statically() {
        let dir = tempfile::tempdir().unwrap();
        let toolchain = Toolchain {
            version: String::new(),
            sysroot: dir.path().to_path_buf(),
            libdir: dir.path().to_path_buf(),
            compiler: PathBuf::from("rustc"),
        };
        fs::write(dir.path().join("libstd-0123abcd.rlib"), "").unwrap();
        assert_eq!(toolchain.shared_std_dir(), None);
        fs::write(dir.path().join("libstd-0123abcd.so"), "").unwrap();
        assert_eq!(toolchain.shared_std_dir(), Some(dir.path()));
    }

    #[test]
    fn the_answer_is_remembered_until_the_compiler_changes() {
        let course = tempfile::tempdir().unwrap();
        let work = course.path().join("work");
        fs::create_dir_all(&work).unwrap();
        let found = find(course.path(), &work, &ask).unwrap();
        assert!(found.version.contains("release: "));
        assert!(found.compiler.is_file() || found.compiler == Path::new("rustc"));
        // The toolchain was installed more than two seconds ago, so its stamp is settled and
        // the answer is remembered.
        let mut entry = read_cache(&work.join(CACHE_FILE)).expect("the answer is remembered");
        assert_eq!(entry.toolchain, found);
        entry.toolchain.version = "a remembered answer".into();
        fs::write(work.join(CACHE_FILE), serde_json::to_vec(&entry).unwrap()).unwrap();
        assert_eq!(
            find(course.path(), &work, &ask).unwrap().version,
            "a remembered answer",
            "nothing changed, so the compiler is not asked again"
        );
        // A rust-toolchain.toml above the course may name another compiler.
        let before = stamp(course.path(), &found.sysroot);
        fs::write(course.path().join("rust-toolchain.toml"), "").unwrap();
        assert_ne!(stamp(course.path(), &found.sysroot), before);
    }
}
