//! The inbox's HTML, rendered on the server: pages, the fragments the page's script swaps
//! in on live updates, and the sanitising of message bodies (with `ammonia`) to the tags
//! Fin allows. Every text from the database goes through [`text`] or [`sanitise_message`].
//! No remote image loads by itself (a remote server would learn when an agent reads a
//! message): message images and image attachments become links the agent may click,
//! avatars are initials, and the page's CSP allows images from the inbox only.

use crate::store::{
    AgentRecord, AttachmentRecord, AuthorRecord, ConversationRecord, ConversationStatus,
    MessageRecord, MessageVisibility,
};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// The tags Fin allows in a message body (its Custom Helpdesk documentation).
const MESSAGE_TAGS: [&str; 11] = [
    "p", "h1", "h2", "b", "i", "a", "img", "br", "code", "ul", "ol",
];
/// How many words of the last message a list row shows.
const SNIPPET_WORDS: usize = 16;

/// What a path segment may hold unescaped (RFC 3986's unreserved characters).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `value` escaped for one segment of a URL path.
pub fn path_segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// `value` escaped for HTML text and quoted attribute values.
pub fn text(value: &str) -> String {
    ammonia::clean_text(value)
}

/// A message body as Fin sent it, reduced to the tags Fin allows: no scripts, no event
/// handlers, no `style`, links only to absolute http(s) URLs, and images as links to them.
pub fn sanitise_message(html: &str) -> String {
    images_as_links(&sanitised_html(html))
}

fn sanitised_html(html: &str) -> String {
    ammonia::Builder::default()
        .tags(HashSet::from(MESSAGE_TAGS))
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href", "title"])),
            ("img", HashSet::from(["src", "alt", "title"])),
        ]))
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
}

