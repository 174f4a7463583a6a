//! `fin-helpdesk agents`: adding, listing and removing agents, and their API tokens.

use super::{DatabaseArg, open_store};
use crate::credentials::{hash_token, new_token};
use crate::store::{AgentRecord, NewAgent};

/// The arguments of `fin-helpdesk agents`.
#[derive(clap::Args)]
pub struct AgentsArgs {
    #[command(flatten)]
    database: DatabaseArg,
    #[command(subcommand)]
    action: AgentAction,
}

#[derive(clap::Subcommand)]
enum AgentAction {
    /// Add an agent.
    Add {
        /// Its id (generated when left out).
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        photo_url: Option<String>,
        /// Public alias shown to end users instead of the name.
        #[arg(long)]
        alias: Option<String>,
    },
    /// List agents as JSON lines.
    List,
    /// Remove an agent (its messages stay readable).
    Remove { id: String },
    /// Create a token for the agent to use the /helpdesk/ API; prints it once (only its
    /// hash is stored).
    Token { agent_id: String },
}

pub(super) async fn run(args: AgentsArgs) -> Result<(), String> {
    let store = open_store(&args.database.database_url).await?;
    let show = |agent: &AgentRecord| {
        serde_json::json!({
            "id": agent.id, "name": agent.name, "email": agent.email,
            "photo_url": agent.photo_url, "alias": agent.alias,
        })
    };
    match args.action {
        AgentAction::Add {
            id,
            name,
            email,
            photo_url,
            alias,
        } => {
            let agent = store
                .add_agent(NewAgent {
                    id,
                    name: Some(name),
                    email: Some(email),
                    photo_url,
                    alias,
                })
                .await
                .map_err(|error| error.to_string())?;
            println!("{}", show(&agent));
        }
        AgentAction::List => {
            for agent in store
                .list_agents()
                .await
                .map_err(|error| error.to_string())?
            {
                println!("{}", show(&agent));
            }
        }
        AgentAction::Remove { id } => {
            if !store
                .remove_agent(&id)
                .await
                .map_err(|error| error.to_string())?
            {
                return Err(format!("no agent with id `{id}`"));
            }
            println!("removed agent {id}");
        }
        AgentAction::Token { agent_id } => {
            let token = new_token("fhd_agent_");
            store
                .add_agent_token(&hash_token(token.expose()), &agent_id)
                .await
                .map_err(|error| error.to_string())?;
            println!(
                "agent token for {agent_id} (shown once): {}",
                token.expose()
            );
        }
    }
    Ok(())
}
