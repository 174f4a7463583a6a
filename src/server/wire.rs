//! Stored records as wire types, and requests' enums as the store's, as `From` impls on the
//! generated types. Values are built
//! as `T { optional: …, ..T::new(required…) }`: a property added to the spec as optional
//! needs no change here, one added as required stops the build at `new`.
//!
//! The three documents' generated modules each have their own `EndUser`, `Conversation`
//! and so on, with the same fields: Rust has no way to write one conversion for several
//! structurally equal types the generator does not relate by a trait, so a macro writes
//! the same `From` impls for each module. It defines nothing else in the caller's module.
//! What differs per document (the agent's fields, the message's required ones) is written
//! by hand: `From<AgentRecord>` and `From<MessageRecord>` for the REST-shaped documents by
//! `rest_shaped_conversions!`, and by `server::posts` for the POST-only one. The author
//! and conversation conversions need that document's `From<AgentRecord>`; the compiler
//! names it when it is missing.

use crate::store::AttachmentRecord;

/// A request's attachments (absent meaning none) as stored records.
pub(crate) fn attachment_records<A: Into<AttachmentRecord>>(
    attachments: Option<Vec<A>>,
) -> Vec<AttachmentRecord> {
    attachments
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect()
}

/// Stored attachments as a wire list (always present in answers).
pub(crate) fn wire_attachments<A: From<AttachmentRecord>>(
    records: Vec<AttachmentRecord>,
) -> Option<Vec<A>> {
    Some(records.into_iter().map(A::from).collect())
}

/// `From` impls for the types every document shares, for the generated module `$api`.
macro_rules! record_conversions {
    ($api:path) => {
        const _: () = {
            use crate::store::{
                AttachmentRecord, AuthorRecord, ConversationRecord, ConversationStatus,
                MessageVisibility, UserRecord,
            };
            use $api as wire;

            impl From<ConversationStatus> for wire::ConversationStatus {
                fn from(status: ConversationStatus) -> Self {
                    match status {
                        ConversationStatus::Open => wire::ConversationStatus::Open,
                        ConversationStatus::Resolved => wire::ConversationStatus::Resolved,
                        ConversationStatus::Closed => wire::ConversationStatus::Closed,
                        ConversationStatus::Ended => wire::ConversationStatus::Ended,
                    }
                }
            }

            impl From<MessageVisibility> for wire::MessageVisibility {
                fn from(visibility: MessageVisibility) -> Self {
                    match visibility {
                        MessageVisibility::Public => wire::MessageVisibility::Public,
                        MessageVisibility::Private => wire::MessageVisibility::Private,
                    }
                }
            }

            impl From<UserRecord> for wire::EndUser {
                fn from(record: UserRecord) -> Self {
                    wire::EndUser {
                        name: record.name,
                        email: record.email,
                        photo_url: record.photo_url,
                        attributes: Some(record.attributes),
                        ..wire::EndUser::new(record.id, wire::EndUserUserType::EndUser)
                    }
                }
            }

            impl From<AttachmentRecord> for wire::Attachment {
                fn from(record: AttachmentRecord) -> Self {
                    wire::Attachment {
                        filetype: record.filetype,
                        filename: record.filename,
                        ..wire::Attachment::new(record.url)
                    }
                }
            }

            impl From<wire::Attachment> for AttachmentRecord {
                fn from(attachment: wire::Attachment) -> Self {
                    AttachmentRecord {
                        url: attachment.url,
                        filetype: attachment.filetype,
                        filename: attachment.filename,
                    }
                }
            }

            impl From<AuthorRecord> for wire::Author {
                fn from(record: AuthorRecord) -> Self {
                    match record {
                        AuthorRecord::EndUser(user) => wire::Author::EndUser(user.into()),
                        AuthorRecord::Agent(agent) => wire::Author::Agent(agent.into()),
                    }
                }
            }

            impl From<ConversationRecord> for wire::Conversation {
                fn from(record: ConversationRecord) -> Self {
                    let status = record.status.into();
                    wire::Conversation {
                        title: record.title,
                        tags: Some(record.tags),
                        attributes: Some(record.attributes),
                        assignee: record.assignee.map(Into::into),
                        created_at: Some(crate::service::timestamp(&record.created_at)),
                        updated_at: Some(crate::service::timestamp(&record.updated_at)),
                        ..wire::Conversation::new(record.id, status, record.user.into())
                    }
                }
            }
        };
    };
}

/// `From<AgentRecord>` and `From<MessageRecord>` for the generated module `$api` of a
/// document with the REST shapes (the REST variant and the agents' API): every agent
/// field optional, `alias`, and a non-null message `body`.
macro_rules! rest_shaped_conversions {
    ($api:path) => {
        const _: () = {
            use crate::store::{AgentRecord, MessageRecord};
            use $api as wire;

            impl From<AgentRecord> for wire::Agent {
                fn from(record: AgentRecord) -> Self {
                    wire::Agent {
                        id: Some(record.id),
                        user_type: Some(wire::AgentUserType::Agent),
                        name: record.name,
                        email: record.email,
                        photo_url: record.photo_url,
                        alias: record.alias,
                    }
                }
            }

            impl From<MessageRecord> for wire::Message {
                fn from(record: MessageRecord) -> Self {
                    wire::Message {
                        attachments: crate::server::wire::wire_attachments(record.attachments),
                        ..wire::Message::new(
                            record.id,
                            record.conversation_id,
                            wire::MessageMessageType::Comment,
                            // `body` is non-null here; an attachment-only message is sent with "".
                            record.body.unwrap_or_default(),
                            record.author.into(),
                            record.visibility.into(),
                            crate::service::timestamp(&record.created_at),
                        )
                    }
                }
            }
        };
    };
}

record_conversions!(crate::api::rest);
rest_shaped_conversions!(crate::api::rest);
record_conversions!(crate::api::agents);
rest_shaped_conversions!(crate::api::agents);
record_conversions!(crate::api::posts);

/// `From` a generated enum of a request (a status to set or filter by, a visibility to
/// give) to the store's enum of the same variants; the compiler names a variant the
/// generated enum has and the list here does not.
macro_rules! from_request_enum {
    ($($wire:path => $store:ident { $($variant:ident),* };)*) => {
        $(
            impl From<$wire> for crate::store::$store {
                fn from(value: $wire) -> Self {
                    use $wire as Wire;
                    match value {
                        $(Wire::$variant => crate::store::$store::$variant,)*
                    }
                }
            }
        )*
    };
}

from_request_enum! {
    crate::api::rest::UpdateConversationRequestStatus
        => ConversationStatus { Open, Resolved, Closed, Ended };
    crate::api::posts::UpdateConversationRequestStatus
        => ConversationStatus { Open, Resolved, Closed, Ended };
    crate::api::agents::HelpdeskConversationUpdateStatus
        => ConversationStatus { Open, Resolved, Closed, Ended };
    crate::api::agents::ListHelpdeskConversationsQueryStatus
        => ConversationStatus { Open, Resolved, Closed, Ended };
    crate::api::rest::InitialMessageVisibility => MessageVisibility { Public, Private };
    crate::api::rest::CreateMessageRequestVisibility => MessageVisibility { Public, Private };
    crate::api::posts::MessageInputVisibility => MessageVisibility { Public, Private };
    crate::api::posts::CreateMessageRequestVisibility => MessageVisibility { Public, Private };
    crate::api::agents::HelpdeskMessageRequestVisibility => MessageVisibility { Public, Private };
}
