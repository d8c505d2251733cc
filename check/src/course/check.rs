//! The validations of a parsed `info.toml`, one function each, so that each can be tested
//! alone. A check returns what it found as [`Flag`]s (a span of `info.toml` and a message);
//! [`Course::parse`](super::Course::parse) turns them into line-numbered problems.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{
    BACKUP_DIR, DEFAULT_TIMEOUT_SECS, Exercise, FORMAT_VERSION, INFO_FILE, Leniency, LineIndex,
    Problem, Rank, RawExercise, RawInfo, RawLimits, RawRank, closest,
};
use crate::limits::Limits;

/// A problem at a span of `info.toml`.
pub(super) type Flag = (Range<usize>, String);

/// The format version is one this checker reads.
pub(super) fn format_version(raw: &RawInfo) -> Option<Flag> {
    let version = *raw.format_version.get_ref();
    (version != FORMAT_VERSION).then(|| {
        (
            raw.format_version.span(),
            format!(
                "format_version {version} is not one this coro-lings reads (it reads \
                 {FORMAT_VERSION}): the course was made for {} coro-lings. Install the \
                 coro-lings the course came with, or make a fresh course that this one reads \
                 with `coro-lings init NEW_FOLDER`",
                if version > FORMAT_VERSION {
                    "a newer"
                } else {
                    "an older"
                }
            ),
        )
    })
}

/// The ranks, sorted by number; a rank listed twice, or whose notes file is missing, is flagged.
pub(super) fn ranks(root: &Path, raw: &RawInfo, flags: &mut Vec<Flag>) -> Vec<Rank> {
    let mut ranks: Vec<Rank> = Vec::new();
    for spanned in &raw.ranks {
        let r = spanned.get_ref();
        if let Some(message) = duplicate_rank(r, &ranks) {
            flags.push((spanned.span(), message));
            continue;
        }
        if let Some(message) = missing_notes(root, r) {
            flags.push((spanned.span(), message));
        }
        ranks.push(Rank {
            number: r.number,
            title: r.title.clone(),
            summary: r.summary.clone(),
            notes: PathBuf::from(&r.notes),
        });
    }
    ranks.sort_by_key(|r| r.number);
    ranks
}

/// A rank whose number an earlier rank has.
fn duplicate_rank(rank: &RawRank, earlier: &[Rank]) -> Option<String> {
    earlier.iter().any(|k| k.number == rank.number).then(|| {
        format!(
            "rank {} is listed twice: give each rank its own number",
            rank.number
        )
    })
}

/// A rank whose notes file is not there.
fn missing_notes(root: &Path, rank: &RawRank) -> Option<String> {
    (!root.join(&rank.notes).is_file()).then(|| {
        format!(
            "the notes file {} of rank {} does not exist: create it or fix the path",
            rank.notes, rank.number
        )
    })
}

/// The exercises in course order. An entry with a bad name, an unknown rank or an id already
/// taken is flagged and left out; one with other problems is flagged and kept, so that later
/// checks still see it.
pub(super) fn exercises(
    root: &Path,
    raw: &RawInfo,
    ranks: &[Rank],
    course_limits: Limits,
    leniency: Leniency,
    lines: &LineIndex,
    flags: &mut Vec<Flag>,
) -> Vec<Exercise> {
    let mut exercises: Vec<Exercise> = Vec::new();
    // Each id's line, for "first on line N".
    let mut seen: HashMap<String, usize> = HashMap::new();
    for spanned in &raw.exercises {
        let e = spanned.get_ref();
        let (name, rank) = (e.name.get_ref(), *e.rank.get_ref());
        if let Some(flag) = bad_name(e).or_else(|| unknown_rank(e, ranks)) {
            flags.push(flag);
            continue;
        }
        let id = format!("rank{rank}_{name}");
        if let Some(message) = duplicate_exercise(&id, &seen) {
            flags.push((e.name.span(), message));
            continue;
        }
        seen.insert(id.clone(), lines.line_of(spanned.span().start));
        flags.extend(bad_hints(&id, e));
        let (timeout_secs, flag) = timeout(&id, e);
        flags.extend(flag);
        let limits = match &e.limits {
            Some(l) => over(l.get_ref(), course_limits).unwrap_or_else(|why| {
                flags.push((l.span(), format!("exercise {id}: {why}")));
                course_limits
            }),
            None => course_limits,
        };
        let exercise = Exercise {
            id,
            rank,
            name: name.clone(),
            mode: e.mode,
            fails_as: e.fails_as_shipped,
            summary: e.summary.clone(),
            hints: e.hints.get_ref().clone(),
            timeout_secs,
            clippy: e.clippy,
            limits,
            path: PathBuf::from(format!("exercises/rank{rank}/{name}.rs")),
            solution: PathBuf::from(format!("solutions/rank{rank}/{name}.rs")),
        };
        for message in missing_files(root, &exercise, leniency) {
            flags.push((spanned.span(), message));
        }
        exercises.push(exercise);
    }
    exercises
}

