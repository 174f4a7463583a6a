//! `fin-helpdesk users`: exporting or erasing what is stored about an end user (GDPR
//! articles 15 and 17).

use super::{DatabaseArg, open_store};
use crate::store::StoreError;

/// The arguments of `fin-helpdesk users`.
#[derive(clap::Args)]
pub struct UsersArgs {
    #[command(flatten)]
    database: DatabaseArg,
    #[command(subcommand)]
    action: UserAction,
}

#[derive(clap::Subcommand)]
enum UserAction {
    /// Print everything stored about the end user as one JSON object: the user, and each
    /// of their conversations with its messages.
    Export { user_id: String },
    /// Delete, in one transaction, the end user, their conversations and messages
    /// (attachment references with them), the messages they wrote elsewhere, and the
    /// outbox events of their conversations; prints what was removed.
    Erase { user_id: String },
}

pub(super) async fn run(args: UsersArgs) -> Result<(), String> {
    let store = open_store(&args.database.database_url).await?;
    let failed = |error: StoreError| error.to_string();
    match args.action {
        UserAction::Export { user_id } => {
            let Some(user) = store.get_user(&user_id).await.map_err(failed)? else {
                return Err(format!("nothing is stored about an end user `{user_id}`"));
            };
            let mut conversations = Vec::new();
            for conversation in store.user_conversations(&user_id).await.map_err(failed)? {
                let messages = store
                    .list_messages(&conversation.id, None)
                    .await
                    .map_err(failed)?;
                conversations.push(export::conversation(&conversation, &messages));
            }
            let document = serde_json::json!({
                "user": export::user(&user),
                "conversations": conversations,
            });
            let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
            println!("{text}");
        }
        UserAction::Erase { user_id } => {
            let erased = store.erase_user(&user_id).await.map_err(failed)?;
            if erased.is_nothing() {
                println!("nothing is stored about end user {user_id}; nothing was removed");
            } else {
                println!(
                    "erased end user {user_id}: {} user, {} conversation(s), {} message(s), \
                     {} attachment reference(s), {} outbox event(s)",
                    erased.users,
                    erased.conversations,
                    erased.messages,
                    erased.attachments,
                    erased.outbox_events
                );
            }
        }
    }
    Ok(())
}

/// The JSON of `users export`: every stored field of each record, by its store name.
mod export {
    use crate::store::{AgentRecord, AuthorRecord, ConversationRecord, MessageRecord, UserRecord};
    use serde_json::{Value, json};

    pub fn user(user: &UserRecord) -> Value {
        json!({
            "id": user.id, "object_id": user.object_id, "name": user.name,
            "email": user.email, "photo_url": user.photo_url, "attributes": user.attributes,
            "created_at": user.created_at.to_rfc3339(), "updated_at": user.updated_at.to_rfc3339(),
        })
    }

    fn agent(agent: &AgentRecord) -> Value {
        json!({ "id": agent.id, "name": agent.name })
    }

    pub fn conversation(conversation: &ConversationRecord, messages: &[MessageRecord]) -> Value {
        json!({
            "id": conversation.id, "object_id": conversation.object_id,
            "title": conversation.title, "tags": conversation.tags,
            "attributes": conversation.attributes, "status": conversation.status,
            "assignee": conversation.assignee.as_ref().map(agent),
            "last_user_read_at": conversation.last_user_read_at.map(|t| t.to_rfc3339()),
            "created_at": conversation.created_at.to_rfc3339(),
            "updated_at": conversation.updated_at.to_rfc3339(),
            "messages": messages.iter().map(message).collect::<Vec<_>>(),
        })
    }

    fn message(message: &MessageRecord) -> Value {
        let author = match &message.author {
            AuthorRecord::EndUser(user) => json!({ "type": "end_user", "id": user.id }),
            AuthorRecord::Agent(author) => json!({ "type": "agent", "id": author.id }),
        };
        json!({
            "id": message.id, "object_id": message.object_id,
            "message_type": message.message_type, "body": message.body, "author": author,
            "visibility": message.visibility, "attachments": message.attachments,
            "created_at": message.created_at.to_rfc3339(),
        })
    }
}
