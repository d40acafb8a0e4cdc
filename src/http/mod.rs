//! HTTP plumbing shared by the commands: the listening side (the accept loop, the hand-written
//! HTTP/1 server that keeps each head as received, hyper for HTTP/2, the header deadline) and
//! the HTTP/1.1 client with its TLS set-up, delivery, replay and curl lines.

pub mod arrival;
pub mod body;
pub mod client;
pub mod connect;
pub mod curl;
pub mod deadline;
pub mod delivery;
pub mod h1;
pub mod h2_client;
pub mod header_ops;
pub mod message;
pub mod proxy;
pub mod redirect;
pub mod replayer;
pub mod request;
pub mod runner;
pub mod server;
pub mod status;
pub mod target;
pub mod tls;
pub mod wire;
