//! fin-helpdesk's integration tests, in one binary to save link time.

mod common;
mod contract;
mod drift;
