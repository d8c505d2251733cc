//! The course: `info.toml` parsed, checked against the files on disk, and nothing else.
//!
//! Loading either gives a whole [`Course`] or a list of [`Problem`]s, each naming a file and,
//! where there is one, a line; nothing half-loads.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use check::Flag;

use crate::limits::Limits;

mod check;

/// The course file's name, at the course root.
pub const INFO_FILE: &str = "info.toml";
/// Where `reset` keeps the learner's versions, under the course root (git-ignored).
pub const BACKUP_DIR: &str = ".coro-lings-backups";
/// The Rust edition of the exercises and solutions (and of the editor manifest).
pub const EDITION: &str = "2024";
/// The only format this checker reads.
pub const FORMAT_VERSION: u32 = 1;

/// How an exercise is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Compile with the test harness and run the tests.
    Test,
    /// Compile and run `main`.
    Run,
    /// It only has to compile.
    Compile,
}

/// How an exercise fails as shipped, so that `dev check` can prove it fails for that reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailsAs {
    /// It does not compile.
    Compile,
    /// It compiles, and a test (or `main`) fails.
    Test,
    /// It passes as shipped: an introduction that only has to be read and run.
    None,
}

impl fmt::Display for FailsAs {
    /// As `info.toml` spells it: `compile`, `test` or `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&variant_name(self))
    }
}

/// The name serde gives a unit variant (`FailsAs::None` is `none`), so that an enum's values are
/// spelled once, in its `serde` attributes, wherever they are read, written or shown.
pub fn variant_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        other => unreachable!("not a unit variant: {other:?}"),
    }
}

/// One rank of the course.
#[derive(Debug, Clone)]
pub struct Rank {
    pub number: u32,
    pub title: String,
    pub summary: String,
    /// Relative to the course root.
    pub notes: PathBuf,
}

/// One exercise, in course order.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// `rank<N>_<name>`.
    pub id: String,
    pub rank: u32,
    pub name: String,
    pub mode: Mode,
    pub fails_as: FailsAs,
    pub summary: String,
    pub hints: Vec<String>,
    pub timeout_secs: u64,
    /// Whether Clippy's lints (as errors) are part of the check.
    pub clippy: bool,
    /// The resource limits of its test process: the course's `[limits]`, then the entry's own.
    pub limits: Limits,
    /// Relative to the course root: `exercises/rank<N>/<name>.rs`.
    pub path: PathBuf,
    /// Relative to the course root: `solutions/rank<N>/<name>.rs`.
    pub solution: PathBuf,
}

/// The whole course, validated.
#[derive(Debug, Clone)]
pub struct Course {
    pub root: PathBuf,
    /// Which release of the course this is (`course_version` in `info.toml`), if it says:
    /// a course made by `coro-lings init` is compared with the one the binary carries.
    pub course_version: Option<u32>,
    pub welcome_message: String,
    pub final_message: String,
    pub ranks: Vec<Rank>,
    pub exercises: Vec<Exercise>,
    /// Whether tests run in the sandbox by default (`sandbox = true`), as with `--sandbox`.
    pub sandbox: bool,
}

/// One thing wrong with the course, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Why a course could not be loaded: every problem found, not just the first.
#[derive(Debug, Clone)]
pub struct CourseError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for CourseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "the course has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CourseError {}

/// The default time a compiled exercise may run.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    format_version: Spanned<u32>,
    course_version: Option<u32>,
    welcome_message: String,
    final_message: String,
    #[serde(default)]
    sandbox: bool,
    limits: Option<Spanned<RawLimits>>,
    #[serde(default)]
    ranks: Vec<Spanned<RawRank>>,
    #[serde(default)]
    exercises: Vec<Spanned<RawExercise>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRank {
    number: u32,
    title: String,
    summary: String,
    notes: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    name: Spanned<String>,
    rank: Spanned<u32>,
    mode: Mode,
    fails_as_shipped: FailsAs,
    summary: String,
    hints: Spanned<Vec<String>>,
    timeout_secs: Option<Spanned<u64>>,
    #[serde(default)]
    clippy: bool,
    limits: Option<Spanned<RawLimits>>,
}

/// `[limits]` for the whole course, or `limits = { ... }` on one exercise: any of the four.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    memory_mib: Option<u64>,
    file_size_mib: Option<u64>,
    open_files: Option<u64>,
    processes: Option<u64>,
}

/// How strict a load is. `dev check` and the course's own tests use the strict default; the
/// learner's commands are lenient about what a learner's hands can do to the folder.
#[derive(Debug, Clone, Copy, Default)]
struct Leniency {
    /// A missing exercise file is no problem (`reset` brings it back).
    missing_exercises: bool,
    /// A `.rs` file that no entry lists is a warning, not an error: a learner's
    /// `countdown_old.rs` must not stop every command. `dev check` keeps it an error.
    orphans: bool,
}

