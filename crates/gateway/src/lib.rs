//! switchyard-gateway: the second door into `switchyard_core::Core`, an HTTP server bound to loopback.
//! This crate so far only fixes where the gateway listens; the endpoints are the gateway issue's work.

use std::net::{Ipv4Addr, SocketAddr};

/// The port the gateway listens on unless the user picks another.
pub const DEFAULT_PORT: u16 = 8765;

/// The gateway only ever binds to loopback: other machines must not reach a user's provider keys.
pub fn listen_addr(port: Option<u16>) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port.unwrap_or(DEFAULT_PORT)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_to_loopback_on_the_default_or_chosen_port() {
        assert!(listen_addr(None).ip().is_loopback());
        assert_eq!(listen_addr(None).port(), DEFAULT_PORT);
        assert_eq!(listen_addr(Some(9000)).port(), 9000);
    }
}
