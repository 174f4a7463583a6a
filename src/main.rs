//! The `fin-helpdesk` command line.
fn main() {}
