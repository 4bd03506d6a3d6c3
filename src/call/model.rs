//! Call types shared by the server and the browser.

use serde::{Deserialize, Serialize};

/// One STUN or TURN server as `RTCIceServer` wants it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IceServer {
    pub urls: Vec<String>,
    pub username: Option<String>,
    pub credential: Option<String>,
}

/// With no servers, the browsers use host candidates (one network, and the tests).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CallConfig {
    pub ice_servers: Vec<IceServer>,
}
