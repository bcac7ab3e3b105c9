// AUTH_MODE=proxy: the person named by a reverse proxy's headers (oauth2-proxy's X-Forwarded-User/-Email/
// -Groups), believed only when the TCP peer that server.ts recorded is one of AUTH_TRUSTED_PROXIES.

import type { AuthConfig } from "../config";
import { PEER_HEADER } from "../server/peer-header";
import { hasControlCharacters } from "../server/text";
import type { Actor } from "./actor";
import { isTrustedPeer } from "./peer-address";
import { roleFromGroups } from "./role-mapping";

const MAX_NAME = 200;

function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers.get(name)?.trim();
  if (value === undefined || value === "" || value.length > MAX_NAME || hasControlCharacters(value)) {
    return undefined;
  }
  return value;
}

/** The proxy's user, or null when the peer is not a trusted proxy or it named nobody. */
export function proxyActor(headers: Headers, auth: AuthConfig): Actor | null {
  // No peer header means the app was not started through server.ts: nothing proves who sent the headers.
  if (!isTrustedPeer(headers.get(PEER_HEADER), auth.trustedProxies)) return null;
  const user = headerValue(headers, auth.proxyUserHeader);
  const email = headerValue(headers, auth.proxyEmailHeader);
  const id = user ?? email;
  if (id === undefined) return null;
  return {
    id,
    name: email ?? user ?? id,
    role: roleFromGroups(headers.get(auth.proxyGroupsHeader) ?? "", auth),
    via: "proxy",
  };
}