impl Course {
    /// Reads `<root>/info.toml` and checks it against the files under `root`.
    pub fn load(root: &Path) -> Result<Course, CourseError> {
        Self::load_with(root, Leniency::default()).map(|(course, _)| course)
    }

    /// Like [`Course::load`], for the learner's commands: a file under `exercises/` or
    /// `solutions/` that no entry lists comes back as a warning beside the course instead of
    /// stopping the load. With `allow_missing_exercises`, a missing exercise file is no problem
    /// either: `reset` uses it to bring back an exercise file that was deleted.
    pub fn load_for_learner(
        root: &Path,
        allow_missing_exercises: bool,
    ) -> Result<(Course, Vec<Problem>), CourseError> {
        Self::load_with(
            root,
            Leniency {
                missing_exercises: allow_missing_exercises,
                orphans: true,
            },
        )
    }

    fn load_with(root: &Path, leniency: Leniency) -> Result<(Course, Vec<Problem>), CourseError> {
        let info_path = root.join(INFO_FILE);
        let shown = PathBuf::from(INFO_FILE);
        let text = match fs::read(&info_path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return Err(single(
                        &shown,
                        None,
                        "is not valid UTF-8: save it as UTF-8 text",
                    ));
                }
            },
            Err(e) => {
                return Err(single(
                    &shown,
                    None,
                    &format!(
                        "cannot be read ({e}): run coro-lings from the course's root folder, \
                         the one with {INFO_FILE} in it"
                    ),
                ));
            }
        };
        Self::parse_with(root, &text, leniency)
    }

    /// Parses the text of `info.toml` and checks it against the files under `root`.
    pub fn parse(root: &Path, text: &str) -> Result<Course, CourseError> {
        Self::parse_with(root, text, Leniency::default()).map(|(course, _)| course)
    }

    fn parse_with(
        root: &Path,
        text: &str,
        leniency: Leniency,
    ) -> Result<(Course, Vec<Problem>), CourseError> {
        let lines = LineIndex::new(text);
        let raw: RawInfo = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| lines.line_of(s.start));
            let message = format!("{}: fix the TOML there", e.message().trim_end());
            single(Path::new(INFO_FILE), line, &message)
        })?;

        let mut flags: Vec<Flag> = Vec::new();
        flags.extend(check::format_version(&raw));
        let ranks = check::ranks(root, &raw, &mut flags);
        let limits = check::course_limits(&raw, &mut flags);
        let exercises =
            check::exercises(root, &raw, &ranks, limits, leniency, &lines, &mut flags);
        flags.extend(check::empty_ranks(&raw, &ranks, &exercises));
        let mut problems: Vec<Problem> = flags
            .into_iter()
            .map(|(span, message)| Problem {
                file: PathBuf::from(INFO_FILE),
                line: Some(lines.line_of(span.start)),
                message,
            })
            .collect();
        let orphans = check::orphans(root, &exercises);

        // When the load fails anyway, orphans are reported with the rest: a renamed file shows
        // up as one missing and one orphan, and the two together say what happened.
        let warnings = if leniency.orphans && problems.is_empty() {
            orphans
        } else {
            problems.extend(orphans);
            Vec::new()
        };
        if !problems.is_empty() {
            return Err(CourseError { problems });
        }
        let course = Course {
            root: root.to_path_buf(),
            course_version: raw.course_version,
            welcome_message: raw.welcome_message.trim().to_string(),
            final_message: raw.final_message.trim().to_string(),
            ranks,
            exercises,
            sandbox: raw.sandbox,
        };
        Ok((course, warnings))
    }

    /// The rank with this number.
    pub fn rank(&self, number: u32) -> Option<&Rank> {
        self.ranks.iter().find(|r| r.number == number)
    }

    /// Finds an exercise by id (`rank3_running_average`) or by a bare stem that only one
    /// exercise has (`running_average`).
    pub fn find(&self, name: &str) -> Result<&Exercise, NameError> {
        if let Some(e) = self.exercises.iter().find(|e| e.id == name) {
            return Ok(e);
        }
        let by_stem: Vec<&Exercise> = self.exercises.iter().filter(|e| e.name == name).collect();
        match by_stem.as_slice() {
            [one] => Ok(one),
            [] => {
                let ids: Vec<&str> = self.exercises.iter().map(|e| e.id.as_str()).collect();
                let stems: Vec<&str> = self.exercises.iter().map(|e| e.name.as_str()).collect();
                let containing: Vec<&str> =
                    ids.iter().copied().filter(|id| id.contains(name)).collect();
                let suggestion = closest(name, &ids)
                    .or(if containing.len() == 1 {
                        Some(containing[0])
                    } else {
                        None
                    })
                    .or_else(|| {
                        closest(name, &stems).and_then(|s| {
                            self.exercises
                                .iter()
                                .find(|e| e.name == s)
                                .map(|e| e.id.as_str())
                        })
                    });
                Err(NameError::Unknown {
                    name: name.to_string(),
                    suggestion: suggestion.map(str::to_string),
                })
            }
            many => Err(NameError::Ambiguous {
                name: name.to_string(),
                ids: many.iter().map(|e| e.id.clone()).collect(),
            }),
        }
    }
}

