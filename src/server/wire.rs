//! Stored records as wire types. Both variants' generated types share field names, so
//! one macro writes the conversions for each; what differs (the agent's alias field, a
//! message body's nullability) is a function each adapter provides.

/// Defines `end_user`, `attachment`, `author`, `conversation` and `message` in the calling
/// module for the generated module `$api`, which must also define `agent(&AgentRecord)`
/// and `message_body(Option<String>)`.
macro_rules! record_conversions {
    ($api:path) => {
        use $api as wire;

        pub(crate) fn end_user(record: crate::store::UserRecord) -> wire::EndUser {
            wire::EndUser {
                id: record.id,
                user_type: wire::EndUserUserType::EndUser,
                name: record.name,
                email: record.email,
                photo_url: record.photo_url,
                attributes: Some(record.attributes),
            }
        }

        pub(crate) fn attachment(record: crate::store::AttachmentRecord) -> wire::Attachment {
            wire::Attachment {
                url: record.url,
                filetype: record.filetype,
                filename: record.filename,
            }
        }

        pub(crate) fn attachment_record(
            attachment: wire::Attachment,
        ) -> crate::store::AttachmentRecord {
            crate::store::AttachmentRecord {
                url: attachment.url,
                filetype: attachment.filetype,
                filename: attachment.filename,
            }
        }

        pub(crate) fn author(record: crate::store::AuthorRecord) -> wire::Author {
            match record {
                crate::store::AuthorRecord::EndUser(user) => wire::Author::EndUser(end_user(user)),
                crate::store::AuthorRecord::Agent(record) => wire::Author::Agent(agent(record)),
            }
        }

        pub(crate) fn conversation(record: crate::store::ConversationRecord) -> wire::Conversation {
            wire::Conversation {
                id: record.id,
                // The store only holds the four contract values; anything else would be a
                // corrupt row, shown as `open` rather than failing the whole read.
                status: record
                    .status
                    .parse()
                    .unwrap_or(wire::ConversationStatus::Open),
                user: end_user(record.user),
                title: record.title,
                tags: Some(record.tags),
                attributes: Some(record.attributes),
                assignee: record.assignee.map(agent),
                created_at: Some(crate::service::timestamp(&record.created_at)),
                updated_at: Some(crate::service::timestamp(&record.updated_at)),
            }
        }

        pub(crate) fn message(record: crate::store::MessageRecord) -> wire::Message {
            wire::Message {
                id: record.id,
                conversation_id: record.conversation_id,
                message_type: wire::MessageMessageType::Comment,
                body: message_body(record.body),
                author: author(record.author),
                visibility: record
                    .visibility
                    .parse()
                    .unwrap_or(wire::MessageVisibility::Public),
                created_at: crate::service::timestamp(&record.created_at),
                attachments: Some(record.attachments.into_iter().map(attachment).collect()),
            }
        }
    };
}

pub(crate) use record_conversions;
