//! The temporary courses the integration tests run the binary on.
#![allow(dead_code)] // each test file uses its own part of this module

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

pub const CORE: &str = "//! A stand-in core.\npub fn answer() -> u32 { 42 }\n";

pub const TESTS: &str = "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    pub fn the_answer_is_42() {\n        assert_eq!(answer(), 42, \"the answer must be 42\");\n    }\n}\n";

pub fn exercise_text(body: &str) -> String {
    format!("// An exercise.\nfn answer() -> u32 {{\n    {body}\n}}\n\nfn main() {{}}\n\n{TESTS}")
}

pub struct Fixture {
    pub dir: TempDir,
    entries: String,
}

/// A course with one rank; `add` puts in exercises.
impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let f = Fixture {
            dir,
            entries: String::new(),
        };
        f.write("coro/src/lib.rs", CORE);
        f.write("notes/rank1.md", "# Rank 1\n\nSome *notes* with `code`.\n");
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Adds an exercise whose learner file has `body` and whose solution returns 42.
    pub fn add(&mut self, name: &str, body: &str, fails_as: &str, extra: &str) -> &mut Self {
        self.write(&format!("exercises/rank1/{name}.rs"), &exercise_text(body));
        self.write(&format!("solutions/rank1/{name}.rs"), &exercise_text("42"));
        self.entries.push_str(&format!(
            "\n[[exercises]]\nname = \"{name}\"\nrank = 1\nmode = \"test\"\nfails_as_shipped = \"{fails_as}\"\n\
             summary = \"Return the answer\"\nhints = [\"first hint\", \"second hint\", \"third hint\"]\n{extra}"
        ));
        self.save_info();
        self
    }

    pub fn save_info(&self) {
        self.write(
            "info.toml",
            &format!(
                "format_version = 1\nwelcome_message = \"Welcome!\"\nfinal_message = \"All done!\"\n\n\
                 [[ranks]]\nnumber = 1\ntitle = \"Beginner\"\nsummary = \"The start\"\nnotes = \"notes/rank1.md\"\n{}",
                self.entries
            ),
        );
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Like [`Fixture::run`], with these variables added to the environment.
    pub fn run_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_coro-lings"))
            .args(args)
            .envs(vars.iter().copied())
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        Run(out)
    }
}

pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    pub fn all(&self) -> String {
        format!("--- stdout\n{}--- stderr\n{}", self.stdout(), self.stderr())
    }
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Self {
        assert_eq!(self.code(), code, "unexpected exit code\n{}", self.all());
        self
    }
}
