//! HTTP plumbing shared by the commands: the server loop (with the raw-head recorder that keeps
//! header case and order) and, later, the client.

pub mod server;
pub mod tee;