/// The course's `[limits]` over the defaults (the defaults where a value is flagged).
pub(super) fn course_limits(raw: &RawInfo, flags: &mut Vec<Flag>) -> Limits {
    match &raw.limits {
        Some(l) => over(l.get_ref(), Limits::default()).unwrap_or_else(|e| {
            flags.push((l.span(), format!("[limits]: {e}")));
            Limits::default()
        }),
        None => Limits::default(),
    }
}

/// `base` with `raw`'s values put over it, or what is wrong with them: a limit so low that no
/// test binary could even start under it.
fn over(raw: &RawLimits, base: Limits) -> Result<Limits, String> {
    let checks = [
        ("memory_mib", raw.memory_mib, 64, base.memory_mib),
        ("file_size_mib", raw.file_size_mib, 1, base.file_size_mib),
        ("open_files", raw.open_files, 16, base.open_files),
        ("processes", raw.processes, 16, base.processes),
    ];
    for (key, value, least, default) in checks {
        if let Some(v) = value
            && v < least
        {
            return Err(format!(
                "{key} = {v} is too low for any test to run: use at least {least}, or leave it \
                 out for the default ({default})"
            ));
        }
    }
    Ok(Limits {
        memory_mib: raw.memory_mib.unwrap_or(base.memory_mib),
        file_size_mib: raw.file_size_mib.unwrap_or(base.file_size_mib),
        open_files: raw.open_files.unwrap_or(base.open_files),
        processes: raw.processes.unwrap_or(base.processes),
    })
}

/// A name that is not a plain file stem (it becomes part of two paths).
fn bad_name(e: &RawExercise) -> Option<Flag> {
    let (name, rank) = (e.name.get_ref(), e.rank.get_ref());
    (!is_plain_stem(name)).then(|| {
        (
            e.name.span(),
            format!(
                "{name:?} is not a plain file stem: use letters, digits and `_` only, like \
                 running_average (the file is exercises/rank{rank}/NAME.rs)"
            ),
        )
    })
}

/// An exercise in a rank that no `[[ranks]]` entry defines.
fn unknown_rank(e: &RawExercise, ranks: &[Rank]) -> Option<Flag> {
    let (name, rank) = (e.name.get_ref(), *e.rank.get_ref());
    (!ranks.iter().any(|r| r.number == rank)).then(|| {
        (
            e.rank.span(),
            format!(
                "exercise {name} names rank {rank}, which no [[ranks]] entry defines: add the \
                 rank or fix the number"
            ),
        )
    })
}

/// An id that an earlier entry has (`seen` maps ids to their entry's line).
fn duplicate_exercise(id: &str, seen: &HashMap<String, usize>) -> Option<String> {
    seen.get(id).map(|first| {
        format!("exercise {id} is listed twice (first on line {first}): remove one entry")
    })
}

/// No hints, or an empty one.
fn bad_hints(id: &str, e: &RawExercise) -> Option<Flag> {
    let hints = e.hints.get_ref();
    (hints.is_empty() || hints.iter().any(|h| h.trim().is_empty())).then(|| {
        (
            e.hints.span(),
            format!(
                "exercise {id} needs at least one hint, and no hint may be empty: write them \
                 from a nudge to the shape of the answer"
            ),
        )
    })
}

