//! Embeds the shipped exercises, so that `coro-lings reset` works without git.
//!
//! Only a change to this script reruns it: the binary must keep the exercises as they were
//! when it was first built, not the learner's edits.

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let root = env::var("CARGO_MANIFEST_DIR").unwrap();
    let mut files = Vec::new();
    if let Ok(ranks) = fs::read_dir(Path::new(&root).join("exercises")) {
        for rank in ranks.flatten().filter(|r| r.path().is_dir()) {
            for file in fs::read_dir(rank.path()).into_iter().flatten().flatten() {
                let path = file.path();
                if path.extension().is_some_and(|x| x == "rs") {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    // Copies, not the originals: include_str! of an original would make every later edit of
    // it part of the next build.
    let out_dir = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    let mut out = String::from("pub static SHIPPED: &[(&str, &str)] = &[\n");
    for (i, path) in files.iter().enumerate() {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let copy = out_dir.join(format!("shipped-{i}.rs.txt"));
        fs::copy(path, &copy).unwrap();
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            copy.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    fs::write(out_dir.join("shipped.rs"), out).unwrap();
}
