// lib/log.ts: one pino logger whose lines keep the error's stack and never carry a configured secret.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { logError, logInfo, setLogDestination } from "@/lib/log";

const REDIS_PW = "redis-Pa55word";
const MONGO_PW = "m0ngo/pw@x";
const TOKEN = "alerts-token-0123456789abcdef";
const SECRET = "s".repeat(40);
const ENV = {
  AUTH_MODE: "local",
  AUTH_SECRET: SECRET,
  REDIS_URL: `redis://:${REDIS_PW}@127.0.0.1:6379`,
  MONGODB_URL: `mongodb://app:${encodeURIComponent(MONGO_PW)}@db:27017/`,
  POSTGRES_URL: "postgres://app:pg-Pa55word@db:5432/app",
  ALERTS_TOKEN: TOKEN,
};

let lines: string[];
const saved: Record<string, string | undefined> = {};

function setEnv(env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) {
    if (!(name in saved)) saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfig();
}

function records(): Record<string, unknown>[] {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The serialized error of the n-th line. */
function errOf(n: number): { type: string; message: string; stack: string; command?: { args: string[] } } {
  const err = records()[n]?.err;
  if (err === undefined) throw new Error(`line ${n} has no err`);
  return err as { type: string; message: string; stack: string; command?: { args: string[] } };
}

beforeEach(() => {
  lines = [];
  setLogDestination({ write: (chunk: string) => void lines.push(chunk) });
  setEnv(ENV);
});

afterEach(() => {
  setLogDestination(undefined);
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    delete saved[name];
  }
  resetConfig();
});

describe("logError", () => {
  it("writes one JSON line with the error's stack", () => {
    function failingFunction(): never {
      throw new TypeError("boom");
    }
    try {
      failingFunction();
    } catch (e) {
      logError("run step", e);
    }
    const [record] = records();
    expect(lines).toHaveLength(1);
    expect(record).toMatchObject({ level: "error", name: "runbook-dashboard", context: "run step" });
    expect(record?.msg).toBe("run step: TypeError: boom");
    const err = errOf(0);
    expect(err.type).toBe("TypeError");
    expect(err.message).toBe("boom");
    expect(err.stack).toContain("TypeError: boom");
    expect(err.stack).toContain("failingFunction");
    expect(err.stack).toMatch(/log\.test\.ts:\d+/);
  });

  it("masks every configured secret in the message, the stack and the error's fields", () => {
    const error = new Error(
      `connect failed: redis://:${REDIS_PW}@127.0.0.1:6379 auth ${REDIS_PW}, token ${TOKEN}, pg pg-Pa55word`,
    ) as Error & { command?: unknown; options?: unknown };
    error.command = { name: "auth", args: [REDIS_PW] };
    error.options = { password: "unlisted-password", url: `mongodb://app:${encodeURIComponent(MONGO_PW)}@db/` };
    logError("redis", error);
    const line = lines.join("");
    for (const secret of [
      REDIS_PW,
      TOKEN,
      MONGO_PW,
      encodeURIComponent(MONGO_PW),
      "pg-Pa55word",
      "unlisted-password",
    ]) {
      expect(line).not.toContain(secret);
    }
    const err = errOf(0);
    expect(err.stack).toContain("redis://:***@127.0.0.1:6379");
    expect(err.message).toContain("token ***");
    expect(err.command?.args).toEqual(["***"]);
    expect(records()[0]?.msg).toContain("auth ***");
  });

  it("masks a secret in a cause's stack and a non-Error value", () => {
    logError("store", new Error("outer", { cause: new Error(`inner ${SECRET}`) }));
    logError("store", `failed with ${TOKEN}`);
    expect(lines.join("")).not.toContain(SECRET);
    expect(lines.join("")).not.toContain(TOKEN);
    expect(errOf(0).stack).toContain("caused by: Error: inner ***");
    expect(records()[1]?.msg).toBe("store: failed with ***");
  });
});

describe("logInfo", () => {
  it("masks a Redis requirepass and URL passwords even when not configured", () => {
    logInfo("CONFIG SET requirepass hunter2-not-configured; replica masterauth=other-pass");
    logInfo("connecting to redis://u:unconfigured-pw@cache:6379/0?password=q-pw");
    const line = lines.join("");
    for (const secret of ["hunter2-not-configured", "other-pass", "unconfigured-pw", "q-pw"]) {
      expect(line).not.toContain(secret);
    }
    expect(records()[0]).toMatchObject({ level: "info", msg: "CONFIG SET requirepass ***; replica masterauth=***" });
  });

  it("never throws when the configuration is invalid, and still masks URL passwords", () => {
    setEnv({ REDIS_URL: "not a url", AUTH_SECRET: "short" });
    expect(() => logInfo(`still logging redis://:${REDIS_PW}@h:6379`)).not.toThrow();
    expect(() => logError("ctx", new Error(`bad redis://:${REDIS_PW}@h`))).not.toThrow();
    expect(lines).toHaveLength(2);
    expect(lines.join("")).not.toContain(REDIS_PW);
  });
});