/// Each `<img>` of sanitised HTML as a link to its image, labelled with its `alt`.
/// ammonia offers no hook to replace an element, so its output is rewritten: html5ever
/// serialises every attribute as `name="value"` (its `&`, `"`, `<`, `>` and U+00A0 as
/// entities) and every `<` of text as `&lt;`, so each `<img` there starts a tag, and a tag
/// ends at the first `>` outside quotes.
fn images_as_links(sanitised: &str) -> String {
    let mut out = String::with_capacity(sanitised.len());
    let mut rest = sanitised;
    while let Some(start) = rest.find("<img") {
        out.push_str(&rest[..start]);
        let (attributes, after) = tag_attributes(&rest[start + "<img".len()..]);
        let attribute = |name: &str| {
            attributes
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| unescape_attribute(value))
        };
        let label = match attribute("alt").filter(|alt| !alt.trim().is_empty()) {
            Some(alt) => format!("Image: {}", text(&alt)),
            None => "Image".to_string(),
        };
        // Without a web `src` (ammonia dropped a relative or scripted one) nothing shows.
        if let Some(src) = attribute("src").filter(|src| web_url(src)) {
            out.push_str(&format!(
                "<a class=\"remote-image\" href=\"{}\" rel=\"noopener noreferrer nofollow\" \
                 target=\"_blank\" title=\"Opens the image from another site\">{label}</a>",
                text(&src)
            ));
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A serialised tag's `name="value"` pairs up to its `>`, and what follows it.
fn tag_attributes(tag: &str) -> (Vec<(&str, &str)>, &str) {
    let mut attributes = Vec::new();
    let mut rest = tag;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix('>') {
            return (attributes, after);
        }
        let Some((name, value_and_more)) = rest.split_once("=\"") else {
            // Not html5ever's output: drop the remainder rather than guess.
            return (attributes, "");
        };
        let Some((value, more)) = value_and_more.split_once('"') else {
            return (attributes, "");
        };
        attributes.push((name.trim(), value));
        rest = more;
    }
}

/// An attribute value as html5ever escaped it, back to its text.
fn unescape_attribute(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The first words of a message body, as escaped text without markup.
pub fn snippet(html: &str) -> String {
    let plain = ammonia::Builder::empty()
        .clean_content_tags(HashSet::from(["script", "style"]))
        .clean(html)
        .to_string();
    // The cleaned text is already escaped; entities hold no whitespace, so cutting at
    // whitespace never splits one.
    let mut words = plain.split_whitespace();
    let mut shown: Vec<&str> = words.by_ref().take(SNIPPET_WORDS).collect();
    if words.next().is_some() {
        shown.push("…");
    }
    shown.join(" ")
}

/// What an agent typed, as a message body: paragraphs at blank lines, line breaks kept,
/// everything else text (an agent cannot inject markup into the end user's messenger).
pub fn plain_text_to_html(typed: &str) -> String {
    let normalised = typed.replace("\r\n", "\n");
    normalised
        .split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| {
            let lines: Vec<String> = paragraph.lines().map(text).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

/// How long ago `then` was, shortly: `now`, `5 min`, `3 h`, `2 d`.
pub fn age(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds().max(0);
    match secs {
        0..60 => "now".into(),
        60..3600 => format!("{} min", secs / 60),
        3600..86400 => format!("{} h", secs / 3600),
        _ => format!("{} d", secs / 86400),
    }
}

fn time(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    format!(
        "<time datetime=\"{}\" title=\"{}\">{}</time>",
        then.to_rfc3339(),
        then.format("%Y-%m-%d %H:%M UTC"),
        age(now, then)
    )
}

/// Everything a page needs besides its content.
pub struct Frame<'a> {
    pub title: &'a str,
    /// The signed-in agent and the session's CSRF token; `None` on the sign-in page.
    pub agent: Option<(&'a AgentRecord, &'a str)>,
}

/// A whole page around `main`.
pub fn page(frame: &Frame<'_>, main: &str) -> String {
    let (csrf_meta, header) = match frame.agent {
        Some((agent, csrf)) => (
            format!("<meta name=\"csrf-token\" content=\"{}\">", text(csrf)),
            format!(
                "<header class=\"top\"><a class=\"brand\" href=\"/inbox\">Inbox</a>\
                 <span class=\"who\">Signed in as {}</span>\
                 <form method=\"post\" action=\"/inbox/sign-out\">{}\
                 <button type=\"submit\">Sign out</button></form></header>",
                text(&agent_name(agent)),
                csrf_field(csrf)
            ),
        ),
        None => (
            String::new(),
            "<header class=\"top\"><span class=\"brand\">Inbox</span></header>".into(),
        ),
    };
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · fin-helpdesk</title>{csrf_meta}\
         <link rel=\"stylesheet\" href=\"/inbox/assets/inbox.css\">\
         <script src=\"/inbox/assets/inbox.js\" defer></script></head>\
         <body><a class=\"skip\" href=\"#main\">Skip to content</a>{header}\
         <main id=\"main\" tabindex=\"-1\">{main}</main></body></html>\n",
        text(frame.title)
    )
}

fn csrf_field(csrf: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        text(csrf)
    )
}

/// The sign-in form; `problem` says why the last attempt failed.
pub fn sign_in(csrf: &str, problem: Option<&str>) -> String {
    let problem = problem
        .map(|problem| format!("<p class=\"problem\" role=\"alert\">{}</p>", text(problem)))
        .unwrap_or_default();
    page(
        &Frame {
            title: "Sign in",
            agent: None,
        },
        &format!(
            "<h1>Sign in</h1>{problem}\
             <form class=\"sign-in\" method=\"post\" action=\"/inbox/sign-in\">{}\
             <label for=\"token\">Agent token</label>\
             <input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required \
             aria-describedby=\"token-help\">\
             <p id=\"token-help\" class=\"help\">Your administrator prints one with \
             <code>fin-helpdesk agents token AGENT_ID</code>.</p>\
             <button type=\"submit\">Sign in</button></form>",
            csrf_field(csrf)
        ),
    )
}

/// An error page: what went wrong, and the way back.
pub fn error(frame: &Frame<'_>, message: &str) -> String {
    page(
        frame,
        &format!(
            "<h1>{}</h1><p role=\"alert\">{}</p><p><a href=\"/inbox\">Back to the inbox</a></p>",
            text(frame.title),
            text(message)
        ),
    )
}

/// Where a conversation sorts in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Fin handed it over and nobody took it yet.
    HandedOver,
    Mine,
    Others,
}

impl Group {
    pub fn of(conversation: &ConversationRecord, me: &str) -> Group {
        match &conversation.assignee {
            None => Group::HandedOver,
            Some(agent) if agent.id == me => Group::Mine,
            Some(_) => Group::Others,
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Group::HandedOver => "Handed over",
            Group::Mine => "Assigned to me",
            Group::Others => "Everyone else’s",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Group::HandedOver => "handed-over",
            Group::Mine => "mine",
            Group::Others => "others",
        }
    }
}

