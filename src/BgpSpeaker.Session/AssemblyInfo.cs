// The session layer: a pure FSM and capability negotiation (no sockets here; the connection loop lives at the edge).
