// The request header that carries the TCP peer address: set by server.ts, read by sign-in and limits.

/**
 * The header server.ts sets from the TCP peer (req.socket.remoteAddress) after deleting any copy a
 * client sent; Next's own x-forwarded-for is kept when a client supplies it, so it cannot be trusted.
 */
export const PEER_HEADER = "x-runbook-peer";