/// One row of the list: a conversation and its last message.
pub struct Row {
    pub conversation: ConversationRecord,
    pub last: Option<MessageRecord>,
}

/// The list's filters as chosen.
pub struct Filters<'a> {
    /// `open`, `resolved`, `closed`, `ended`, or empty for any.
    pub status: &'a str,
    /// `unassigned`, `me`, an agent id, or empty for anyone.
    pub assignee: &'a str,
    pub agents: &'a [AgentRecord],
}

impl Filters<'_> {
    /// The filters as a query string, for the live update to fetch the same list.
    pub fn query(&self) -> String {
        serde_urlencoded::to_string([("status", self.status), ("assignee", self.assignee)])
            .unwrap_or_default()
    }
}

/// The list page: filters, then the rows grouped.
pub fn list_page(frame: &Frame<'_>, filters: &Filters<'_>, list: &str, since: &str) -> String {
    let option = |value: &str, label: &str, chosen: &str| {
        let selected = if value == chosen { " selected" } else { "" };
        format!(
            "<option value=\"{}\"{selected}>{}</option>",
            text(value),
            text(label)
        )
    };
    let statuses: String = [
        ("", "Any status"),
        ("open", "Open"),
        ("resolved", "Resolved"),
        ("closed", "Closed"),
        ("ended", "Ended"),
    ]
    .iter()
    .map(|(value, label)| option(value, label, filters.status))
    .collect();
    let mut assignees: String = [
        ("", "Anyone"),
        ("unassigned", "Handed over (unassigned)"),
        ("me", "Me"),
    ]
    .iter()
    .map(|(value, label)| option(value, label, filters.assignee))
    .collect();
    for agent in filters.agents {
        assignees.push_str(&option(&agent.id, &agent_name(agent), filters.assignee));
    }
    page(
        frame,
        &format!(
            "<h1>Conversations</h1>\
             <form class=\"filters\" method=\"get\" action=\"/inbox\" role=\"search\" \
             aria-label=\"Filter conversations\">\
             <label for=\"status\">Status</label><select id=\"status\" name=\"status\">{statuses}</select>\
             <label for=\"assignee\">Assignee</label><select id=\"assignee\" name=\"assignee\">{assignees}</select>\
             <button type=\"submit\">Filter</button></form>\
             <p id=\"live-status\" class=\"visually-hidden\" role=\"status\" aria-live=\"polite\"></p>\
             <div id=\"conversation-list\" data-src=\"/inbox/list?{}\" data-since=\"{}\">{list}</div>",
            text(&filters.query()),
            text(since)
        ),
    )
}

/// The grouped rows, as swapped in by live updates.
pub fn list(rows: &[Row], me: &str, now: DateTime<Utc>) -> String {
    if rows.is_empty() {
        return "<p class=\"empty\">No conversations match.</p>".into();
    }
    let mut html = String::new();
    for group in [Group::HandedOver, Group::Mine, Group::Others] {
        let in_group: Vec<&Row> = rows
            .iter()
            .filter(|row| Group::of(&row.conversation, me) == group)
            .collect();
        if in_group.is_empty() {
            continue;
        }
        let heading_id = format!("group-{}", group.class());
        html.push_str(&format!(
            "<section class=\"group {}\" aria-labelledby=\"{heading_id}\">\
             <h2 id=\"{heading_id}\">{} <span class=\"count\">({})</span></h2><ul class=\"rows\">",
            group.class(),
            group.heading(),
            in_group.len()
        ));
        for row in in_group {
            html.push_str(&list_row(row, now));
        }
        html.push_str("</ul></section>");
    }
    html
}

fn list_row(row: &Row, now: DateTime<Utc>) -> String {
    let conversation = &row.conversation;
    let (words, at) = match &row.last {
        Some(message) => {
            let who = match &message.author {
                AuthorRecord::EndUser(_) => String::new(),
                AuthorRecord::Agent(agent) => format!("{}: ", text(&agent_name(agent))),
            };
            let note = if message.visibility == MessageVisibility::Private {
                "(note) "
            } else {
                ""
            };
            (
                format!(
                    "{note}{who}{}",
                    snippet(message.body.as_deref().unwrap_or(""))
                ),
                message.created_at,
            )
        }
        None => (String::new(), conversation.updated_at),
    };
    let assignee = match &conversation.assignee {
        Some(agent) => text(&agent_name(agent)),
        None => "Unassigned".into(),
    };
    format!(
        "<li class=\"row\" data-conversation=\"{id}\"><a href=\"/inbox/conversations/{segment}\">\
         <span class=\"line\"><span class=\"user\">{user}</span>{time}</span>\
         <span class=\"title\">{title}</span>\
         <span class=\"snippet\">{words}</span>\
         <span class=\"meta\"><span class=\"status status-{status_class}\">{status}</span> \
         <span class=\"assignee\">{assignee}</span></span></a></li>",
        id = text(&conversation.id),
        segment = text(&path_segment(&conversation.id)),
        user = text(&user_name(&conversation.user)),
        time = time(now, at),
        title = text(conversation.title.as_deref().unwrap_or("(no title)")),
        status_class = css_word(conversation.status.as_str()),
        status = text(conversation.status.as_str()),
    )
}

