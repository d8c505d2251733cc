//! Drawing helpers that the one-shot commands and watch mode's screen share, so that a fact
//! looks the same wherever it is shown.

use colored::Colorize;

use crate::course::Exercise;

/// A text progress bar: `[#####-----] 5/10`.
pub fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {done}/{total}",
        "#".repeat(filled).green(),
        "-".repeat(width - filled)
    )
}

/// Hint `k` (from 1) of `exercise`, as every view shows it: `Hint 2 of 3: ...`.
pub fn hint(exercise: &Exercise, k: usize) -> String {
    format!(
        "Hint {k} of {}: {}",
        exercise.hints.len(),
        exercise.hints[k - 1]
    )
}
