// The operator CLI (npm run users) as an operator runs it: a real process against a real SQLite store.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAuth, getAuth } from "@/lib/auth/better-auth";
import { type AuthEnv, type AuthServer, authEnv, ROOT, signIn, startAuthServer, TSX } from "./support";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let env: AuthEnv;

function users(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["--conditions=react-server", "scripts/users.ts", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", ...env.vars },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (stdin === undefined) child.stdin.end();
    else child.stdin.end(`${stdin}\n`);
  });
}

describe("npm run users", () => {
  let server: AuthServer;

  beforeAll(() => {
    env = authEnv("sqlite");
  });

  afterAll(async () => {
    await server?.close();
    await closeAuth();
    env.restore();
  });

  it("adds an account with a password read from stdin, never echoing it", async () => {
    const run = await users(
      ["add", "ops@example.com", "--name", "Olive Ops", "--role", "operator"],
      "piped password 123",
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("added ops@example.com  operator  Olive Ops");
    expect(run.stdout + run.stderr).not.toContain("piped password 123");
  });

  it("generates and prints a password when none is piped, and that password signs in", async () => {
    const run = await users(["add", "boss@example.com", "--name", "Bo", "--role", "admin"], "");
    expect(run.code, run.stderr).toBe(0);
    const password = /password: (\S+)/.exec(run.stdout)?.[1] ?? "";
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    server = await startAuthServer(await getAuth());
    expect((await signIn(server.base, "boss@example.com", password)).status).toBe(200);
    expect((await signIn(server.base, "ops@example.com", "piped password 123")).status).toBe(200);
  });

  it("exits 3 for an account that already exists, and 2 with usage for a malformed command", async () => {
    const dup = await users(["add", "ops@example.com", "--name", "O", "--role", "viewer"], "another password 1");
    expect(dup.code).toBe(3);
    expect(dup.stderr).toContain("already exists");
    const bad = await users(["add", "x@example.com", "--role", "viewer"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("add needs <email> --name <name> --role <role>");
    const unknown = await users(["grant", "x@example.com"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "grant"');
  });

  it("set-role and list show the change; a bad role is named", async () => {
    expect((await users(["set-role", "ops@example.com", "viewer"])).stdout).toContain("ops@example.com is now viewer");
    const bad = await users(["set-role", "ops@example.com", "owner"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('role must be one of viewer, operator, admin, got "owner"');
    const list = await users(["list"]);
    expect(list.stdout.trim().split("\n")).toEqual([
      "boss@example.com  admin  Bo",
      "ops@example.com  viewer  Olive Ops",
    ]);
  });

  it("remove deletes the account", async () => {
    expect((await users(["remove", "ops@example.com"])).stdout).toContain("removed ops@example.com");
    expect((await users(["list"])).stdout).not.toContain("ops@example.com");
    expect((await users(["remove", "ops@example.com"])).stderr).toContain("no account for ops@example.com");
  });

  it("refuses to run outside AUTH_MODE=local, saying what to set", async () => {
    const saved = env.vars;
    env.vars = { ...saved, AUTH_MODE: "proxy", AUTH_TRUSTED_PROXIES: "127.0.0.1" };
    try {
      const run = await users(["list"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("local accounts are only used when AUTH_MODE=local (it is proxy)");
    } finally {
      env.vars = saved;
    }
  });
});
