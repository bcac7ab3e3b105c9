// A cap on audit records for denials nobody signed in for: each one writes to the audit store, so an
// unauthenticated flood would otherwise grow it without bound. Per TCP peer (server.ts's x-runbook-peer),
// per process, per minute; what goes over the cap is still denied, only not recorded one by one — the
// log says how many were left out.
import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { logInfo } from "../log";
import { PEER_HEADER } from "../server/peer-header";

/** Anonymous denial records kept per peer per minute. */
export const ANONYMOUS_DENIALS_PER_MINUTE = 30;

const limiter = new RateLimiterMemory({
  keyPrefix: "anonymous-denials",
  points: ANONYMOUS_DENIALS_PER_MINUTE,
  duration: 60,
});
const suppressed = new Map<string, number>();

/** Whether this anonymous denial gets its own audit record; counts (and later logs) the ones that do not. */
export async function recordAnonymousDenial(headers: Headers): Promise<boolean> {
  const peer = headers.get(PEER_HEADER) ?? "unknown peer";
  try {
    await limiter.consume(peer);
    const left = suppressed.get(peer);
    if (left !== undefined) {
      suppressed.delete(peer);
      logInfo(`audit: ${left} more denials without a session from ${peer} were not recorded one by one`);
    }
    return true;
  } catch {
    suppressed.set(peer, (suppressed.get(peer) ?? 0) + 1);
    return false;
  }
}
