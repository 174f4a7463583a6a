//! The checker's results: one row per check, printed as it completes (unless the report
//! goes out as JSON at the end), the failures and the warnings listed apart, a summary
//! line, and whether the run fails. A failed `contract` check fails the run; a failed
//! `recommended` one is a warning, which fails it only under `--strict`.

use crate::rules::{CheckName, Level};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Passed,
    /// A `contract` check that failed.
    Failed,
    /// A `recommended` check that failed.
    Warning,
    /// Not run because a check it depends on failed (that one carries the reason).
    Skipped,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Passed => "pass",
            Outcome::Failed => "FAIL",
            Outcome::Warning => "WARN",
            Outcome::Skipped => "skip",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: String,
    /// `rest`, `posts`, or `all` for checks that do not depend on a variant.
    pub variant: String,
    pub level: Level,
    pub passed: bool,
    pub outcome: Outcome,
    /// On failure, the rule that failed; on success, what was seen.
    pub detail: String,
    /// Where the rule comes from.
    pub source: String,
    /// What a failure of this check breaks in Fin.
    pub in_fin: String,
}

/// Collects checks and, in table mode, prints each one as it completes.
pub struct Report {
    checks: Vec<Check>,
    json: bool,
    strict: bool,
}

const VARIANT_WIDTH: usize = 7;
const NAME_WIDTH: usize = 40;
const LEVEL_WIDTH: usize = 11;

impl Report {
    pub fn new(json: bool, strict: bool) -> Self {
        if !json {
            out(&format!(
                "{:<VARIANT_WIDTH$} {:<NAME_WIDTH$} {:<LEVEL_WIDTH$} {:<6} DETAIL",
                "VARIANT", "CHECK", "LEVEL", "RESULT"
            ));
        }
        Report {
            checks: Vec::new(),
            json,
            strict,
        }
    }

    /// Records a check. `outcome` is `Passed`, `Failed` or `Skipped`; a failed check whose
    /// rule is `recommended` is recorded as a warning.
    pub fn add(&mut self, variant: &str, name: CheckName, outcome: Outcome, detail: String) {
        let rule = name.rule();
        let (level, source, in_fin) = (rule.level, rule.source, rule.in_fin);
        let outcome = match (outcome, level) {
            (Outcome::Failed, Level::Recommended) => Outcome::Warning,
            (outcome, _) => outcome,
        };
        let check = Check {
            name: name.as_str().to_string(),
            variant: variant.to_string(),
            level,
            passed: outcome == Outcome::Passed,
            outcome,
            detail,
            source: source.to_string(),
            in_fin: in_fin.to_string(),
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

    /// Whether the run fails: a contract check failed, or, under `--strict`, a
    /// recommended one did.
    pub fn fails(&self) -> bool {
        self.count(Outcome::Failed) > 0 || (self.strict && self.count(Outcome::Warning) > 0)
    }

    /// `N passed, N failed, N warnings` (and `, N skipped` when some were), and what the
    /// warnings mean for the run.
    pub fn summary(&self) -> String {
        let warnings = self.count(Outcome::Warning);
        let mut line = format!(
            "{} passed, {} failed, {warnings} {}",
            self.count(Outcome::Passed),
            self.count(Outcome::Failed),
            if warnings == 1 { "warning" } else { "warnings" },
        );
        let skipped = self.count(Outcome::Skipped);
        if skipped > 0 {
            line.push_str(&format!(", {skipped} skipped"));
        }
        if warnings > 0 {
            line.push_str(if self.strict {
                " (--strict: warnings fail the run)"
            } else {
                " (recommended checks: --strict fails on them)"
            });
        }
        line.push_str(if self.fails() { ": FAILED" } else { ": passed" });
        line
    }

    /// Prints the end of the report: in table mode the failures and then the warnings
    /// again, each with what it breaks in Fin, and the summary line; in JSON mode the
    /// whole report.
    pub fn finish(&self) {
        if self.json {
            let report = serde_json::json!({
                "result": if self.fails() { "failed" } else { "passed" },
                "strict": self.strict,
                "passed": self.count(Outcome::Passed),
                "failed": self.count(Outcome::Failed),
                "warnings": self.count(Outcome::Warning),
                "skipped": self.count(Outcome::Skipped),
                "checks": self.checks,
            });
            match serde_json::to_string_pretty(&report) {
                Ok(text) => out(&text),
                Err(error) => eprintln!("error: cannot render the report: {error}"),
            }
            return;
        }
        for (outcome, heading) in [
            (Outcome::Failed, "Failed checks (contract):"),
            (
                Outcome::Warning,
                "Warnings (recommended checks; they fail the run only with --strict):",
            ),
        ] {
            let listed: Vec<&Check> = self
                .checks
                .iter()
                .filter(|c| c.outcome == outcome)
                .collect();
            if listed.is_empty() {
                continue;
            }
            out(&format!("\n{heading}"));
            for check in listed {
                out(&row(check));
                out(&format!(
                    "{:<VARIANT_WIDTH$} in Fin: {} (rule: {})",
                    "", check.in_fin, check.source
                ));
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
        "{:<VARIANT_WIDTH$} {:<NAME_WIDTH$} {:<LEVEL_WIDTH$} {:<6} {}",
        check.variant,
        check.name,
        check.level.label(),
        check.outcome.label(),
        check.detail
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recommended_failure_is_a_warning_that_fails_only_under_strict() {
        for strict in [false, true] {
            let mut report = Report::new(true, strict);
            report.add("rest", CheckName::GetUser, Outcome::Passed, "ok".into());
            report.add(
                "rest",
                CheckName::AuthWwwAuthenticate,
                Outcome::Failed,
                "none".into(),
            );
            let check = &report.checks()[1];
            assert_eq!(check.level, Level::Recommended);
            assert_eq!(check.outcome, Outcome::Warning);
            assert!(!check.in_fin.is_empty());
            assert_eq!(report.fails(), strict);
        }
        let mut report = Report::new(true, false);
        report.add(
            "rest",
            CheckName::GetMessagesAfterId,
            Outcome::Failed,
            "x".into(),
        );
        assert_eq!(report.checks()[0].outcome, Outcome::Failed);
        assert!(report.fails());
        assert!(report.summary().ends_with("FAILED"), "{}", report.summary());
    }
}
