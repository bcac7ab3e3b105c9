// Local accounts end to end against the real library and real stores (SQLite file, FerretDB): the CLI
// functions create them with the library's own password hashing, and sign-in works over real HTTP.

import path from "node:path";
import Database from "better-sqlite3";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccountError,
  addAccount,
  generatePassword,
  listAccounts,
  removeAccount,
  setPassword,
  setRole,
} from "@/lib/auth/accounts";
import { type AuthInstance, closeAuth, getAuth } from "@/lib/auth/better-auth";
import { resolveIdentity } from "@/lib/auth/identity";
import { START_SERVICES } from "../systems/helpers";
import {
  type AuthEnv,
  type AuthServer,
  authEnv,
  MONGODB_URL,
  type StoreKind,
  sessionUser,
  signIn,
  startAuthServer,
} from "./support";

const PASSWORD = "correct horse battery staple";

describe.each<StoreKind>(["sqlite", "mongo"])("local accounts in %s", (store) => {
  let env: AuthEnv;
  let auth: AuthInstance;
  let server: AuthServer;

  beforeAll(async () => {
    env = authEnv(store);
    try {
      auth = await getAuth();
    } catch (error) {
      throw new Error(`the ${store} auth store did not open (${String(error)}); ${START_SERVICES}`);
    }
    server = await startAuthServer(auth);
  });

  afterAll(async () => {
    await server?.close();
    await closeAuth();
    if (store === "mongo") {
      const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 3000 });
      await client
        .db(env.mongoDatabase)
        .dropDatabase()
        .finally(() => client.close());
    }
    env.restore();
  });

  it("creates an account whose password is stored only as the library's salted hash", async () => {
    const account = await addAccount(auth, {
      email: "Ada@Example.com",
      name: "Ada",
      role: "admin",
      password: PASSWORD,
    });
    expect(account).toMatchObject({ email: "ada@example.com", name: "Ada", role: "admin" });
    const ctx = await auth.$context;
    const credential = await ctx.internalAdapter.findCredentialAccount(account.id);
    const hash = credential?.password ?? "";
    expect(hash).not.toContain(PASSWORD);
    expect(hash).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/); // better-auth's scrypt: salt:key
    expect(await ctx.password.verify({ hash, password: PASSWORD })).toBe(true);
    if (store === "sqlite") {
      const raw = new Database(path.join(env.dataDir, "auth.sqlite"), { readonly: true });
      const dump = JSON.stringify(raw.prepare("SELECT * FROM auth_account").all());
      raw.close();
      expect(dump).not.toContain(PASSWORD);
    }
  });

  it("refuses a duplicate, a short password, an unknown role and a bad e-mail, naming the problem", async () => {
    const dup = addAccount(auth, { email: "ada@example.com", name: "Ada", role: "admin", password: PASSWORD });
    await expect(dup).rejects.toMatchObject({ code: "exists", message: expect.stringContaining("already exists") });
    await expect(
      addAccount(auth, { email: "b@example.com", name: "B", role: "admin", password: "short" }),
    ).rejects.toThrow(/at least 12 characters/);
    await expect(
      addAccount(auth, { email: "b@example.com", name: "B", role: "root", password: PASSWORD }),
    ).rejects.toThrow(/role must be one of viewer, operator, admin/);
    await expect(
      addAccount(auth, { email: "not-an-email", name: "B", role: "viewer", password: PASSWORD }),
    ).rejects.toBeInstanceOf(AccountError);
  });

  it("signs in over HTTP with the right password and refuses a wrong one", async () => {
    const wrong = await signIn(server.base, "ada@example.com", "wrong password entirely");
    expect(wrong.status).toBe(401);
    expect(wrong.cookie).toBeUndefined();
    const right = await signIn(server.base, "ada@example.com", PASSWORD);
    expect(right.status).toBe(200);
    expect(right.cookie).toMatch(/^runbooks\.session_token=/);
    expect(await sessionUser(server.base, right.cookie ?? "")).toMatchObject({
      email: "ada@example.com",
      role: "admin",
    });
  });

  it("limits sign-in attempts per peer address: the 11th in a minute is refused with 429", async () => {
    const statuses: number[] = [];
    const peer = store === "sqlite" ? "10.200.0.1" : "10.200.1.1";
    for (let i = 0; i < 11; i++) {
      statuses.push((await signIn(server.base, "ada@example.com", `guess number ${i}`, peer)).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Another address is unaffected.
    expect((await signIn(server.base, "ada@example.com", PASSWORD, `${peer}0`)).status).toBe(200);
  });

  it("resolves the session cookie to an actor with the stored role", async () => {
    const { cookie } = await signIn(server.base, "ada@example.com", PASSWORD);
    const actor = await resolveIdentity(new Headers({ cookie: cookie ?? "" }));
    expect(actor).toMatchObject({ name: "Ada", role: "admin", via: "local" });
    expect(await resolveIdentity(new Headers({ cookie: "runbooks.session_token=forged.value" }))).toBeNull();
    expect(await resolveIdentity(new Headers())).toBeNull();
  });

  it("has no public sign-up, and no way for a user to change their own role", async () => {
    const signUp = await fetch(`${server.base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.base },
      body: JSON.stringify({ email: "mallory@example.com", password: PASSWORD, name: "M", role: "admin" }),
    });
    expect(signUp.ok).toBe(false);
    expect(await listAccounts(auth)).not.toContainEqual(expect.objectContaining({ email: "mallory@example.com" }));

    await addAccount(auth, { email: "vic@example.com", name: "Vic", role: "viewer", password: PASSWORD });
    const { cookie } = await signIn(server.base, "vic@example.com", PASSWORD);
    const update = await fetch(`${server.base}/api/auth/update-user`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.base, cookie: cookie ?? "" },
      body: JSON.stringify({ role: "admin" }),
    });
    expect(update.ok).toBe(false);
    expect(await sessionUser(server.base, cookie ?? "")).toMatchObject({ role: "viewer" });
  });

  it("set-role changes the role and ends the person's open sessions", async () => {
    const { cookie } = await signIn(server.base, "vic@example.com", PASSWORD);
    expect(await sessionUser(server.base, cookie ?? "")).toMatchObject({ role: "viewer" });
    await expect(setRole(auth, "vic@example.com", "operator")).resolves.toMatchObject({ role: "operator" });
    expect(await sessionUser(server.base, cookie ?? "")).toBeNull();
    const again = await signIn(server.base, "vic@example.com", PASSWORD);
    expect(await sessionUser(server.base, again.cookie ?? "")).toMatchObject({ role: "operator" });
  });

  it("set-password replaces the password: the old one stops working", async () => {
    const fresh = generatePassword();
    await setPassword(auth, "vic@example.com", fresh);
    expect((await signIn(server.base, "vic@example.com", PASSWORD)).status).toBe(401);
    expect((await signIn(server.base, "vic@example.com", fresh)).status).toBe(200);
  });

  it("lists accounts by e-mail and removes one with its sessions", async () => {
    const { cookie } = await signIn(server.base, "ada@example.com", PASSWORD);
    expect((await listAccounts(auth)).map((a) => `${a.email} ${a.role}`)).toEqual([
      "ada@example.com admin",
      "vic@example.com operator",
    ]);
    await removeAccount(auth, "ada@example.com");
    expect(await sessionUser(server.base, cookie ?? "")).toBeNull();
    expect((await signIn(server.base, "ada@example.com", PASSWORD)).status).toBe(401);
    await expect(removeAccount(auth, "ada@example.com")).rejects.toThrow(/no account for ada@example.com/);
  });
});

describe("generatePassword", () => {
  it("makes long, distinct passwords", () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
