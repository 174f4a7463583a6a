//! fin-helpdesk: a helpdesk backend for Intercom's Fin Custom Helpdesk API.
pub mod store;
