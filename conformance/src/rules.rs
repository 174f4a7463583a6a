//! The conformance checks, each a variant of `CheckName`, with where its rule comes from
//! and what its failure breaks in Fin.
//!
//! A `contract` rule is Fin's published contract: the documents in `openapi/published/`
//! (copies of what Intercom publishes) and the rules the Fin docs state
//! (`../shared/fin-api/reference.md`: snake_case shapes, `object_id` on creates, handover by
//! `assignee_id: null`, attachments over https, never an empty message, the POST-only
//! envelope, a token refreshed on 401 or 403). A `recommended` rule is good practice or this
//! project's choice where the docs are silent (RFC 6750 headers, the error bodies of
//! `openapi/README.md`, 404 for unknown ids, 409 on a changed repeat): its failure is a
//! warning, and fails the run only with `--strict`.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Contract,
    Recommended,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Contract => "contract",
            Level::Recommended => "recommended",
        }
    }
}

/// One check's rule: its level, where it comes from, and what its failure breaks in Fin.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub level: Level,
    pub source: &'static str,
    pub in_fin: &'static str,
}

const DOCS: &str = "the published documents (openapi/published/)";
const FAQ_IDEMPOTENCY: &str = "Fin docs, FAQ: object_id on every create, for deduplication";
const OURS: &str = "openapi/README.md (the docs are silent)";

const fn contract(source: &'static str, in_fin: &'static str) -> Rule {
    Rule {
        level: Level::Contract,
        source,
        in_fin,
    }
}

const fn recommended(source: &'static str, in_fin: &'static str) -> Rule {
    Rule {
        level: Level::Recommended,
        source,
        in_fin,
    }
}

/// Declares [`CheckName`]: each check's variant and the name reports show (the
/// operation, and after a slash what of it is checked). A check the scenario runs is a
/// variant, so a misspelt name does not compile and every name has its rule.
macro_rules! check_names {
    ($($variant:ident => $name:literal,)*) => {
        /// A check of the conformance run.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CheckName {
            $($variant,)*
        }

        impl CheckName {
            /// Every check, in the order of the table.
            pub const ALL: &[CheckName] = &[$(CheckName::$variant,)*];

            /// The name reports show, `operation/aspect`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(CheckName::$variant => $name,)*
                }
            }
        }
    };
}

check_names! {
    OauthClientCredentialsBasic => "oauth/client_credentials_basic",
    OauthClientCredentialsBody => "oauth/client_credentials_body",
    OauthWrongSecret => "oauth/wrong_secret",
    GetAgents => "get_agents",
    CreateUser => "create_user",
    CreateUserIdempotent => "create_user/idempotent",
    CreateConversationIdempotent => "create_conversation/idempotent",
    CreateMessageIdempotent => "create_message/idempotent",
    CreateUserRepeatStatus => "create_user/repeat_status",
    CreateConversationRepeatStatus => "create_conversation/repeat_status",
    CreateMessageRepeatStatus => "create_message/repeat_status",
    CreateUserConflict => "create_user/conflict",
    CreateConversationConflict => "create_conversation/conflict",
    CreateMessageConflict => "create_message/conflict",
    GetUser => "get_user",
    UpdateUser => "update_user",
    UpdateUserMerge => "update_user/merge",
    GetUserAfterUpdate => "get_user/after_update",
    CreateConversation => "create_conversation",
    GetConversation => "get_conversation",
    CreateMessageFinReply => "create_message/fin_reply",
    CreateMessageEndUser => "create_message/end_user",
    GetMessages => "get_messages",
    GetMessagesOrder => "get_messages/order",
    GetMessagesAfterId => "get_messages/after_id",
    GetMessagesAfterIdOnlyLater => "get_messages/after_id_only_later",
    GetMessagesUnknownAfterId => "get_messages/unknown_after_id",
    UpdateConversation => "update_conversation",
    UpdateConversationHandover => "update_conversation/handover",
    GetConversationAfterHandover => "get_conversation/after_handover",
    UpdateConversationPartial => "update_conversation/partial",
    AuthNoToken => "auth/no_token",
    AuthInvalidToken => "auth/invalid_token",
    AuthWwwAuthenticate => "auth/www_authenticate",
    AuthWrongSignature => "auth/wrong_signature",
    AuthMissingSignature => "auth/missing_signature",
    CreateMessageEmpty => "create_message/empty",
    CreateMessageNullBody => "create_message/null_body",
    CreateMessageHttpAttachment => "create_message/http_attachment",
    GetUserUnknown => "get_user/unknown",
    UpdateUserUnknown => "update_user/unknown",
    GetConversationUnknown => "get_conversation/unknown",
    UpdateConversationUnknown => "update_conversation/unknown",
    GetMessagesUnknownConversation => "get_messages/unknown_conversation",
    CreateMessageUnknownConversation => "create_message/unknown_conversation",
    RequestsNullOptional => "requests/null_optional",
    ErrorAnswers => "error_answers",
    OtherAnswers => "other_answers",
}

