//! `fin-helpdesk clients`: the OAuth2 clients allowed to get tokens from /oauth/token.

use super::{DatabaseArg, open_store, read_secret_file};
use crate::credentials::{
    CLIENT_SECRET_PREFIX, SECRET_RULE, Secret, hash_secret, is_strong_enough, new_token,
};
use std::path::PathBuf;

/// The arguments of `fin-helpdesk clients`.
#[derive(clap::Args)]
pub struct ClientsArgs {
    #[command(flatten)]
    database: DatabaseArg,
    #[command(subcommand)]
    action: ClientAction,
}

#[derive(clap::Subcommand)]
enum ClientAction {
    /// Add a client; prints a generated secret once when none is given.
    Add {
        client_id: String,
        /// The secret (read from FIN_HELPDESK_CLIENT_SECRET when set): at least 32
        /// characters, at least 8 of them different; prefer the environment or
        /// --secret-file, as other local users can read a command line.
        #[arg(long, env = "FIN_HELPDESK_CLIENT_SECRET", hide_env_values = true)]
        secret: Option<String>,
        /// File holding the secret (surrounding whitespace ignored).
        #[arg(
            long,
            env = "FIN_HELPDESK_CLIENT_SECRET_FILE",
            conflicts_with = "secret"
        )]
        secret_file: Option<PathBuf>,
    },
    /// List client ids.
    List,
    /// Remove a client and revoke its tokens.
    Remove { client_id: String },
}

pub(super) async fn run(args: ClientsArgs) -> Result<(), String> {
    let store = open_store(&args.database.database_url).await?;
    match args.action {
        ClientAction::Add {
            client_id,
            secret,
            secret_file,
        } => {
            let secret = match (secret, secret_file) {
                (None, Some(path)) => {
                    Some(read_secret_file(&path).map_err(|error| error.to_string())?)
                }
                (secret, _) => secret,
            };
            let generated = secret.is_none();
            if secret
                .as_deref()
                .is_some_and(|secret| !is_strong_enough(secret))
            {
                // Never echo the value.
                return Err(format!("the client secret is too weak: use {SECRET_RULE}"));
            }
            let secret = secret
                .map(Secret::new)
                .unwrap_or_else(|| new_token(CLIENT_SECRET_PREFIX));
            store
                .add_oauth_client(&client_id, &hash_secret(secret.expose()))
                .await
                .map_err(|error| error.to_string())?;
            println!("added client {client_id}");
            if generated {
                println!("client secret (shown once): {}", secret.expose());
            }
        }
        ClientAction::List => {
            for client in store
                .list_oauth_clients()
                .await
                .map_err(|error| error.to_string())?
            {
                println!("{}\t{}", client.client_id, client.created_at.to_rfc3339());
            }
        }
        ClientAction::Remove { client_id } => {
            if !store
                .remove_oauth_client(&client_id)
                .await
                .map_err(|error| error.to_string())?
            {
                return Err(format!("no client `{client_id}`"));
            }
            println!("removed client {client_id} and revoked its tokens");
        }
    }
    Ok(())
}
