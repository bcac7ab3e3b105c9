// The README's "point the dashboard at your own systems", followed as a new user would, on a clean copy:
//   .env written from the test services → npm run build → npm run users -- add … (password on stdin)
//   → npm start → sign in through the page (Chromium) → run a live Redis step → start an incident
//   → restart the server → the incident is still there.
// Plus: the server started with a .env only, with a conflicting exported variable (the exported one wins),
// and with a bad value in .env.local (the message names the variable and the file).
//
// The copy is `git clone` of this repository's committed HEAD (what a fresh clone gets; uncommitted edits are
// not in it). node_modules is a hard-linked copy of this checkout's (`cp -al`, falling back to `cp -a`): an
// `npm ci` would take minutes and install the same lockfile, and a symlink would point outside the project
// root, which Next's bundler does not follow. One `npm run build` serves every case of this file.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_URL, REDIS_URL } from "./support";

const ROOT = path.resolve(__dirname, "../../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SECRET = "journey-secret-0123456789abcdef0123456789abcdef";
const EMAIL = "op@example.com";
const PASSWORD = "journey-password-1234";
const BUILD_MS = 15 * 60_000;

let work: string;
let app: string;
let port: number;

/** Only what a shell gives any command: none of the dashboard's variables are exported. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra } as unknown as NodeJS.ProcessEnv;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** Runs one README command in the copy; resolves with its output, rejects with it on a non-zero exit. */
function npm(
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd: app, env: cleanEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stdin.end(options.stdin ?? "");
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`npm ${args.join(" ")} exited ${code}:\n${output.slice(-4000)}`));
    });
  });
}

interface Server {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** `npm start` in the copy, in its own process group; resolves once it says it listens. */
function npmStart(env: Record<string, string> = {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["start"], { cwd: app, env: cleanEnv(env), stdio: "pipe", detached: true });
    let output = "";
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("close", () => done());
        try {
          if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
        } catch {
          done();
        }
        setTimeout(() => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
          } catch {
            // already gone
          }
        }, 15_000).unref();
      });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`npm start did not listen within 60 s:\n${output}`));
    }, 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (/listening on http/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited ${code}:\n${output}`));
    });
  });
}

/** `npm start` expected to fail: its exit code and output. */
function npmStartFailing(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["start"], { cwd: app, env: cleanEnv(), stdio: "pipe" });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function writeDotEnv(): void {
  // As a user would: .env.example copied, then the variables set for their systems.
  const example = fs.readFileSync(path.join(app, ".env.example"), "utf8");
  const values: Record<string, string> = {
    REDIS_URL,
    POSTGRES_URL,
    // Nothing of the demo stack runs here: the HTTP, Prometheus and file targets stay unconfigured.
    API_URL: "",
    EXTERNAL_SERVICES: "",
    PROMETHEUS_URL: "",
    MONGODB_URL: "",
    LOG_FILES: "",
    CONFIG_FILES: "",
    INCIDENT_STORE: "sqlite",
    DATA_DIR: path.join(work, "data"),
    HOST: "127.0.0.1",
    PORT: String(port),
    AUTH_MODE: "local",
    AUTH_SECRET: SECRET,
  };
  const lines = example.split("\n").map((line) => {
    const name = /^([A-Z0-9_]+)=/.exec(line)?.[1];
    return name !== undefined && Object.hasOwn(values, name) ? `${name}=${values[name]}` : line;
  });
  fs.writeFileSync(path.join(app, ".env"), lines.join("\n"));
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "journey-"));
  app = path.join(work, "app");
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  execFileSync("git", ["clone", "--quiet", "--no-checkout", ROOT, app]);
  execFileSync("git", ["checkout", "--quiet", "--detach", head], { cwd: app });
  try {
    execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(app, "node_modules")]);
  } catch {
    execFileSync("cp", ["-a", path.join(ROOT, "node_modules"), path.join(app, "node_modules")]);
  }
  port = await freePort();
  writeDotEnv();
  await npm(["run", "build"], { timeoutMs: BUILD_MS });
}, BUILD_MS + 60_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the README journey on a clean copy", () => {
  let browser: Browser | undefined;
  let server: Server | undefined;

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("add an operator, start, sign in, run a live step, start an incident; it survives a restart", async () => {
    const added = await npm(["run", "users", "--", "add", EMAIL, "--name", "Op", "--role", "operator"], {
      stdin: `${PASSWORD}\n`,
    });
    expect(added).toContain(`added ${EMAIL}  operator`);
    expect(added).not.toContain(PASSWORD);

    server = await npmStart();
    const base = `http://127.0.0.1:${port}`;
    // A load balancer's probe, without signing in.
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toBe("application/health+json");
    expect(((await health.json()) as { status: string }).status).toBe("pass");

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto("/sign-in?next=/");
    await page.getByLabel("E-mail").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/$/, { timeout: 30_000 });
    expect(await page.getByTestId("user-role").textContent()).toBe("operator");

    // One live step: Redis INFO memory against the test Redis.
    await page.goto("/runbooks/cache-memory-issues");
    const step = page.locator("#diagnosis-2");
    // Each Run button is named for its step ("Run: Monitor memory trends").
    await step.getByRole("button", { name: /^Run: / }).click();
    const verdict = step.getByTestId("verdict").first();
    await verdict.waitFor({ timeout: 30_000 });
    expect(["ok", "warning", "critical"]).toContain(await verdict.getAttribute("data-status"));
    await step.getByText("Raw output").click();
    expect(await step.getByTestId("raw-output").textContent()).toContain("maxmemory");

    // Start an incident from the runbook page.
    await page.getByRole("button", { name: "Start incident" }).click();
    const dialog = page.getByRole("dialog", { name: "Start an incident" });
    const title = `Journey ${Date.now()}`;
    await dialog.getByLabel("Title").fill(title);
    await dialog.getByRole("button", { name: "Start incident" }).click();
    await page.waitForURL(/\?incident=[A-Za-z0-9_-]{22}$/, { timeout: 30_000 });
    const id = new URL(page.url()).searchParams.get("incident") ?? "";
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // Restart: the incident (SQLite in DATA_DIR) and the session (auth.sqlite) are still there.
    await server.stop();
    server = await npmStart();
    await page.goto(`/incidents/${id}`);
    await page.getByRole("heading", { level: 1, name: title }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    await context.close();
    await server.stop();
    server = undefined;
  }, 240_000);
});

describe("npm start and the .env files", () => {
  it("starts from a .env alone (nothing exported) and an exported variable wins over it", async () => {
    const fromFile = await npmStart();
    try {
      expect(fromFile.output()).toContain("settings read from .env");
      expect(fromFile.output()).toContain(`listening on http://127.0.0.1:${port}`);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    } finally {
      await fromFile.stop();
    }

    const exportedPort = await freePort();
    const exported = await npmStart({ PORT: String(exportedPort) });
    try {
      expect(exported.output()).toContain(`listening on http://127.0.0.1:${exportedPort}`);
      expect((await fetch(`http://127.0.0.1:${exportedPort}/api/health`)).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    } finally {
      await exported.stop();
    }
  }, 180_000);

  it("a bad value in .env.local stops it, naming the variable and the file", async () => {
    const local = path.join(app, ".env.local");
    fs.writeFileSync(local, "PORT=99999\n");
    try {
      const { code, output } = await npmStartFailing();
      expect(code).not.toBe(0);
      expect(output).toMatch(/cannot start: invalid configuration: PORT: must be [^\n]*\(from \.env\.local\)/);
    } finally {
      fs.rmSync(local);
    }
  }, 90_000);
});
