//! The output: the terminal and Markdown tables (one function gives a row's cells to both),
//! and what the header says of the machine and the commit.

use super::*;

/// A column of the table: its Markdown heading, its terminal heading and width, and
/// whether its figures align right.
struct Column {
    heading: &'static str,
    short: &'static str,
    width: usize,
    right: bool,
}

const fn column(heading: &'static str, short: &'static str, width: usize, right: bool) -> Column {
    Column {
        heading,
        short,
        width,
        right,
    }
}

/// The table's columns, in the order [`cells`] fills them.
const COLUMNS: [Column; 18] = [
    column("backend", "backend", 11, false),
    column("scenario", "scenario", 17, false),
    column("over", "over", 5, false),
    column("conns", "conns", 5, true),
    column("req/s", "req/s", 8, true),
    column("p50 ms", "p50 ms", 7, true),
    column("p99 ms", "p99 ms", 8, true),
    column("errors", "errs", 4, true),
    column("peak RSS MiB", "RSS MiB", 7, true),
    column("req/s vs baseline", "vs base", 7, true),
    column("CPU µs/req", "cpu µs", 6, true),
    column("CPU vs baseline", "cpu base", 8, true),
    column("CPU vs dropshot", "cpu drop", 8, true),
    column("switches/req", "cs/req", 6, true),
    column("PostgreSQL CPU µs/req", "pg µs", 6, true),
    column("PostgreSQL switches/req", "pg cs", 5, true),
    column("CPU vs fresh db", "vs new", 6, true),
    column(
        "load generator (its CPU, cores)",
        "load generator",
        16,
        false,
    ),
];

/// One row's cells, for the terminal and the Markdown table alike.
fn cells(row: &Row) -> [String; 18] {
    let opt = |value: Option<f64>, f: fn(f64) -> String| value.map_or_else(|| "–".to_string(), f);
    let ratio = |r: f64| format!("{r:.2}×");
    [
        row.backend.clone(),
        row.scenario.to_string(),
        row.scheme.to_string(),
        row.connections.to_string(),
        format!("{:.0}", row.requests_per_sec),
        format!("{:.3}", row.p50_ms),
        format!("{:.3}", row.p99_ms),
        row.errors.to_string(),
        opt(row.peak_rss_mib, |m| format!("{m:.1}")),
        opt(row.vs_baseline, ratio),
        opt(row.server_cpu_us_per_request, |c| format!("{c:.1}")),
        opt(row.cpu_vs_baseline, ratio),
        opt(row.cpu_vs_dropshot, ratio),
        opt(row.server_switches_per_request, |c| format!("{c:.2}")),
        opt(row.postgres_cpu_us_per_request, |c| format!("{c:.1}")),
        opt(row.postgres_switches_per_request, |c| format!("{c:.2}")),
        opt(row.cpu_vs_fresh, ratio),
        format!(
            "{} ({})",
            row.load_generator,
            opt(row.load_generator_cores, |c| format!("{c:.2}"))
        ),
    ]
}

fn terminal_line(texts: &[String]) -> String {
    let mut line = String::new();
    for (text, column) in texts.iter().zip(&COLUMNS) {
        let _ = if column.right {
            write!(line, "{text:>width$} ", width = column.width)
        } else {
            write!(line, "{text:<width$} ", width = column.width)
        };
    }
    line.trim_end().to_string()
}

/// The terminal's line for a row, with its first error (if any) after it.
pub(crate) fn format_row(row: &Row) -> String {
    let mut line = terminal_line(&cells(row));
    if let Some(error) = &row.first_error {
        let _ = write!(line, "  first error: {error}");
    }
    line
}

pub(crate) fn header_line() -> String {
    let headings: Vec<String> = COLUMNS.iter().map(|c| c.short.to_string()).collect();
    terminal_line(&headings)
}

/// The Markdown table's heading and alignment lines.
fn markdown_heading() -> String {
    let headings: Vec<&str> = COLUMNS.iter().map(|c| c.heading).collect();
    let aligns: Vec<&str> = COLUMNS
        .iter()
        .map(|c| if c.right { "---:" } else { "---" })
        .collect();
    format!("| {} |\n|{}|\n", headings.join(" | "), aligns.join("|"))
}

fn markdown_row(row: &Row) -> String {
    format!("| {} |\n", cells(row).join(" | "))
}

pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

pub(crate) fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

pub(crate) fn git_commit() -> Option<String> {
    let output = Command::new("git")
        .args(["describe", "--always", "--dirty", "--abbrev=12"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// `target/` of this build: the bench runs from `target/<profile>/deps/`.
pub(crate) fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .find(|dir| dir.file_name().is_some_and(|name| name == "deps"))
                .and_then(|deps| deps.parent()?.parent().map(Path::to_path_buf))
        })
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// The table `benches/load/README.md` quotes: every row, the saturation probe, the seeding and the targets.
pub(crate) fn markdown_report(
    date: &str,
    commit: Option<&str>,
    nproc: usize,
    settings: &Settings,
    runs: &[(String, BackendRun)],
    load_after: &str,
) -> String {
    let mut md = String::new();
    let opt = |value: Option<f64>, f: fn(f64) -> String| value.map_or_else(|| "–".to_string(), f);
    let loads: Vec<String> = runs
        .iter()
        .map(|(backend, run)| format!("{backend}: {}", run.load_before))
        .collect();
    let _ = writeln!(
        md,
        "{date}, commit {}, {nproc} CPUs ({}), load generator {} on the same machine, \
         {} s per cell, {} rounds, {}; load average (1, 5, 15 min) before each backend: {}; after: {load_after}.\n",
        commit.unwrap_or("unknown"),
        cpu_model(),
        settings.driver.name(settings.wrk_threads),
        settings.measure.as_secs_f64(),
        settings.rounds,
        if settings.tls {
            "the server over https (FIN_HELPDESK_BENCH_TLS=1), the references over http"
        } else {
            "all over plain http"
        },
        loads.join("; "),
    );
    md.push_str(&markdown_heading());
    for (_, run) in runs {
        for row in &run.rows {
            md.push_str(&markdown_row(row));
        }
    }
    for (_, run) in runs {
        if run.saturation.is_empty() {
            continue;
        }
        md.push_str(
            "\nSaturation: the baseline at the largest connection count by wrk threads\n\n",
        );
        md.push_str("| wrk threads | req/s | baseline CPU µs/req | wrk CPU, cores |\n|---|---:|---:|---:|\n");
        for row in &run.saturation {
            let _ = writeln!(
                md,
                "| {} | {:.0} | {} | {} |",
                row.load_generator,
                row.requests_per_sec,
                opt(row.server_cpu_us_per_request, |c| format!("{c:.1}")),
                opt(row.load_generator_cores, |c| format!("{c:.2}")),
            );
        }
    }
    md.push_str("\n| backend | target | measured | |\n|---|---|---|---|\n");
    for (backend, run) in runs {
        if let Some(seeded) = &run.seeded {
            let _ = writeln!(
                md,
                "| {backend} | seeding | {} | |",
                scale::describe(seeded)
            );
        }
        for check in &run.targets {
            let _ = writeln!(
                md,
                "| {backend} | {} | {} | {} |",
                check.target,
                check.measured,
                if check.met { "met" } else { "**missed**" }
            );
        }
    }
    md
}
