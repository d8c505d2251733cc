//! Drawing helpers that the one-shot commands and watch mode's screen share, so that a fact
//! looks the same wherever it is shown.

use colored::Colorize;

use crate::course::Exercise;

/// A text progress bar, `[###---] 3/6`: any progress shows at least one mark, and only a
/// finished whole fills it.
pub fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = match (done * width).checked_div(total) {
        None => 0,
        Some(_) if done == 0 => 0,
        Some(_) if done >= total => width,
        Some(f) => f.clamp(1, width.saturating_sub(1)),
    };
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
