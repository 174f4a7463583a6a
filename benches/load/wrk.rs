//! Driving a cell with `wrk` (Debian's package `wrk`), the load generator for the
//! requests/s figures: it is written in C on epoll and, unlike a hyper client in the
//! bench's own process, is not the bottleneck against a bare hyper server.
//!
//! Requests are signed as Fin signs them. wrk cannot compute an HMAC, so every request is
//! signed here before the run with one timestamp taken when the cell starts (the server
//! accepts timestamps up to 300 s away from its clock, so a cell must be shorter than
//! that): a GET repeats one pre-signed request; a POST takes the next of a file of
//! pre-signed bodies, each with a unique `object_id`, so every one is a new write.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use fin_helpdesk::credentials::{SignedPayload, SigningKey, sign_hex};

type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

/// The wrk binary: `FIN_HELPDESK_BENCH_WRK`, else `wrk` on PATH.
pub fn find() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("FIN_HELPDESK_BENCH_WRK").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let candidate = dir.join("wrk");
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    Err(
        "the load generator `wrk` is not on PATH: install it (Debian/Ubuntu: \
         `apt-get install wrk`), point FIN_HELPDESK_BENCH_WRK at it, or set \
         FIN_HELPDESK_BENCH_DRIVER=hyper for the in-process hyper client (whose own \
         ceiling squeezes every ratio toward 1)"
            .into(),
    )
}

/// What one wrk run measured.
#[derive(Debug, Default, Clone)]
pub struct WrkResult {
    pub requests: u64,
    pub duration: Duration,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Socket errors, timeouts and answers other than 2xx/3xx.
    pub errors: u64,
    /// Of `requests`, the answers other than 2xx/3xx.
    pub non_2xx: u64,
    pub first_error: Option<String>,
    /// CPU time wrk used (user + system), from `getrusage(RUSAGE_CHILDREN)`.
    pub cpu: Duration,
}

/// One request to repeat, or a file of pre-signed POST bodies.
pub enum Load<'a> {
    Get {
        path_and_query: &'a str,
        headers: Vec<(&'static str, String)>,
    },
    Posts {
        path: &'a str,
        headers: Vec<(&'static str, String)>,
        /// Lines of `signature\tbody`.
        file: &'a Path,
    },
}

fn lua_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The Lua script: sets the request up and prints one parseable summary line.
fn script(load: &Load<'_>) -> String {
    let mut lua = String::new();
    let headers = |headers: &[(&'static str, String)]| {
        headers
            .iter()
            .map(|(name, value)| {
                format!(
                    "wrk.headers[{}] = {}\n",
                    lua_string(name),
                    lua_string(value)
                )
            })
            .collect::<String>()
    };
    lua.push_str("local threads = {}\nlocal counter = 0\n");
    lua.push_str(
        "function setup(thread)\n  thread:set(\"idx\", counter)\n  counter = counter + 1\n  table.insert(threads, thread)\nend\n",
    );
    match load {
        Load::Get {
            path_and_query,
            headers: h,
        } => {
            lua.push_str("wrk.method = \"GET\"\n");
            lua.push_str(&format!("wrk.path = {}\n", lua_string(path_and_query)));
            lua.push_str(&headers(h));
            lua.push_str("extra = 0\n");
        }
        Load::Posts {
            path,
            headers: h,
            file,
        } => {
            lua.push_str("wrk.method = \"POST\"\n");
            lua.push_str(&headers(h));
            lua.push_str(&format!(
                "local path = {}\nlocal file = {}\n",
                lua_string(path),
                lua_string(&file.display().to_string())
            ));
            // Each thread keeps every n-th line, so no body is sent twice; a thread that
            // runs out starts again (a replay, which the server refuses with 401 since it
            // accepts a write's signature once; counted in `extra` and reported).
            lua.push_str(
                r#"local reqs = {}
local i = 0
extra = 0
function init(args)
  local n = 0
  local nthreads = tonumber(args[1])
  for line in io.lines(file) do
    if n % nthreads == idx then
      local sig, body = line:match("^(%x+)\t(.*)$")
      wrk.headers["X-Fin-Signature"] = sig
      table.insert(reqs, wrk.format("POST", path, wrk.headers, body))
    end
    n = n + 1
  end
end
function request()
  i = i + 1
  if i > #reqs then
    i = 1
    extra = extra + 1
  end
  return reqs[i]
end
"#,
            );
        }
    }
    lua.push_str(
        r#"function done(summary, latency, requests)
  local extra_total = 0
  for _, thread in ipairs(threads) do
    extra_total = extra_total + (thread:get("extra") or 0)
  end
  local e = summary.errors
  io.write(string.format("FINBENCH %d %d %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout, extra_total))
end
"#,
    );
    lua
}

/// CPU time of this process's waited-for children so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage writes into the struct we pass and has no other precondition.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return Duration::ZERO;
    }
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Runs wrk for `duration` against `base_url` (`http://…` or `https://…`; over https wrk
/// does not verify the server's certificate) (blocking): call it from a blocking thread.
pub fn run(
    wrk: &Path,
    workdir: &Path,
    base_url: &str,
    load: &Load<'_>,
    threads: usize,
    connections: usize,
    duration: Duration,
) -> Result<WrkResult> {
    let threads = threads.clamp(1, connections.max(1));
    let script_path = workdir.join("wrk-script.lua");
    std::fs::File::create(&script_path)?.write_all(script(load).as_bytes())?;
    let secs = duration.as_secs_f64().ceil().max(1.0) as u64;
    let cpu_before = children_cpu();
    let output = Command::new(wrk)
        .arg(format!("-t{threads}"))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{secs}s"))
        .args(["--timeout", "10s", "-s"])
        .arg(&script_path)
        .arg(base_url)
        .arg("--")
        .arg(threads.to_string())
        .stdin(Stdio::null())
        .output()?;
    let cpu = children_cpu().saturating_sub(cpu_before);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(line) = stdout.lines().find_map(|l| l.strip_prefix("FINBENCH ")) else {
        return Err(format!(
            "wrk gave no summary ({}):\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    };
    let n: Vec<u64> = line
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    if n.len() != 10 {
        return Err(format!("cannot read wrk's summary: {line}").into());
    }
    let errors = n[4] + n[5] + n[6] + n[7] + n[8];
    let mut first_error = (errors > 0).then(|| {
        format!(
            "wrk: connect {}, read {}, write {}, non-2xx/3xx {}, timeout {}",
            n[4], n[5], n[6], n[7], n[8]
        )
    });
    if n[9] > 0 {
        first_error = Some(format!(
            "{} requests replayed a pre-signed body (more requests than bodies prepared)",
            n[9]
        ));
    }
    Ok(WrkResult {
        requests: n[0],
        duration: Duration::from_micros(n[1]),
        p50_ms: n[2] as f64 / 1000.0,
        p99_ms: n[3] as f64 / 1000.0,
        errors: errors + n[9],
        non_2xx: n[7],
        first_error,
        cpu,
    })
}

/// Writes `count` pre-signed bodies (`signature\tbody` lines) for a POST cell.
pub fn write_bodies(
    path: &Path,
    key: &SigningKey,
    timestamp: &str,
    count: usize,
    body: impl Fn(usize) -> Vec<u8>,
) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for i in 0..count {
        let body = body(i);
        let signature = sign_hex(key, timestamp, &SignedPayload::Body(&body));
        out.write_all(signature.as_bytes())?;
        out.write_all(b"\t")?;
        out.write_all(&body)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
