// Shared set-up for the sign-in integration suites: an isolated environment per store, and the library's
// own endpoints served by a real Node HTTP server on 127.0.0.1 (the same handler app/api/auth uses).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { toNodeHandler } from "better-auth/node";
import type { AuthInstance } from "@/lib/auth/better-auth";
import { CONFIG_VARIABLES, resetConfig } from "@/lib/config";
import { PEER_HEADER } from "@/lib/server/peer-header";
import { MONGODB_URL, RUN_ID } from "../systems/helpers";

export { MONGODB_URL, RUN_ID };
export const SECRET = "integration-secret-0123456789abcdef0123456789";
export const ROOT = path.resolve(__dirname, "../../..");
export const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export type StoreKind = "sqlite" | "mongo";

export interface AuthEnv {
  vars: Record<string, string>;
  dataDir: string;
  mongoDatabase: string;
  restore: () => void;
}

/** Sets only the variables a sign-in test needs (everything else unset) and resets the memoized config. */
export function authEnv(store: StoreKind, extra: Record<string, string> = {}): AuthEnv {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "h1-auth-"));
  const mongoDatabase = `auth_it_${RUN_ID}`;
  const vars: Record<string, string> = {
    AUTH_MODE: "local",
    AUTH_SECRET: SECRET,
    DATA_DIR: dataDir,
    ...(store === "mongo"
      ? { INCIDENT_STORE: "mongo", INCIDENTS_MONGODB_URL: MONGODB_URL, INCIDENTS_MONGODB_DATABASE: mongoDatabase }
      : { INCIDENT_STORE: "sqlite" }),
    ...extra,
  };
  const saved: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  Object.assign(process.env, vars);
  resetConfig();
  return {
    vars,
    dataDir,
    mongoDatabase,
    restore: () => {
      for (const name of CONFIG_VARIABLES) {
        const value = saved[name];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      resetConfig();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface AuthServer {
  base: string;
  close: () => Promise<void>;
}

export async function startAuthServer(auth: AuthInstance): Promise<AuthServer> {
  const server = http.createServer(toNodeHandler(auth));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the auth server has no port");
  const base = `http://127.0.0.1:${address.port}`;
  return {
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let peers = 0;

/**
 * POSTs the sign-in form as the browser does (same-origin Origin header); returns status and session cookie.
 * Each call comes from its own peer address (as server.ts records it) unless one is given, so the library's
 * per-address sign-in limit only bites where a test means it to.
 */
export async function signIn(
  base: string,
  email: string,
  password: string,
  peer = `10.9.${Math.floor(++peers / 250)}.${peers % 250}`,
): Promise<{ status: number; cookie: string | undefined; body: Record<string, unknown> }> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, [PEER_HEADER]: peer },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.includes("session_token="));
  return { status: response.status, cookie, body: (await response.json()) as Record<string, unknown> };
}

/** The signed-in user the library reports for a cookie, or null. */
export async function sessionUser(base: string, cookie: string): Promise<Record<string, unknown> | null> {
  const response = await fetch(`${base}/api/auth/get-session`, { headers: { cookie } });
  const body = (await response.json()) as { user?: Record<string, unknown> } | null;
  return body?.user ?? null;
}
