//! The bundled course is sound: `coro-lings dev check` on the repository itself.

use std::process::Command;

#[test]
fn every_exercise_fails_as_recorded_and_every_solution_passes() {
    let out = Command::new(env!("CARGO_BIN_EXE_coro-lings"))
        .args(["dev", "check"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "dev check of the bundled course failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn the_readme_course_map_is_the_course() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let course = coro_lings::course::Course::load(root).expect("the bundled course loads");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let map = readme
        .split("<!-- course-map:start -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- course-map:end -->").next())
        .expect("README.md has the course-map markers");
    let listed: Vec<(String, String)> = map
        .lines()
        .filter_map(|l| {
            let mut cells = l.strip_prefix("| `")?.splitn(2, "` | ");
            let id = cells.next()?.to_string();
            let summary = cells.next()?.strip_suffix(" |")?.to_string();
            Some((id, summary))
        })
        .collect();
    let course_map: Vec<(String, String)> = course
        .exercises
        .iter()
        .map(|e| (e.id.clone(), e.summary.clone()))
        .collect();
    assert_eq!(
        listed, course_map,
        "README.md's course map differs from info.toml: run `python3 scripts/course-map.py`"
    );
}

#[test]
fn every_exercise_the_readme_names_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let course = coro_lings::course::Course::load(root).expect("the bundled course loads");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    // Exercise ids are rankN_name in backticks; the examples (rankN_name too) are not exercises.
    let examples: Vec<String> = std::fs::read_dir(root.join("coro/examples"))
        .unwrap()
        .flatten()
        .map(|e| e.path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for piece in readme.split('`').skip(1).step_by(2) {
        let is_id = piece.len() > 6
            && piece.starts_with("rank")
            && piece.as_bytes()[4].is_ascii_digit()
            && piece.as_bytes()[5] == b'_'
            && piece[6..]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if is_id && !examples.iter().any(|e| e == piece) {
            assert!(
                course.exercises.iter().any(|e| e.id == piece),
                "README.md names {piece}, which is not an exercise of info.toml"
            );
        }
    }
}