/// A NAME on the command line that is not one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    Unknown {
        name: String,
        suggestion: Option<String>,
    },
    Ambiguous {
        name: String,
        ids: Vec<String>,
    },
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Unknown { name, suggestion } => {
                write!(f, "no exercise is called {name:?}")?;
                match suggestion {
                    Some(s) => write!(f, ": did you mean {s}?"),
                    None => write!(
                        f,
                        ": `{}` shows every exercise id",
                        crate::invocation::command("list")
                    ),
                }
            }
            NameError::Ambiguous { name, ids } => write!(
                f,
                "{name:?} names several exercises ({}): use the full id",
                ids.join(", ")
            ),
        }
    }
}

impl std::error::Error for NameError {}

fn single(file: &Path, line: Option<usize>, message: &str) -> CourseError {
    CourseError {
        problems: vec![Problem {
            file: file.to_path_buf(),
            line,
            message: message.to_string(),
        }],
    }
}

/// The candidate nearest to `name` by edit distance (Levenshtein, in characters), if it is near
/// enough to be a typo.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(name, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Byte offsets to 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_as_is_shown_as_info_toml_spells_it() {
        assert_eq!(FailsAs::Compile.to_string(), "compile");
        assert_eq!(FailsAs::None.to_string(), "none");
    }

    fn course_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        dir
    }

    const HEAD: &str = "format_version = 1\nwelcome_message = \"hi\"\nfinal_message = \"bye\"\n\
        [[ranks]]\nnumber = 1\ntitle = \"B\"\nsummary = \"s\"\nnotes = \"notes/rank1.md\"\n";

    fn exercise(name: &str) -> String {
        format!(
            "[[exercises]]\nname = \"{name}\"\nrank = 1\nmode = \"test\"\n\
             fails_as_shipped = \"test\"\nsummary = \"s\"\nhints = [\"h\"]\n"
        )
    }

    fn files(names: &[&str]) -> Vec<(String, String)> {
        let mut v = vec![("notes/rank1.md".to_string(), "# n".to_string())];
        for n in names {
            v.push((format!("exercises/rank1/{n}.rs"), String::new()));
            v.push((format!("solutions/rank1/{n}.rs"), String::new()));
        }
        v
    }

    fn load(info: &str, names: &[&str]) -> Result<Course, CourseError> {
        let owned = files(names);
        let refs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let dir = course_dir(&refs);
        Course::parse(dir.path(), info)
    }

    fn messages(err: CourseError) -> String {
        err.problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_sound_course_loads_in_order_with_ids_and_paths() {
        let info = format!("{HEAD}{}{}", exercise("b_first"), exercise("a_second"));
        let course = load(&info, &["b_first", "a_second"]).unwrap();
        let ids: Vec<_> = course.exercises.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            ["rank1_b_first", "rank1_a_second"],
            "course order is file order"
        );
        assert_eq!(
            course.exercises[0].path,
            Path::new("exercises/rank1/b_first.rs")
        );
        assert_eq!(course.exercises[0].timeout_secs, DEFAULT_TIMEOUT_SECS);
    }

    #[test]
    fn limits_come_from_the_defaults_then_the_course_then_the_exercise() {
        let head = HEAD.replace(
            "[[ranks]]",
            "sandbox = true\n[limits]\nmemory_mib = 2048\nopen_files = 64\n[[ranks]]",
        );
        let info = format!(
            "{head}{}limits = {{ open_files = 32 }}\n{}",
            exercise("a"),
            exercise("b")
        );
        let course = load(&info, &["a", "b"]).unwrap();
        assert!(course.sandbox);
        let (a, b) = (course.exercises[0].limits, course.exercises[1].limits);
        assert_eq!((a.memory_mib, a.open_files), (2048, 32));
        assert_eq!((b.memory_mib, b.open_files), (2048, 64));
        assert_eq!(b.file_size_mib, Limits::default().file_size_mib);
        assert!(!load(&format!("{HEAD}{}", exercise("a")), &["a"]).unwrap().sandbox);
    }

    #[test]
    fn a_limit_too_low_names_its_line_and_the_least_value() {
        let info = format!("{HEAD}{}limits = {{ processes = 2 }}\n", exercise("a"));
        let msg = messages(load(&info, &["a"]).unwrap_err());
        assert!(
            msg.contains("info.toml:16: exercise rank1_a: processes = 2 is too low"),
            "{msg}"
        );
        assert!(msg.contains("use at least 16"), "{msg}");
        let info = format!("{HEAD}[limits]\nmemory_mib = 8\n{}", exercise("a"));
        let msg = messages(load(&info, &["a"]).unwrap_err());
        assert!(msg.contains("[limits]: memory_mib = 8 is too low"), "{msg}");
    }

    #[test]
    fn an_unknown_key_is_reported_with_its_line() {
        let info = format!("{HEAD}{}colour = \"red\"\n", exercise("a"));
        let msg = messages(load(&info, &["a"]).unwrap_err());
        assert!(msg.contains("info.toml:16:"), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
    }

    #[test]
    fn duplicate_names_are_reported() {
        let info = format!("{HEAD}{}{}", exercise("a"), exercise("a"));
        let msg = messages(load(&info, &["a"]).unwrap_err());
        assert!(
            msg.contains("info.toml:17: exercise rank1_a is listed twice (first on line 9)"),
            "{msg}"
        );
    }

    #[test]
    fn a_name_that_is_a_path_is_refused() {
        let info = format!("{HEAD}{}", exercise("../x"));
        let msg = messages(load(&info, &[]).unwrap_err());
        assert!(msg.contains("not a plain file stem"), "{msg}");
    }

    #[test]
    fn a_missing_file_and_an_orphan_are_both_reported_with_a_suggestion() {
        let owned = files(&["running_avg"]);
        let refs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let dir = course_dir(&refs);
        let info = format!("{HEAD}{}", exercise("running_average"));
        let msg = messages(Course::parse(dir.path(), &info).unwrap_err());
        assert!(
            msg.contains(
                "exercises/rank1/running_average.rs of rank1_running_average does not exist"
            ),
            "{msg}"
        );
        assert!(
            msg.contains("exercises/rank1/running_avg.rs: is not listed"),
            "{msg}"
        );
        assert!(
            msg.contains(
                "did you mean exercises/rank1/running_average.rs, listed as rank1_running_average?"
            ),
            "{msg}"
        );
    }

    #[test]
    fn an_orphan_is_a_warning_for_the_learner_and_an_error_for_the_strict_load() {
        let mut owned = files(&["a"]);
        owned.push(("exercises/rank1/a_old.rs".into(), String::new()));
        owned.push(("info.toml".into(), format!("{HEAD}{}", exercise("a"))));
        let refs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let dir = course_dir(&refs);
        let (course, warnings) = Course::load_for_learner(dir.path(), false).unwrap();
        assert_eq!(course.exercises.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].file, Path::new("exercises/rank1/a_old.rs"));
        let msg = messages(Course::load(dir.path()).unwrap_err());
        assert!(msg.contains("a_old.rs: is not listed"), "{msg}");
    }

    #[test]
    fn empty_hints_and_empty_ranks_are_refused() {
        let rank2 =
            "[[ranks]]\nnumber = 2\ntitle = \"E\"\nsummary = \"s\"\nnotes = \"notes/rank1.md\"\n";
        let no_hints = exercise("a").replace("hints = [\"h\"]", "hints = []");
        let info = format!("{HEAD}{rank2}{no_hints}");
        let msg = messages(load(&info, &["a"]).unwrap_err());
        assert!(msg.contains("needs at least one hint"), "{msg}");
        assert!(msg.contains("rank 2 has no exercises"), "{msg}");
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let info = format!("{HEAD}[[exercises]\n");
        let msg = messages(load(&info, &[]).unwrap_err());
        assert!(msg.starts_with("info.toml:9:"), "{msg}");
    }

    #[test]
    fn names_resolve_by_id_or_unique_stem_and_near_misses_get_a_suggestion() {
        let info = format!("{HEAD}{}{}", exercise("echo"), exercise("echo_twice"));
        let course = load(&info, &["echo", "echo_twice"]).unwrap();
        assert_eq!(course.find("rank1_echo").unwrap().name, "echo");
        assert_eq!(course.find("echo_twice").unwrap().id, "rank1_echo_twice");
        let err = course.find("rank1_eco").unwrap_err().to_string();
        assert!(err.contains("did you mean rank1_echo?"), "{err}");
    }
}