/// A value reduced to a CSS class word.
fn css_word(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

fn user_name(user: &crate::store::UserRecord) -> String {
    user.name
        .clone()
        .or_else(|| user.email.clone())
        .unwrap_or_else(|| user.id.clone())
}

fn agent_name(agent: &AgentRecord) -> String {
    agent.name.clone().unwrap_or_else(|| agent.id.clone())
}

/// The conversation page: header, actions, messages, and the compose form.
pub fn conversation_page(
    frame: &Frame<'_>,
    conversation: &ConversationRecord,
    messages: &str,
    me: &str,
    since: &str,
    object_id: &str,
) -> String {
    let csrf = frame.agent.map(|(_, csrf)| csrf).unwrap_or("");
    let id = text(&conversation.id);
    let segment = text(&path_segment(&conversation.id));
    let action = |path: &str, name: &str, value: &str, label: &str| {
        format!(
            "<form method=\"post\" action=\"/inbox/conversations/{segment}/{path}\">{}\
             <input type=\"hidden\" name=\"{name}\" value=\"{value}\">\
             <button type=\"submit\">{label}</button></form>",
            csrf_field(csrf)
        )
    };
    let mut actions = String::new();
    match &conversation.assignee {
        Some(agent) if agent.id == me => {
            actions.push_str(&action("assignee", "to", "nobody", "Unassign"));
        }
        Some(_) => {
            actions.push_str(&action("assignee", "to", "me", "Assign to me"));
            actions.push_str(&action("assignee", "to", "nobody", "Unassign"));
        }
        None => actions.push_str(&action("assignee", "to", "me", "Assign to me")),
    }
    if conversation.status == ConversationStatus::Open {
        actions.push_str(&action("status", "status", "resolved", "Resolve"));
        actions.push_str(&action("status", "status", "closed", "Close"));
    } else {
        actions.push_str(&action("status", "status", "open", "Reopen"));
    }
    let assignee = match &conversation.assignee {
        Some(agent) => format!("assigned to {}", text(&agent_name(agent))),
        None => "handed over, unassigned".into(),
    };
    page(
        frame,
        &format!(
            "<p class=\"back\"><a href=\"/inbox\">← All conversations</a></p>\
             <h1>{title}</h1>\
             <p class=\"about\"><span class=\"user\">{user}</span> · \
             <span class=\"status status-{status_class}\">{status}</span> · \
             <span class=\"assignee\">{assignee}</span></p>\
             <section class=\"actions\" aria-label=\"Conversation actions\">{actions}</section>\
             <p id=\"live-status\" class=\"visually-hidden\" role=\"status\" aria-live=\"polite\"></p>\
             <section aria-label=\"Messages\"><ol id=\"messages\" class=\"messages\" \
             data-conversation=\"{id}\" data-src=\"/inbox/conversations/{segment}/messages\" \
             data-since=\"{since}\">{messages}</ol></section>\
             <form class=\"compose\" method=\"post\" action=\"/inbox/conversations/{segment}/messages\">\
             {csrf}<input type=\"hidden\" name=\"object_id\" value=\"{object_id}\">\
             <label for=\"reply-body\">Your message</label>\
             <textarea id=\"reply-body\" name=\"body\" rows=\"4\" required \
             data-typing-url=\"/inbox/conversations/{segment}/typing\" \
             aria-describedby=\"compose-help\"></textarea>\
             <p id=\"compose-help\" class=\"help\">A reply goes to the end user; \
             a private note is seen by agents only.</p>\
             <div class=\"buttons\"><button type=\"submit\" name=\"kind\" value=\"reply\">Send reply</button>\
             <button type=\"submit\" name=\"kind\" value=\"note\" class=\"secondary\">Add private note</button></div>\
             </form>",
            title = text(conversation.title.as_deref().unwrap_or("(no title)")),
            user = text(&user_name(&conversation.user)),
            status_class = css_word(conversation.status.as_str()),
            status = text(conversation.status.as_str()),
            since = text(since),
            csrf = csrf_field(csrf),
            object_id = text(object_id),
        ),
    )
}

/// The messages, oldest first, as swapped in by live updates.
pub fn messages(messages: &[MessageRecord], now: DateTime<Utc>) -> String {
    if messages.is_empty() {
        return "<li class=\"empty\">No messages yet.</li>".into();
    }
    messages
        .iter()
        .map(|message| message_item(message, now))
        .collect()
}

fn message_item(message: &MessageRecord, now: DateTime<Utc>) -> String {
    let (name, side) = match &message.author {
        AuthorRecord::EndUser(user) => (user_name(user), "from-user"),
        AuthorRecord::Agent(agent) => (agent_name(agent), "from-agent"),
    };
    let private = message.visibility == MessageVisibility::Private;
    let (kind_class, label) = if private {
        (" note", "<span class=\"label\">Private note</span>")
    } else {
        ("", "")
    };
    let attachments = if message.attachments.is_empty() {
        String::new()
    } else {
        format!(
            "<ul class=\"attachments\" aria-label=\"Attachments\">{}</ul>",
            message
                .attachments
                .iter()
                .map(attachment)
                .collect::<String>()
        )
    };
    format!(
        "<li class=\"message {side}{kind_class}\" id=\"message-{id}\">{avatar}\
         <div class=\"bubble\"><p class=\"byline\"><span class=\"author\">{name}</span> {label}{time}</p>\
         <div class=\"body\">{body}</div>{attachments}</div></li>",
        id = text(&message.id),
        avatar = avatar(&name),
        name = text(&name),
        time = time(now, message.created_at),
        body = sanitise_message(message.body.as_deref().unwrap_or("")),
    )
}

/// Only absolute http(s) URLs become links or images.
fn web_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|url| matches!(url.scheme(), "http" | "https"))
}

