// .env files are read with Next's loader and precedence by every entry point (server.ts, users CLI,
// scripts, benchmarks): exported variables win, and a bad value names the variable and its file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

const ROOT = path.resolve(__dirname, "../../..");
const dirs: string[] = [];

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "env-files-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Runs the loader in a fresh process (it reads process.env once), as `npm start` would (production mode). */
function load(dir: string, exported: Record<string, string> = {}): { code: number | null; out: string } {
  const result = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "tests/support/print-config.ts"), dir],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", AUTH_MODE: "none", ...exported },
      encoding: "utf8",
      timeout: 30_000,
    },
  );
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("loadEnvFiles", () => {
  it("reads .env, with .env.production and .env.local taking precedence as in Next", () => {
    const dir = project({
      ".env": "PORT=3001\nHOST=127.0.0.1\nRUNS_PER_MINUTE=7\n",
      ".env.production": "PORT=3002\nHOST=127.0.0.2\n",
      ".env.local": "PORT=3003\n",
    });
    const { code, out } = load(dir);
    expect(code, out).toBe(0);
    const parsed = JSON.parse(out) as { files: string[]; sources: Record<string, string>; port: number };
    expect(parsed.files).toEqual([".env.local", ".env.production", ".env"]);
    expect(parsed.port).toBe(3003);
    expect(parsed.sources).toMatchObject({ PORT: ".env.local", HOST: ".env.production", RUNS_PER_MINUTE: ".env" });
  });

  it("an exported variable wins over every file", () => {
    const dir = project({ ".env": "PORT=3001\n", ".env.local": "PORT=3003\n" });
    const { code, out } = load(dir, { PORT: "4321" });
    expect(code, out).toBe(0);
    const parsed = JSON.parse(out) as { sources: Record<string, string>; port: number };
    expect(parsed.port).toBe(4321);
    expect(parsed.sources.PORT).toBeUndefined();
  });

  it("a bad value names the variable and the file it came from", () => {
    const dir = project({ ".env": "PORT=99999\n" });
    const { code, out } = load(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/PORT: must be .*\(from \.env\)/);
  });

  it("a bad exported value names no file", () => {
    const dir = project({ ".env": "PORT=3001\n" });
    const { code, out } = load(dir, { PORT: "http" });
    expect(code).toBe(1);
    expect(out).toContain("PORT: must be");
    expect(out).not.toContain("(from");
  });
});

describe("ConfigError with sources", () => {
  it("parseConfig appends the file only for variables read from one", () => {
    try {
      parseConfig({ AUTH_MODE: "none", PORT: "0", RUNS_PER_MINUTE: "x" }, { PORT: ".env.local" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/PORT: [^;]*\(from \.env\.local\)/);
      expect(message).toMatch(/RUNS_PER_MINUTE: [^;(]*(;|$)/);
    }
  });
});
