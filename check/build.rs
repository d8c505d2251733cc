//! Embeds the course as shipped, so that the binary carries everything a course needs:
//! `reset` restores an exercise without git, and `coro-lings init` writes a fresh course
//! anywhere, with nothing read from this machine's paths at run time.
//!
//! Only a change to this script reruns it: the binary must keep the course as it was when it
//! was first built, not the learner's edits.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// What a course is made of, relative to the root: (folder, file extension, whether to walk
/// sub-folders). The core's tests and benches need the workspace's dev-dependencies, so a
/// course made by `init` leaves them out; the runner only builds `coro/src`.
const PARTS: &[(&str, &str, bool)] = &[
    ("exercises", "rs", true),
    ("solutions", "rs", true),
    ("notes", "md", false),
    ("coro/src", "rs", true),
    ("coro/examples", "rs", false),
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    // This crate lives in `check/`; the course is the workspace's root.
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.parent().unwrap().to_path_buf();
    let mut files = vec![root.join("info.toml")];
    for (dir, ext, deep) in PARTS {
        collect(&root.join(dir), ext, *deep, &mut files);
    }
    files.sort();

    // Copies, not the originals: include_str! of an original would make every later edit of
    // it part of the next build.
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let mut out = String::from(
        "/// Every file of the course as shipped: (path relative to the course root, text).\n\
         pub static COURSE: &[(&str, &str)] = &[\n",
    );
    for (i, path) in files.iter().enumerate() {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let copy = out_dir.join(format!("shipped-{i}.txt"));
        fs::copy(path, &copy).unwrap_or_else(|e| panic!("cannot copy {}: {e}", path.display()));
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            copy.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    fs::write(out_dir.join("shipped.rs"), out).unwrap();

    // `--version` names the course too. The checker parses info.toml properly at run time;
    // here one line is enough, and a course without the key says so.
    let info = fs::read_to_string(root.join("info.toml")).unwrap_or_default();
    let course_version = info
        .lines()
        .find_map(|l| l.strip_prefix("course_version"))
        .and_then(|rest| rest.trim_start().strip_prefix('='))
        .map_or_else(|| String::from("unversioned"), |v| v.trim().to_string());
    println!("cargo::rustc-env=CORO_LINGS_COURSE_VERSION={course_version}");
}

fn collect(dir: &Path, ext: &str, deep: bool, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        // A build folder (`exercises/target` from rust-analyzer) or a hidden one is not course.
        let skipped = entry
            .file_name()
            .to_str()
            .is_none_or(|n| n == "target" || n.starts_with('.'));
        if skipped {
            continue;
        }
        if path.is_dir() {
            if deep {
                collect(&path, ext, deep, files);
            }
        } else if path.extension().is_some_and(|x| x == ext) {
            files.push(path);
        }
    }
}
