//! The course as shipped, embedded in the binary when it was first built (see `build.rs`).

use serde::Deserialize;

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// What `coro-lings --version` says: the checker's version and the course it carries.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (course version ",
    env!("CORO_LINGS_COURSE_VERSION"),
    ")"
);

/// The shipped text of the file at `rel` (`exercises/rank1/x.rs`), if it was embedded.
pub fn file(rel: &std::path::Path) -> Option<&'static str> {
    let rel = rel.to_string_lossy().replace('\\', "/");
    COURSE
        .iter()
        .find(|(p, _)| *p == rel)
        .map(|(_, text)| *text)
}

/// The shipped text of the exercise at `rel` (`exercises/rank1/x.rs`), if it was embedded.
pub fn exercise(rel: &std::path::Path) -> Option<&'static str> {
    file(rel).filter(|_| rel.starts_with("exercises"))
}

/// The `course_version` of the embedded `info.toml`, if it has one.
pub fn course_version() -> Option<u32> {
    // The file's name is spelled out: `course` imports this module, not the other way round.
    course_version_of(file(std::path::Path::new("info.toml"))?)
}

/// The `course_version` of the text of an `info.toml`, if it parses and has one: a quick look
/// that needs none of the rest of the course to be sound.
pub fn course_version_of(info: &str) -> Option<u32> {
    #[derive(Deserialize)]
    struct Versions {
        course_version: Option<u32>,
    }
    toml::from_str::<Versions>(info).ok()?.course_version
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_whole_course_is_embedded() {
        for rel in [
            "info.toml",
            "exercises/rank1/hello_coroutine.rs",
            "solutions/rank1/hello_coroutine.rs",
            "notes/rank1.md",
            "coro/src/lib.rs",
            "coro/examples/rank2_running_average.rs",
        ] {
            assert!(file(Path::new(rel)).is_some(), "{rel} is not embedded");
        }
        assert!(
            COURSE
                .iter()
                .all(|(p, _)| !p.contains("target/") && !p.contains('\\')),
            "build output or a Windows separator slipped in"
        );
    }

    #[test]
    fn only_exercises_count_as_exercises() {
        assert!(exercise(Path::new("exercises/rank1/hello_coroutine.rs")).is_some());
        assert!(exercise(Path::new("solutions/rank1/hello_coroutine.rs")).is_none());
    }

    #[test]
    fn the_version_names_the_embedded_course_version() {
        let v = course_version().expect("the shipped info.toml has a course_version");
        assert!(
            VERSION.ends_with(&format!("(course version {v})")),
            "{VERSION}"
        );
    }
}
