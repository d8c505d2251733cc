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