/// The exercise's timeout: its own, or the default when it has none or a zero one (flagged).
fn timeout(id: &str, e: &RawExercise) -> (u64, Option<Flag>) {
    match &e.timeout_secs {
        Some(t) if *t.get_ref() == 0 => (
            DEFAULT_TIMEOUT_SECS,
            Some((
                t.span(),
                format!("exercise {id} has timeout_secs = 0: use at least 1, or leave it out"),
            )),
        ),
        Some(t) => (*t.get_ref(), None),
        None => (DEFAULT_TIMEOUT_SECS, None),
    }
}

/// The exercise or solution file that is not there (or is a folder), with what to do. A missing
/// exercise file is no problem when the load allows it (`reset` brings it back).
fn missing_files(root: &Path, exercise: &Exercise, leniency: Leniency) -> Vec<String> {
    let id = &exercise.id;
    let mut messages = Vec::new();
    for (file, what) in [(&exercise.path, "exercise"), (&exercise.solution, "solution")] {
        if root.join(file).is_file() || (what == "exercise" && leniency.missing_exercises) {
            continue;
        }
        let shipped = what == "exercise" && crate::shipped::exercise(file).is_some();
        // A folder in the file's place needs its own words: "does not exist" would send the
        // learner looking for a file that seems to be there.
        messages.push(if root.join(file).is_dir() {
            let fix = if shipped {
                format!(
                    "`{}` moves the folder into {BACKUP_DIR} and restores the file",
                    crate::invocation::command(&format!("reset {id}"))
                )
            } else {
                "move the folder away and put the file back".to_string()
            };
            format!(
                "the {what} file {} of {id} is a folder, not a file: {fix}",
                file.display()
            )
        } else {
            let fix = if shipped {
                format!(
                    "bring it back with `{}`",
                    crate::invocation::command(&format!("reset {id}"))
                )
            } else {
                "create it".to_string()
            };
            format!(
                "the {what} file {} of {id} does not exist: {fix}, or fix the entry's name and \
                 rank",
                file.display()
            )
        });
    }
    messages
}

/// Ranks that no exercise is in, in rank order.
pub(super) fn empty_ranks(raw: &RawInfo, ranks: &[Rank], exercises: &[Exercise]) -> Vec<Flag> {
    ranks
        .iter()
        .filter(|rank| !exercises.iter().any(|e| e.rank == rank.number))
        .map(|rank| {
            let span = raw
                .ranks
                .iter()
                .find(|r| r.get_ref().number == rank.number)
                .map_or(0..0, |r| r.span());
            let number = rank.number;
            (
                span,
                format!(
                    "rank {number} has no exercises: add [[exercises]] entries with rank = \
                     {number}, or remove the rank"
                ),
            )
        })
        .collect()
}

/// The `.rs` files under `exercises/` and `solutions/` that no entry lists, each with the
/// listed exercise its name is nearest to, if any.
pub(super) fn orphans(root: &Path, exercises: &[Exercise]) -> Vec<Problem> {
    let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
    let mut problems = Vec::new();
    for dir in ["exercises", "solutions"] {
        for file in unlisted(root, dir, exercises) {
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let mut message = format!(
                "is not listed in {INFO_FILE}: add an [[exercises]] entry for it, or remove it"
            );
            let near = closest(stem, &names).and_then(|n| exercises.iter().find(|e| e.name == n));
            if let Some(near) = near {
                message.push_str(&format!(
                    " (did you mean {}, listed as {}?)",
                    near.path.display(),
                    near.id
                ));
            }
            problems.push(Problem {
                file,
                line: None,
                message,
            });
        }
    }
    problems
}

