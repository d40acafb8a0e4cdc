//! HTTP plumbing shared by the commands: the server loop (with the raw-head recorder that keeps
//! header case and order) and the HTTP/1.1 client with its TLS set-up.

pub mod client;
pub mod curl;
pub mod deadline;
pub mod delivery;
pub mod h1;
pub mod replayer;
pub mod request;
pub mod runner;
pub mod server;
pub mod tls;
