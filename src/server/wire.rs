//! Stored records as wire types. Both variants' generated types share field names, so
//! one macro writes the conversions for each; what differs (the agent's alias field, the
//! message's required fields) each adapter writes itself. Values are built as
//! `T { optional: …, ..T::new(required…) }`: a property added to the spec as optional
//! needs no change here, one added as required stops the build at `new`.

/// Defines `end_user`, `attachment`, `attachment_record`, `author` and `conversation` in
/// the calling module for the generated module `$api`, which must also define
/// `agent(AgentRecord)`.
macro_rules! record_conversions {
    ($api:path) => {
        use $api as wire;

        pub(crate) fn end_user(record: crate::store::UserRecord) -> wire::EndUser {
            wire::EndUser {
                name: record.name,
                email: record.email,
                photo_url: record.photo_url,
                attributes: Some(record.attributes),
                ..wire::EndUser::new(record.id, wire::EndUserUserType::EndUser)
            }
        }

        pub(crate) fn attachment(record: crate::store::AttachmentRecord) -> wire::Attachment {
            wire::Attachment {
                filetype: record.filetype,
                filename: record.filename,
                ..wire::Attachment::new(record.url)
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

        /// The attachments of a request, absent meaning none.
        pub(crate) fn attachment_records(
            attachments: Option<Vec<wire::Attachment>>,
        ) -> Vec<crate::store::AttachmentRecord> {
            attachments
                .unwrap_or_default()
                .into_iter()
                .map(attachment_record)
                .collect()
        }

        pub(crate) fn author(record: crate::store::AuthorRecord) -> wire::Author {
            match record {
                crate::store::AuthorRecord::EndUser(user) => wire::Author::EndUser(end_user(user)),
                crate::store::AuthorRecord::Agent(record) => wire::Author::Agent(agent(record)),
            }
        }

        pub(crate) fn conversation(record: crate::store::ConversationRecord) -> wire::Conversation {
            // The store only holds the four contract values; anything else would be a
            // corrupt row, shown as `open` rather than failing the whole read.
            let status = record
                .status
                .parse()
                .unwrap_or(wire::ConversationStatus::Open);
            wire::Conversation {
                title: record.title,
                tags: Some(record.tags),
                attributes: Some(record.attributes),
                assignee: record.assignee.map(agent),
                created_at: Some(crate::service::timestamp(&record.created_at)),
                updated_at: Some(crate::service::timestamp(&record.updated_at)),
                ..wire::Conversation::new(record.id, status, end_user(record.user))
            }
        }

        fn attachments(
            records: Vec<crate::store::AttachmentRecord>,
        ) -> Option<Vec<wire::Attachment>> {
            Some(records.into_iter().map(attachment).collect())
        }

        fn visibility(record: &str) -> wire::MessageVisibility {
            record.parse().unwrap_or(wire::MessageVisibility::Public)
        }
    };
}

/// `agent` and `message` for documents with the REST shapes (the REST variant and the
/// agents' API): every agent field optional, `alias`, and a non-null message `body`.
macro_rules! rest_shaped_conversions {
    () => {
        pub(crate) fn agent(record: crate::store::AgentRecord) -> wire::Agent {
            wire::Agent {
                id: Some(record.id),
                user_type: Some(wire::AgentUserType::Agent),
                name: record.name,
                email: record.email,
                photo_url: record.photo_url,
                alias: record.alias,
            }
        }

        pub(crate) fn message(record: crate::store::MessageRecord) -> wire::Message {
            wire::Message {
                attachments: attachments(record.attachments),
                ..wire::Message::new(
                    record.id,
                    record.conversation_id,
                    wire::MessageMessageType::Comment,
                    // `body` is non-null here; an attachment-only message is sent with "".
                    record.body.unwrap_or_default(),
                    author(record.author),
                    visibility(&record.visibility),
                    crate::service::timestamp(&record.created_at),
                )
            }
        }
    };
}

pub(crate) use record_conversions;
pub(crate) use rest_shaped_conversions;