/// Lowercase letters, digits and `_`, not starting with a digit: the name becomes a file stem
/// and part of an id.
fn is_plain_stem(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// `.rs` files under `<root>/<dir>/rank*/` that no exercise lists, relative to `root`.
fn unlisted(root: &Path, dir: &str, exercises: &[Exercise]) -> Vec<PathBuf> {
    let listed: BTreeSet<PathBuf> = exercises
        .iter()
        .map(|e| {
            if dir == "exercises" {
                e.path.clone()
            } else {
                e.solution.clone()
            }
        })
        .collect();
    let mut found = Vec::new();
    let Ok(ranks) = fs::read_dir(root.join(dir)) else {
        return found;
    };
    for rank_dir in ranks.flatten() {
        if !rank_dir.path().is_dir() {
            continue;
        }
        let Ok(files) = fs::read_dir(rank_dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            if path.extension().is_some_and(|x| x == "rs") {
                let rel = PathBuf::from(dir)
                    .join(rank_dir.file_name())
                    .join(file.file_name());
                if !listed.contains(&rel) {
                    found.push(rel);
                }
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::super::{FailsAs, Mode};
    use super::*;

    const RANK1: &str =
        "[[ranks]]\nnumber = 1\ntitle = \"t\"\nsummary = \"s\"\nnotes = \"notes/rank1.md\"\n";

    fn info(body: &str) -> RawInfo {
        let text = format!("format_version = 1\nwelcome_message = \"\"\nfinal_message = \"\"\n{body}");
        toml::from_str(&text).unwrap()
    }

    fn entry(name: &str, rank: u32, rest: &str) -> String {
        format!(
            "[[exercises]]\nname = \"{name}\"\nrank = {rank}\nmode = \"test\"\n\
             fails_as_shipped = \"test\"\nsummary = \"s\"\n{rest}\n"
        )
    }

    fn first_exercise(body: &str) -> RawExercise {
        info(body).exercises.remove(0).into_inner()
    }

    fn rank(number: u32) -> Rank {
        Rank {
            number,
            title: "t".into(),
            summary: "s".into(),
            notes: PathBuf::from(format!("notes/rank{number}.md")),
        }
    }

    fn exercise(name: &str) -> Exercise {
        Exercise {
            id: format!("rank1_{name}"),
            rank: 1,
            name: name.into(),
            mode: Mode::Test,
            fails_as: FailsAs::Test,
            summary: "s".into(),
            hints: vec!["h".into()],
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            clippy: false,
            limits: Limits::default(),
            path: PathBuf::from(format!("exercises/rank1/{name}.rs")),
            solution: PathBuf::from(format!("solutions/rank1/{name}.rs")),
        }
    }

    fn touch(root: &Path, path: &str) {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "").unwrap();
    }

    #[test]
    fn format_version_other_than_this_checkers_is_flagged() {
        assert!(format_version(&info("")).is_none());
        let raw: RawInfo =
            toml::from_str("format_version = 2\nwelcome_message = \"\"\nfinal_message = \"\"\n")
                .unwrap();
        let (_, message) = format_version(&raw).unwrap();
        assert!(
            message.contains("format_version 2")
                && message.contains("it reads 1")
                && message.contains("a newer coro-lings")
                && message.contains("coro-lings init"),
            "{message}"
        );
    }

    #[test]
    fn a_rank_listed_twice_is_flagged_and_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "notes/rank1.md");
        let mut flags = Vec::new();
        let ranks = ranks(dir.path(), &info(&format!("{RANK1}{RANK1}")), &mut flags);
        assert_eq!(ranks.len(), 1);
        assert_eq!(flags.len(), 1);
        assert!(flags[0].1.contains("rank 1 is listed twice"), "{:?}", flags);
    }

    #[test]
    fn a_missing_notes_file_is_flagged() {
        let dir = tempfile::tempdir().unwrap();
        let raw = info(RANK1);
        let message = missing_notes(dir.path(), raw.ranks[0].get_ref()).unwrap();
        assert!(message.contains("notes/rank1.md of rank 1 does not exist"), "{message}");
        touch(dir.path(), "notes/rank1.md");
        assert_eq!(missing_notes(dir.path(), raw.ranks[0].get_ref()), None);
    }

    #[test]
    fn a_name_must_be_a_plain_file_stem() {
        let hints = "hints = [\"h\"]";
        assert!(bad_name(&first_exercise(&entry("running_average", 1, hints))).is_none());
        for bad in ["Running", "run-fast", "2fast", "a/b", ""] {
            let (_, message) = bad_name(&first_exercise(&entry(bad, 1, hints))).unwrap();
            assert!(message.contains("not a plain file stem"), "{bad}: {message}");
        }
    }

    #[test]
    fn an_exercise_in_an_undefined_rank_is_flagged() {
        let e = first_exercise(&entry("echo", 3, "hints = [\"h\"]"));
        assert!(unknown_rank(&e, &[rank(1), rank(3)]).is_none());
        let (_, message) = unknown_rank(&e, &[rank(1)]).unwrap();
        assert!(message.contains("names rank 3, which no [[ranks]] entry defines"), "{message}");
    }

    #[test]
    fn an_id_seen_before_is_flagged_with_the_first_line() {
        let seen = HashMap::from([("rank1_echo".to_string(), 7)]);
        assert_eq!(duplicate_exercise("rank1_other", &seen), None);
        let message = duplicate_exercise("rank1_echo", &seen).unwrap();
        assert!(message.contains("listed twice (first on line 7)"), "{message}");
    }

    #[test]
    fn hints_must_be_there_and_none_may_be_empty() {
        let hints = |h: &str| bad_hints("rank1_echo", &first_exercise(&entry("echo", 1, h)));
        assert!(hints("hints = [\"a nudge\", \"the shape\"]").is_none());
        for bad in ["hints = []", "hints = [\"a nudge\", \"  \"]"] {
            let (_, message) = hints(bad).unwrap();
            assert!(message.contains("needs at least one hint"), "{bad}: {message}");
        }
    }

    #[test]
    fn a_zero_timeout_is_flagged_and_replaced_by_the_default() {
        let timeout = |rest: &str| {
            let rest = format!("hints = [\"h\"]\n{rest}");
            timeout("rank1_echo", &first_exercise(&entry("echo", 1, &rest)))
        };
        assert_eq!(timeout(""), (DEFAULT_TIMEOUT_SECS, None));
        assert_eq!(timeout("timeout_secs = 3"), (3, None));
        let (secs, flag) = timeout("timeout_secs = 0");
        assert_eq!(secs, DEFAULT_TIMEOUT_SECS);
        assert!(flag.unwrap().1.contains("timeout_secs = 0"));
    }

    #[test]
    fn missing_files_and_folders_in_their_place_are_flagged() {
        let dir = tempfile::tempdir().unwrap();
        let e = exercise("echo");
        let strict = Leniency::default();
        let messages = missing_files(dir.path(), &e, strict);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("exercise file exercises/rank1/echo.rs of rank1_echo does not exist"));
        assert!(messages[1].contains("solution file solutions/rank1/echo.rs"));

        let lenient = Leniency {
            missing_exercises: true,
            ..strict
        };
        assert_eq!(missing_files(dir.path(), &e, lenient).len(), 1, "only the solution");

        touch(dir.path(), "exercises/rank1/echo.rs");
        fs::create_dir_all(dir.path().join("solutions/rank1/echo.rs")).unwrap();
        let messages = missing_files(dir.path(), &e, strict);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("is a folder, not a file"), "{messages:?}");
    }

    #[test]
    fn a_rank_without_exercises_is_flagged() {
        let raw = info(&format!("{RANK1}{}", RANK1.replace("number = 1", "number = 2")));
        let ranks = [rank(1), rank(2)];
        let flags = empty_ranks(&raw, &ranks, &[exercise("echo")]);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert!(flags[0].1.starts_with("rank 2 has no exercises"), "{flags:?}");
    }

    #[test]
    fn an_unlisted_file_is_an_orphan_with_the_nearest_listed_exercise() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["exercises/rank1/echo.rs", "exercises/rank1/ecko.rs", "solutions/rank1/echo.rs"] {
            touch(dir.path(), f);
        }
        touch(dir.path(), "exercises/rank1/notes.txt");
        let problems = orphans(dir.path(), &[exercise("echo")]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, PathBuf::from("exercises/rank1/ecko.rs"));
        assert!(
            problems[0].message.contains("did you mean exercises/rank1/echo.rs, listed as rank1_echo?"),
            "{}",
            problems[0].message
        );
    }
}