impl std::fmt::Display for CheckName {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl CheckName {
    /// The check's rule: every check has one, the match says so.
    pub fn rule(self) -> Rule {
        match self {
            CheckName::OauthClientCredentialsBasic => contract(
                "Fin docs, authentication: OAuth 2.0 client credentials (RFC 6749 §4.4; servers must accept HTTP Basic, §2.3.1)",
                "Fin cannot get an access token from your token endpoint: none of its calls is authorised and no conversation syncs",
            ),
            CheckName::OauthClientCredentialsBody => recommended(
                "RFC 6749 §2.3.1 (credentials in the form body are allowed, not required)",
                "nothing if Fin sends HTTP Basic (the docs do not say which it sends); if it sends the form body, it gets no token",
            ),
            CheckName::OauthWrongSecret => recommended(
                "RFC 6749 §5.2",
                "nothing in Fin; but a token issued for a wrong secret lets anyone who knows the client id in",
            ),
            CheckName::GetAgents => contract(
                DOCS,
                "the admin cannot pick the agent that represents Fin at setup, so Fin's replies have no author",
            ),
            CheckName::CreateUser => contract(
                DOCS,
                "Fin cannot record a new Messenger user in your helpdesk, so it cannot open their conversation",
            ),
            CheckName::CreateUserIdempotent => contract(
                FAQ_IDEMPOTENCY,
                "Fin retries a failed sync up to five times, a minute apart: each retry creates the user again",
            ),
            CheckName::CreateConversationIdempotent => contract(
                FAQ_IDEMPOTENCY,
                "Fin retries a failed sync up to five times, a minute apart: each retry opens the conversation again, with its first message",
            ),
            CheckName::CreateMessageIdempotent => contract(
                FAQ_IDEMPOTENCY,
                "Fin retries a failed sync up to five times, a minute apart: each retry duplicates the messages it pushes",
            ),
            CheckName::CreateUserRepeatStatus
            | CheckName::CreateConversationRepeatStatus
            | CheckName::CreateMessageRepeatStatus => recommended(
                OURS,
                "nothing the docs describe; a client that tells a replay from a create by its status is misled",
            ),
            CheckName::CreateUserConflict
            | CheckName::CreateConversationConflict
            | CheckName::CreateMessageConflict => recommended(
                OURS,
                "nothing the docs describe (Fin never reuses an object_id for other content); the 409 shows a bug on either side instead of silently answering with the first object",
            ),
            CheckName::GetUser => contract(
                DOCS,
                "Fin's workflows and tasks read missing or stale user data during sync",
            ),
            CheckName::UpdateUser => contract(
                DOCS,
                "the attributes Fin writes (an email from the Email Collector, say) are not stored, so your helpdesk and Fin's workflows disagree",
            ),
            CheckName::UpdateUserMerge => recommended(
                OURS,
                "if Fin sends only the attributes that changed (the docs do not say it sends all), the others are lost",
            ),
            CheckName::GetUserAfterUpdate => {
                contract(DOCS, "Fin reads back other attributes than those it wrote")
            }
            CheckName::CreateConversation => contract(
                DOCS,
                "Fin posts \"Something went wrong, please try again later\" to the end user and ends the conversation",
            ),
            CheckName::GetConversation => contract(
                DOCS,
                "Fin cannot load the conversation, so the sync fails (retried up to five times, then listed under Error logs)",
            ),
            CheckName::CreateMessageFinReply => contract(
                DOCS,
                "Fin's answers do not reach your helpdesk: agents see the conversation without Fin's side",
            ),
            CheckName::CreateMessageEndUser => contract(
                DOCS,
                "the end user's Messenger messages do not reach your helpdesk",
            ),
            CheckName::GetMessages => contract(
                DOCS,
                "Fin misses messages written in your helpdesk: an agent's reply never reaches the end user",
            ),
            CheckName::GetMessagesOrder => recommended(
                OURS,
                "nothing the docs describe (they leave the order open); a reader that does not sort by created_at shows them out of order",
            ),
            CheckName::GetMessagesAfterId => contract(
                "published documents: with after_id the helpdesk may leave out the earlier messages, not the later ones",
                "Fin sends the last message it has seen: a later one left out is never imported, so an agent's reply never reaches the end user",
            ),
            CheckName::GetMessagesAfterIdOnlyLater => recommended(
                "published documents: returning only the later messages is an optimisation the helpdesk may make",
                "nothing: Fin ignores the messages it already has",
            ),
            CheckName::GetMessagesUnknownAfterId => recommended(
                OURS,
                "if the message Fin saw last was deleted, Fin misses every later one",
            ),
            CheckName::UpdateConversation => contract(
                DOCS,
                "what Fin derives at the end of a sync (title, tags, status, its assignment) is lost",
            ),
            CheckName::UpdateConversationHandover | CheckName::GetConversationAfterHandover => {
                contract(
                    "Fin docs: handover is update_conversation with assignee_id: null",
                    "Fin hands over by sending assignee_id: null; the conversation stays with Fin and no human picks it up",
                )
            }
            CheckName::UpdateConversationPartial => recommended(
                OURS,
                "if Fin leaves a field out of an update (the docs do not say it sends all), that field is erased",
            ),
            CheckName::AuthNoToken | CheckName::AuthInvalidToken => contract(
                "Fin docs, authentication: on any 401 or 403 Fin fetches a new token and retries once",
                "a bad or expired token answered otherwise than 401 or 403 is never refreshed: every sync fails (and a 2xx serves anyone without a token)",
            ),
            CheckName::AuthWwwAuthenticate => recommended(
                "RFC 6750 §3",
                "nothing in Fin (it refreshes on any 401 or 403); other OAuth clients look for the Bearer challenge",
            ),
            CheckName::AuthWrongSignature | CheckName::AuthMissingSignature => recommended(
                "Fin docs, FAQ: request verification (checking it is up to the helpdesk)",
                "nothing in Fin; but a forged or unsigned request is served, so the signature protects nothing",
            ),
            CheckName::CreateMessageEmpty | CheckName::CreateMessageNullBody => contract(
                "Fin docs, FAQ: a message is never empty (a body or at least one attachment)",
                "Fin never sends one; stored anyway, it shows as a blank message in the conversation Fin syncs",
            ),
            CheckName::CreateMessageHttpAttachment => contract(
                "published documents: attachment URLs are https",
                "an http attachment stored and synced back reaches the end user as a plain-text download",
            ),
            CheckName::GetUserUnknown
            | CheckName::UpdateUserUnknown
            | CheckName::GetConversationUnknown
            | CheckName::UpdateConversationUnknown
            | CheckName::GetMessagesUnknownConversation
            | CheckName::CreateMessageUnknownConversation => recommended(
                OURS,
                "nothing the docs describe (they list no 404); an unknown id answered 2xx makes Fin sync an object that does not exist",
            ),
            CheckName::RequestsNullOptional => recommended(
                "openapi/README.md: an explicit null for an optional request property is the property left out (the published documents do not mark these properties nullable, and clients in Ruby, Python and JavaScript send an unset one as null)",
                "a helpdesk that refuses it fails that call: Fin retries a failed sync 5 times, a minute apart, then drops it (its Error logs show it); the first sync of every conversation sends get_messages with after_id unset",
            ),
            CheckName::ErrorAnswers => recommended(
                OURS,
                "nothing in Fin (the docs give errors no body); people reading Fin's Error logs get no status or field to go on",
            ),
            CheckName::OtherAnswers => contract(
                DOCS,
                "Fin reads every answer by the documents; one it cannot read fails the sync",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CheckName;
    use std::collections::HashSet;

    #[test]
    fn every_check_has_its_own_name_and_a_rule_that_says_where_from_and_what_breaks() {
        let mut seen = HashSet::new();
        for check in CheckName::ALL {
            assert!(seen.insert(check.as_str()), "{check} named twice");
            let rule = check.rule();
            assert!(
                !rule.source.is_empty() && !rule.in_fin.is_empty(),
                "{check}"
            );
        }
    }
}
