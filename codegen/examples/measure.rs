//! The generator's share of the daily loop, per Fin document: how long generating its
//! server module (and client) takes and how large the code is. `measure.sh` runs it beside
//! the rebuild it times; run it alone as `cargo run -p fin-helpdesk-codegen --example
//! measure` (a debug build, as `build.rs` runs the generator; `--release` for the floor).

use fin_helpdesk_codegen::{Generator, load};
use std::path::Path;
use std::time::{Duration, Instant};

// The documents and settings `build.rs` generates with.
include!("../../openapi/generation.rs");

/// Runs per document; the median is reported.
const RUNS: usize = 7;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    println!("| document | server module | client | generation (median of {RUNS}) |");
    println!("|---|---:|---:|---:|");
    for document in FIN_DOCUMENTS {
        let spec =
            load(&root.join(document.spec)).map_err(|e| format!("{}: {e}", document.spec))?;
        let generator = Generator::new(&fin_settings(document));
        let mut samples = Vec::with_capacity(RUNS);
        let mut sizes = (0, 0);
        for _ in 0..RUNS {
            let start = Instant::now();
            let server = generator.server(&spec).map_err(|e| e.to_string())?;
            let client = if document.published {
                None
            } else {
                Some(generator.client(&spec).map_err(|e| e.to_string())?)
            };
            samples.push(start.elapsed());
            sizes = (
                server.code.len(),
                client.map_or(0, |client| client.code.len()),
            );
        }
        println!(
            "| {} | {:.1} KB | {} | {:.0} ms |",
            document.spec,
            sizes.0 as f64 / 1000.0,
            if sizes.1 == 0 {
                "none".to_string()
            } else {
                format!("{:.1} KB", sizes.1 as f64 / 1000.0)
            },
            median(samples).as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