/// Initials: a photo would be a remote image loaded as the agent reads.
fn avatar(name: &str) -> String {
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .collect();
    format!(
        "<span class=\"avatar\" aria-hidden=\"true\">{}</span>",
        text(&initials.to_uppercase())
    )
}

fn attachment(attachment: &AttachmentRecord) -> String {
    let name = attachment.filename.clone().unwrap_or_else(|| {
        attachment
            .url
            .rsplit('/')
            .next()
            .unwrap_or("file")
            .to_string()
    });
    if !web_url(&attachment.url) {
        return format!("<li>{}</li>", text(&name));
    }
    let image = attachment
        .filetype
        .as_deref()
        .is_some_and(|filetype| filetype.starts_with("image/"));
    if image {
        format!(
            "<li><a class=\"remote-image\" href=\"{}\" rel=\"noopener noreferrer nofollow\" \
             target=\"_blank\" title=\"Opens the image from another site\">Image: {}</a></li>",
            text(&attachment.url),
            text(&name)
        )
    } else {
        format!(
            "<li><a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a></li>",
            text(&attachment.url),
            text(&name)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_foreign_tags_are_removed_from_messages() {
        let clean = sanitise_message(
            "<p onclick=\"x()\">Hi <b>there</b></p><script>alert(1)</script>\
             <img src=x onerror=alert(1)><img src=\"https://example.com/a.png\" onerror=\"y()\">\
             <a href=\"javascript:alert(1)\">j</a><a href=\"https://example.com\">ok</a>\
             <div style=\"color:red\">d</div><h3>h</h3><code>c</code>",
        );
        assert!(!clean.contains("script"), "{clean}");
        assert!(!clean.contains("onerror"), "{clean}");
        assert!(!clean.contains("onclick"), "{clean}");
        assert!(!clean.contains("javascript"), "{clean}");
        assert!(!clean.contains("style"), "{clean}");
        assert!(!clean.contains("<div"), "{clean}");
        assert!(!clean.contains("<h3"), "{clean}");
        assert!(clean.contains("<p>Hi <b>there</b></p>"), "{clean}");
        assert!(!clean.contains("<img"), "{clean}");
        assert!(
            clean.contains(
                "<a class=\"remote-image\" href=\"https:&#47;&#47;example.com&#47;a.png\""
            ),
            "{clean}"
        );
        assert!(clean.contains("<code>c</code>"), "{clean}");
        assert!(
            clean.contains(
                "<a href=\"https://example.com\" rel=\"noopener noreferrer nofollow\">ok</a>"
            ),
            "{clean}"
        );
        // A relative `src` goes too (it would fetch from the inbox itself).
        assert!(!clean.contains("src=\"x\""), "{clean}");
    }

    #[test]
    fn text_is_escaped() {
        assert!(!text("<b>\"x\"</b> & 'y'").contains(['<', '>', '"', '\'']));
    }

    #[test]
    fn snippets_are_the_first_words_without_markup() {
        assert_eq!(
            snippet("<p>Hello <b>you</b></p><script>bad()</script>"),
            "Hello you"
        );
        let long = "<p>one two three four five six seven eight nine ten eleven twelve \
                    thirteen fourteen fifteen sixteen seventeen</p>";
        assert!(snippet(long).ends_with("sixteen …"));
        assert_eq!(snippet("a &lt;b&gt; c"), "a &lt;b&gt; c");
    }

    #[test]
    fn typed_text_becomes_escaped_paragraphs() {
        assert_eq!(
            plain_text_to_html("Hello <b>\r\nsecond line\n\n\nnext"),
            "<p>Hello&#32;&lt;b&gt;<br>second&#32;line</p><p>next</p>"
        );
        assert_eq!(plain_text_to_html(" \n\n "), "");
    }

    #[test]
    fn files_are_linked_images_included_and_only_web_urls_followed() {
        let file = |url: &str, filetype: Option<&str>, filename: Option<&str>| AttachmentRecord {
            url: url.into(),
            filetype: filetype.map(Into::into),
            filename: filename.map(Into::into),
        };
        let image = attachment(&file(
            "https://cdn.example.com/receipt.png",
            Some("image/png"),
            Some("receipt.png"),
        ));
        assert!(
            image.contains(
                "<a class=\"remote-image\" href=\"https:&#47;&#47;cdn.example.com&#47;receipt.png\""
            ) && image.contains(">Image: receipt.png</a>")
                && !image.contains("<img"),
            "{image}"
        );
        let pdf = attachment(&file(
            "https://cdn.example.com/a/invoice.pdf",
            Some("application/pdf"),
            None,
        ));
        assert!(
            pdf.contains("<a href=") && pdf.contains(">invoice.pdf</a>") && !pdf.contains("<img"),
            "{pdf}"
        );
        let script = attachment(&file(
            "javascript:alert(1)",
            Some("image/png"),
            Some("x\"><b>"),
        ));
        assert!(
            !script.contains("javascript") && !script.contains("<b>"),
            "{script}"
        );
    }

    #[test]
    fn avatars_are_initials() {
        let initials = avatar("Dana Reyes");
        assert!(
            initials.contains(">DR</span>") && initials.contains("aria-hidden"),
            "{initials}"
        );
        assert!(avatar("<b>").contains("&lt;"));
    }

    #[test]
    fn message_images_become_links_the_agent_may_click_and_load_nothing() {
        let clean = sanitise_message(
            "<p>See <img src=\"https://tracker.example/p.gif?u=1&amp;m=2\" \
             alt='a \"quoted\" <b>&amp; x'></p><img alt=\"no source\"><p>after</p>",
        );
        assert!(!clean.contains("<img"), "{clean}");
        assert!(
            clean
                .contains("href=\"https:&#47;&#47;tracker.example&#47;p.gif?u&#61;1&amp;m&#61;2\""),
            "{clean}"
        );
        assert!(
            clean.contains(">Image: a&#32;&quot;quoted&quot;&#32;&lt;b&gt;&amp;&#32;x</a>"),
            "the alt text is the label, escaped: {clean}"
        );
        assert!(!clean.contains("no source"), "{clean}");
        assert!(
            clean.starts_with("<p>See ") && clean.ends_with("<p>after</p>"),
            "{clean}"
        );
    }

    #[test]
    fn ages_are_short() {
        let now = Utc::now();
        assert_eq!(age(now, now), "now");
        assert_eq!(age(now, now - chrono::Duration::minutes(5)), "5 min");
        assert_eq!(age(now, now - chrono::Duration::hours(3)), "3 h");
        assert_eq!(age(now, now - chrono::Duration::days(2)), "2 d");
        assert_eq!(age(now, now + chrono::Duration::minutes(5)), "now");
    }
}
