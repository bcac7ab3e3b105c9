// AUTH_MODE=proxy: oauth2-proxy's headers count only from a trusted peer recorded by server.ts.
import { describe, expect, it } from "vitest";
import { proxyActor } from "@/lib/auth/proxy-identity";
import { parseConfig } from "@/lib/config";
import { PEER_HEADER } from "@/lib/server/peer-header";

const auth = parseConfig({
  AUTH_MODE: "proxy",
  AUTH_TRUSTED_PROXIES: "10.0.0.5,172.16.0.0/12",
  AUTH_ADMIN_GROUPS: "sre-leads",
  AUTH_OPERATOR_GROUPS: "sre",
}).auth;

function request(peer: string | undefined, extra: Record<string, string>): Headers {
  const h = new Headers(extra);
  if (peer !== undefined) h.set(PEER_HEADER, peer);
  return h;
}

const person = {
  "x-forwarded-user": "ada",
  "x-forwarded-email": "ada@example.com",
  "x-forwarded-groups": "sre,staff",
};

describe("proxyActor", () => {
  it("signs in the proxy's user from a trusted peer, with the role from the groups header", () => {
    expect(proxyActor(request("10.0.0.5", person), auth)).toEqual({
      id: "ada",
      name: "ada@example.com",
      role: "operator",
      via: "proxy",
    });
    expect(proxyActor(request("172.20.1.1", { ...person, "x-forwarded-groups": "sre-leads" }), auth)?.role).toBe(
      "admin",
    );
  });

  it("ignores the same headers from an untrusted peer", () => {
    expect(proxyActor(request("10.0.0.6", person), auth)).toBeNull();
  });

  it("ignores them when no peer was recorded (not started through server.ts)", () => {
    expect(proxyActor(request(undefined, person), auth)).toBeNull();
  });

  it("is nobody when the trusted proxy names no user", () => {
    expect(proxyActor(request("10.0.0.5", { "x-forwarded-groups": "sre-leads" }), auth)).toBeNull();
  });

  it("makes a user without groups a viewer", () => {
    expect(proxyActor(request("10.0.0.5", { "x-forwarded-user": "bob" }), auth)).toMatchObject({
      id: "bob",
      name: "bob",
      role: "viewer",
    });
  });

  it("honours renamed headers", () => {
    const renamed = parseConfig({
      AUTH_MODE: "proxy",
      AUTH_TRUSTED_PROXIES: "10.0.0.5",
      AUTH_PROXY_USER_HEADER: "Remote-User",
      AUTH_PROXY_GROUPS_HEADER: "Remote-Groups",
      AUTH_ADMIN_GROUPS: "admins",
    }).auth;
    const actor = proxyActor(request("10.0.0.5", { "remote-user": "carol", "remote-groups": "admins" }), renamed);
    expect(actor).toMatchObject({ id: "carol", role: "admin" });
  });
});
