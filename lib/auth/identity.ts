// Resolves the person behind a request from its headers, according to AUTH_MODE: a better-auth session
// (local accounts, OIDC), a trusted reverse proxy's headers, or the loopback-only local admin.
import "server-only";
import { cache } from "react";
import { getConfig } from "../config";
import { PEER_HEADER } from "../server/peer-header";
import { type Actor, LOCAL_ADMIN } from "./actor";
import { getAuth, storedRole } from "./better-auth";
import { isLoopbackAddress } from "./peer-address";
import { proxyActor } from "./proxy-identity";

/**
 * One session lookup per cookie per rendered request: the layout's user menu and the page both ask.
 * Outside a React render (route handlers, server actions) `cache` does not memoize, which is fine.
 */
const sessionActor = cache(async (cookie: string): Promise<Actor | null> => {
  const auth = await getAuth();
  const found = await auth.api.getSession({ headers: new Headers({ cookie }) });
  if (found === null) return null;
  const { user } = found;
  return {
    id: user.id,
    name: user.name.trim() === "" ? user.email : user.name,
    role: storedRole(user.role),
    via: getConfig().auth.mode === "oidc" ? "oidc" : "local",
  };
});

/** The signed-in actor, or null. Throws only when the session store cannot be reached. */
export async function resolveIdentity(headers: Headers): Promise<Actor | null> {
  const { auth } = getConfig();
  switch (auth.mode) {
    case "none": {
      // server.ts binds loopback in this mode; a peer it recorded from elsewhere is refused all the same.
      const peer = headers.get(PEER_HEADER);
      return peer === null || isLoopbackAddress(peer) ? LOCAL_ADMIN : null;
    }
    case "proxy":
      return proxyActor(headers, auth);
    case "local":
    case "oidc": {
      const cookie = headers.get("cookie");
      if (cookie === null || cookie === "") return null;
      return sessionActor(cookie);
    }
  }
}
