//! The checker's results: one row per check, printed as it completes (unless the report
//! goes out as JSON at the end), a summary line, and the process exit code.

use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Passed,
    Failed,
    /// Not run because a check it depends on failed (that one carries the reason).
    Skipped,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Passed => "pass",
            Outcome::Failed => "FAIL",
            Outcome::Skipped => "skip",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: String,
    /// `rest`, `posts`, or `all` for checks that do not depend on a variant.
    pub variant: String,
    pub passed: bool,
    pub outcome: Outcome,
    /// On failure, the rule that failed; on success, what was seen.
    pub detail: String,
}

/// Collects checks and, in table mode, prints each one as it completes.
pub struct Report {
    checks: Vec<Check>,
    json: bool,
}

const VARIANT_WIDTH: usize = 7;
const NAME_WIDTH: usize = 44;

impl Report {
    pub fn new(json: bool) -> Self {
        if !json {
            out(&format!(
                "{:<VARIANT_WIDTH$} {:<NAME_WIDTH$} {:<6} DETAIL",
                "VARIANT", "CHECK", "RESULT"
            ));
        }
        Report {
            checks: Vec::new(),
            json,
        }
    }

    pub fn add(&mut self, variant: &str, name: &str, outcome: Outcome, detail: String) {
        let check = Check {
            name: name.to_string(),
            variant: variant.to_string(),
            passed: outcome == Outcome::Passed,
            outcome,
            detail,
        };
        if !self.json {
            out(&row(&check));
        }
        self.checks.push(check);
    }

    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    pub fn count(&self, outcome: Outcome) -> usize {
        self.checks.iter().filter(|c| c.outcome == outcome).count()
    }

    /// `N passed, N failed` (and `, N skipped` when some were).
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{} passed, {} failed",
            self.count(Outcome::Passed),
            self.count(Outcome::Failed)
        );
        let skipped = self.count(Outcome::Skipped);
        if skipped > 0 {
            line.push_str(&format!(", {skipped} skipped"));
        }
        line
    }

    /// Prints the end of the report: the failures again and the summary line in table
    /// mode, the whole report in JSON mode.
    pub fn finish(&self) {
        if self.json {
            let report = serde_json::json!({
                "passed": self.count(Outcome::Passed),
                "failed": self.count(Outcome::Failed),
                "skipped": self.count(Outcome::Skipped),
                "checks": self.checks,
            });
            match serde_json::to_string_pretty(&report) {
                Ok(text) => out(&text),
                Err(error) => eprintln!("error: cannot render the report: {error}"),
            }
            return;
        }
        let failed: Vec<&Check> = self
            .checks
            .iter()
            .filter(|c| c.outcome == Outcome::Failed)
            .collect();
        if !failed.is_empty() {
            out("\nFailed checks:");
            for check in failed {
                out(&row(check));
            }
        }
        out(&format!("\n{}", self.summary()));
    }
}

/// Writes one line and flushes it, so progress shows while the next request is in flight.
/// A closed stdout (`| head`) is not an error worth a panic: the exit code still tells.
fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

fn row(check: &Check) -> String {
    format!(
        "{:<VARIANT_WIDTH$} {:<NAME_WIDTH$} {:<6} {}",
        check.variant,
        check.name,
        check.outcome.label(),
        check.detail
    )
}
