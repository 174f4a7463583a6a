//! Where each check's rule comes from and what its failure breaks in Fin.
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

/// The rule of the check `name`; `None` for a name this table does not know (a test
/// checks that every check the scenario runs has one).
pub fn rule(name: &str) -> Option<Rule> {
    let rule = match name {
        "oauth/client_credentials_basic" => contract(
            "Fin docs, authentication: OAuth 2.0 client credentials (RFC 6749 §4.4; servers must accept HTTP Basic, §2.3.1)",
            "Fin cannot get an access token from your token endpoint: none of its calls is authorised and no conversation syncs",
        ),
        "oauth/client_credentials_body" => recommended(
            "RFC 6749 §2.3.1 (credentials in the form body are allowed, not required)",
            "nothing if Fin sends HTTP Basic (the docs do not say which it sends); if it sends the form body, it gets no token",
        ),
        "oauth/wrong_secret" => recommended(
            "RFC 6749 §5.2",
            "nothing in Fin; but a token issued for a wrong secret lets anyone who knows the client id in",
        ),
        "get_agents" => contract(
            DOCS,
            "the admin cannot pick the agent that represents Fin at setup, so Fin's replies have no author",
        ),
        "create_user" => contract(
            DOCS,
            "Fin cannot record a new Messenger user in your helpdesk, so it cannot open their conversation",
        ),
        "create_user/idempotent" => contract(
            FAQ_IDEMPOTENCY,
            "Fin retries a failed sync up to five times, a minute apart: each retry creates the user again",
        ),
        "create_conversation/idempotent" => contract(
            FAQ_IDEMPOTENCY,
            "Fin retries a failed sync up to five times, a minute apart: each retry opens the conversation again, with its first message",
        ),
        "create_message/idempotent" => contract(
            FAQ_IDEMPOTENCY,
            "Fin retries a failed sync up to five times, a minute apart: each retry duplicates the messages it pushes",
        ),
        "create_user/repeat_status"
        | "create_conversation/repeat_status"
        | "create_message/repeat_status" => recommended(
            OURS,
            "nothing the docs describe; a client that tells a replay from a create by its status is misled",
        ),
        "create_user/conflict" | "create_conversation/conflict" | "create_message/conflict" => {
            recommended(
                OURS,
                "nothing the docs describe (Fin never reuses an object_id for other content); the 409 shows a bug on either side instead of silently answering with the first object",
            )
        }
        "get_user" => contract(
            DOCS,
            "Fin's workflows and tasks read missing or stale user data during sync",
        ),
        "update_user" => contract(
            DOCS,
            "the attributes Fin writes (an email from the Email Collector, say) are not stored, so your helpdesk and Fin's workflows disagree",
        ),
        "update_user/merge" => recommended(
            OURS,
            "if Fin sends only the attributes that changed (the docs do not say it sends all), the others are lost",
        ),
        "get_user/after_update" => {
            contract(DOCS, "Fin reads back other attributes than those it wrote")
        }
        "create_conversation" => contract(
            DOCS,
            "Fin posts \"Something went wrong, please try again later\" to the end user and ends the conversation",
        ),
        "get_conversation" => contract(
            DOCS,
            "Fin cannot load the conversation, so the sync fails (retried up to five times, then listed under Error logs)",
        ),
        "create_message/fin_reply" => contract(
            DOCS,
            "Fin's answers do not reach your helpdesk: agents see the conversation without Fin's side",
        ),
        "create_message/end_user" => contract(
            DOCS,
            "the end user's Messenger messages do not reach your helpdesk",
        ),
        "get_messages" => contract(
            DOCS,
            "Fin misses messages written in your helpdesk: an agent's reply never reaches the end user",
        ),
        "get_messages/order" => recommended(
            OURS,
            "nothing the docs describe (they leave the order open); a reader that does not sort by created_at shows them out of order",
        ),
        "get_messages/after_id" => contract(
            "published documents: with after_id the helpdesk may leave out the earlier messages, not the later ones",
            "Fin sends the last message it has seen: a later one left out is never imported, so an agent's reply never reaches the end user",
        ),
        "get_messages/after_id_only_later" => recommended(
            "published documents: returning only the later messages is an optimisation the helpdesk may make",
            "nothing: Fin ignores the messages it already has",
        ),
        "get_messages/unknown_after_id" => recommended(
            OURS,
            "if the message Fin saw last was deleted, Fin misses every later one",
        ),
        "update_conversation" => contract(
            DOCS,
            "what Fin derives at the end of a sync (title, tags, status, its assignment) is lost",
        ),
        "update_conversation/handover" | "get_conversation/after_handover" => contract(
            "Fin docs: handover is update_conversation with assignee_id: null",
            "Fin hands over by sending assignee_id: null; the conversation stays with Fin and no human picks it up",
        ),
        "update_conversation/partial" => recommended(
            OURS,
            "if Fin leaves a field out of an update (the docs do not say it sends all), that field is erased",
        ),
        "auth/no_token" | "auth/invalid_token" => contract(
            "Fin docs, authentication: on any 401 or 403 Fin fetches a new token and retries once",
            "a bad or expired token answered otherwise than 401 or 403 is never refreshed: every sync fails (and a 2xx serves anyone without a token)",
        ),
        "auth/www_authenticate" => recommended(
            "RFC 6750 §3",
            "nothing in Fin (it refreshes on any 401 or 403); other OAuth clients look for the Bearer challenge",
        ),
        "auth/wrong_signature" | "auth/missing_signature" => recommended(
            "Fin docs, FAQ: request verification (checking it is up to the helpdesk)",
            "nothing in Fin; but a forged or unsigned request is served, so the signature protects nothing",
        ),
        "create_message/empty" | "create_message/null_body" => contract(
            "Fin docs, FAQ: a message is never empty (a body or at least one attachment)",
            "Fin never sends one; stored anyway, it shows as a blank message in the conversation Fin syncs",
        ),
        "create_message/http_attachment" => contract(
            "published documents: attachment URLs are https",
            "an http attachment stored and synced back reaches the end user as a plain-text download",
        ),
        "get_user/unknown"
        | "update_user/unknown"
        | "get_conversation/unknown"
        | "update_conversation/unknown"
        | "get_messages/unknown_conversation"
        | "create_message/unknown_conversation" => recommended(
            OURS,
            "nothing the docs describe (they list no 404); an unknown id answered 2xx makes Fin sync an object that does not exist",
        ),
        "requests/null_optional" => recommended(
            "openapi/README.md: an explicit null for an optional request property is the property left out (the published documents do not mark these properties nullable, and clients in Ruby, Python and JavaScript send an unset one as null)",
            "a helpdesk that refuses it fails that call: Fin retries a failed sync 5 times, a minute apart, then drops it (its Error logs show it); the first sync of every conversation sends get_messages with after_id unset",
        ),
        "error_answers" => recommended(
            OURS,
            "nothing in Fin (the docs give errors no body); people reading Fin's Error logs get no status or field to go on",
        ),
        "other_answers" => contract(
            DOCS,
            "Fin reads every answer by the documents; one it cannot read fails the sync",
        ),
        _ => return None,
    };
    Some(rule)
}
