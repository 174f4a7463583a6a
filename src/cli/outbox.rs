//! `fin-helpdesk outbox`: listing the events queued for Fin's webhook, a page at a time,
//! and requeueing dead ones.

use super::{DatabaseArg, open_store};
use crate::store::{EventState, Requeue};

/// The arguments of `fin-helpdesk outbox`.
#[derive(clap::Args)]
pub struct OutboxArgs {
    #[command(flatten)]
    database: DatabaseArg,
    #[command(subcommand)]
    action: OutboxAction,
}

#[derive(clap::Subcommand)]
enum OutboxAction {
    /// List events as JSON lines, oldest first, a page at a time: when the page is full,
    /// the command for the next one is printed on stderr.
    List {
        /// Only events in this state.
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        /// Only events with an id above this one (the last id of the previous page).
        #[arg(long)]
        after_id: Option<i64>,
        /// At most this many events.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
    },
    /// Make dead events pending again, due now.
    Retry {
        /// The event's id.
        #[arg(required_unless_present = "all_dead", conflicts_with = "all_dead")]
        id: Option<i64>,
        /// Every dead event.
        #[arg(long)]
        all_dead: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum StateArg {
    Pending,
    Dead,
    Delivered,
}

pub(super) async fn run(args: OutboxArgs) -> Result<(), String> {
    let store = open_store(&args.database.database_url).await?;
    match args.action {
        OutboxAction::List {
            state: state_arg,
            after_id,
            limit,
        } => {
            let state = state_arg.map(|state| match state {
                StateArg::Pending => EventState::Pending,
                StateArg::Dead => EventState::Dead,
                StateArg::Delivered => EventState::Delivered,
            });
            let page = store
                .list_events(state, after_id, Some(limit))
                .await
                .map_err(|error| error.to_string())?;
            // A full page may not be the last: say how to get the next one, on stderr so
            // that stdout stays JSON lines.
            if let Some(last) = page.last().filter(|_| page.len() >= limit as usize) {
                let state = state.map_or(String::new(), |state| {
                    format!(" --state {}", state.as_str())
                });
                eprintln!(
                    "more events may follow: fin-helpdesk outbox list{state} --limit {limit} \
                     --after-id {}",
                    last.id
                );
            }
            for event in page {
                let line = serde_json::json!({
                    "id": event.id,
                    "conversation_id": event.conversation_id,
                    "kind": event.kind.as_str(),
                    "state": event.state.as_str(),
                    "attempts": event.attempts,
                    "next_attempt_at": event.next_attempt_at.to_rfc3339(),
                    "created_at": event.created_at.to_rfc3339(),
                    "last_error": event.last_error,
                    "payload": event.payload,
                });
                println!("{line}");
            }
        }
        OutboxAction::Retry { id, all_dead } => {
            let which = match (id, all_dead) {
                (Some(id), false) => Requeue::One(id),
                (None, true) => Requeue::AllDead,
                _ => return Err("give an event id or --all-dead".into()),
            };
            let count = store
                .requeue_dead(which)
                .await
                .map_err(|error| error.to_string())?;
            println!(
                "requeued {count} dead event(s); a running server sends them at its next poll"
            );
        }
    }
    Ok(())
}
