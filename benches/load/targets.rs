//! The targets, checked against a backend's rows.

use super::*;

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct TargetCheck {
    pub(crate) target: String,
    pub(crate) measured: String,
    pub(crate) met: bool,
}

pub(crate) fn check_targets(
    backend: &str,
    rows: &[Row],
    peak_rss_mib: Option<f64>,
) -> Vec<TargetCheck> {
    let find = |scenario: Scenario, connections: usize| {
        rows.iter()
            .find(|r| r.scenario == scenario.name() && r.connections == connections)
    };
    let mut checks = Vec::new();
    // The targets: 0.5x on SQLite, 0.25x on PostgreSQL (on the same two cores).
    let floor = if backend.starts_with("postgres") {
        0.25
    } else {
        0.5
    };
    let rounds = |ratios: &[f64]| {
        if ratios.len() > 1 {
            let each: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
            format!(
                ", the median of {} alternated rounds: {}",
                each.len(),
                each.join(", ")
            )
        } else {
            String::new()
        }
    };
    if let Some(row) = find(Scenario::GetConversation, 64)
        && let Some(ratio) = row.vs_baseline
    {
        checks.push(TargetCheck {
            target: format!(
                "get_conversation at 64 connections >= {floor}x the baseline's requests/s"
            ),
            measured: format!(
                "{ratio:.2}x ({:.0}/s){}",
                row.requests_per_sec,
                rounds(&row.round_ratios)
            ),
            met: ratio >= floor,
        });
    }
    if let Some(row) = find(Scenario::GetConversation, 64)
        && let Some(ratio) = row.cpu_vs_baseline
    {
        checks.push(TargetCheck {
            target: format!(
                "get_conversation at 64 connections >= {floor}x the baseline by CPU per request"
            ),
            measured: format!(
                "{ratio:.2}x ({:.1} µs per request){}",
                row.server_cpu_us_per_request.unwrap_or_default(),
                rounds(&row.round_cpu_ratios)
            ),
            met: ratio >= floor,
        });
    }
    // The framework's floor: if dropshot alone is under the target by CPU, the target is
    // out of reach with dropshot whatever the server does.
    if let Some(row) = find(Scenario::Dropshot, 64)
        && let Some(ratio) = row.cpu_vs_baseline
    {
        let ours = find(Scenario::GetConversation, 64)
            .and_then(|r| Some((r.cpu_vs_dropshot?, r.server_cpu_us_per_request?)))
            .map(|(vs, us)| {
                format!(
                    "; get_conversation is {vs:.2}x dropshot alone ({us:.1} vs {:.1} µs): the rest is ours",
                    row.server_cpu_us_per_request.unwrap_or_default()
                )
            })
            .unwrap_or_default();
        checks.push(TargetCheck {
            target: format!(
                "the framework's floor: dropshot alone at 64 connections >= {floor}x the baseline by CPU per request (else the target above is out of reach with dropshot)"
            ),
            measured: format!(
                "{ratio:.2}x ({:.1} µs per request){ours}",
                row.server_cpu_us_per_request.unwrap_or_default()
            ),
            met: ratio >= floor,
        });
    }
    for connections in [1, 16, 64] {
        if let (Some(messages), Some(conversation)) = (
            find(Scenario::GetMessages, connections),
            find(Scenario::GetConversation, connections),
        ) && conversation.p50_ms > 0.0
        {
            let ratio = messages.p50_ms / conversation.p50_ms;
            checks.push(TargetCheck {
                target: format!(
                    "get_messages (after_id near the end) p50 <= 2x get_conversation's, {connections} connections"
                ),
                measured: format!(
                    "{ratio:.2}x ({:.2} ms vs {:.2} ms)",
                    messages.p50_ms, conversation.p50_ms
                ),
                met: ratio <= 2.0,
            });
        }
    }
    if backend.starts_with("sqlite") {
        let best = rows
            .iter()
            .filter(|r| r.scenario == Scenario::CreateMessage.name())
            .max_by(|a, b| a.requests_per_sec.total_cmp(&b.requests_per_sec));
        if let Some(row) = best {
            checks.push(TargetCheck {
                target: "create_message >= 10,000/s on SQLite, each acknowledged write committed"
                    .into(),
                measured: format!(
                    "{:.0}/s at {} connections; {}",
                    row.requests_per_sec,
                    row.connections,
                    match (row.acknowledged, row.committed) {
                        (Some(acked), Some(committed)) =>
                            format!("{acked} acknowledged, {committed} found committed"),
                        _ => "commits not checked (in-process client)".to_string(),
                    }
                ),
                met: row.requests_per_sec >= 10_000.0
                    && row.errors == 0
                    && row.committed.is_some_and(|c| Some(c) >= row.acknowledged),
            });
        }
    }
    if let Some(peak) = peak_rss_mib {
        checks.push(TargetCheck {
            target: "server peak RSS < 100 MiB".into(),
            measured: format!("{peak:.1} MiB"),
            met: peak < 100.0,
        });
    }
    checks
}
