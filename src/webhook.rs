//! Fin's webhook bodies (`POST …/custom_helpdesk_conversation_event/{integration_id}`),
//! built here and nowhere else, from the generated request type: the store queues a sync
//! body with a change, the service a typing one, and the outbox sends whichever is queued.

use crate::api::rest::{
    TypingAgent, TypingAgentUserType, WebhookConversationEventRequest,
    WebhookConversationEventRequestEventType, WebhookEventData,
};
use crate::tristate::Tristate;
use serde_json::Value;

/// The agent a typing indicator shows, as the store keeps it.
#[derive(Debug, Clone, Copy)]
pub struct Typist<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub alias: Option<&'a str>,
    pub email: Option<&'a str>,
}

/// The body of a sync event: Fin pulls the conversation when it receives it.
pub fn sync_payload(conversation_id: &str) -> Value {
    body(WebhookConversationEventRequest {
        conversation_id: conversation_id.to_string(),
        event_type: Tristate::Absent,
        data: None,
    })
}

/// The body of a typing event for `agent`; Fin requires all four agent fields.
pub fn typing_payload(conversation_id: &str, agent: Typist<'_>) -> Value {
    body(WebhookConversationEventRequest {
        conversation_id: conversation_id.to_string(),
        event_type: Tristate::Value(WebhookConversationEventRequestEventType::AgentTyping),
        data: Some(WebhookEventData {
            agent: Some(TypingAgent {
                id: agent.id.to_string(),
                user_type: TypingAgentUserType::Agent,
                // Fin requires a name and an email; an agent created without them is
                // shown by its alias or id rather than not at all.
                name: agent.name.or(agent.alias).unwrap_or(agent.id).to_string(),
                email: agent.email.unwrap_or_default().to_string(),
            }),
        }),
    })
}

fn body(request: WebhookConversationEventRequest) -> Value {
    // Strings and enums only: serialising cannot fail; stay total anyway.
    serde_json::to_value(&request).unwrap_or_else(|_| serde_json::json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sync_and_typing_bodies_are_what_fin_expects() {
        assert_eq!(sync_payload("c1"), json!({"conversation_id": "c1"}));
        let agent = Typist {
            id: "a1",
            name: None,
            alias: Some("Ann"),
            email: None,
        };
        assert_eq!(
            typing_payload("c1", agent),
            json!({
                "conversation_id": "c1",
                "event_type": "agent_typing",
                "data": {"agent": {"id": "a1", "user_type": "agent", "name": "Ann", "email": ""}},
            })
        );
    }
}
