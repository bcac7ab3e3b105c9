// Dashboard processes and the incident store: two instances sharing MongoDB see each other's incidents and entries,
// and an incident confirmed as saved survives kill -9 of the dashboard right after.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { MongoClient } from "mongodb";

const MONGO_URL = process.env.INCIDENTS_E2E_MONGODB_URL ?? process.env.MONGODB_URL;
const DATABASE = `incidents_e2e_${Date.now().toString(36)}`;
const ROOT = path.resolve(__dirname, "..");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

interface Instance {
  base: string;
  child: ChildProcess;
}

function mongoEnv(): Record<string, string> {
  if (!MONGO_URL) throw new Error("MONGODB_URL is not set: start the demo stack and load its dashboard.env");
  return { INCIDENT_STORE: "mongo", INCIDENTS_MONGODB_URL: MONGO_URL, INCIDENTS_MONGODB_DATABASE: DATABASE };
}

/**
 * The production server (server.ts, as `npm start` runs it) on a free port, in its own process group.
 * Sign-in is off here (loopback only): these tests are about the incident store, not about who signs in.
 */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: { ...process.env, AUTH_MODE: "none", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: "ignore",
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  while (
    !(await fetch(`${base}/incidents`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`server.ts on ${port} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, child };
}

function stop(instance: Instance | undefined, signal: NodeJS.Signals = "SIGTERM"): void {
  if (instance?.child.pid !== undefined && instance.child.exitCode === null) process.kill(-instance.child.pid, signal);
}

test.describe("two instances, one MongoDB incident store", () => {
  let a: Instance | undefined;
  let b: Instance | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    [a, b] = await Promise.all([startInstance(mongoEnv()), startInstance(mongoEnv())]);
  });

  test.afterAll(async () => {
    stop(a);
    stop(b);
    if (MONGO_URL) {
      const client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 3000 });
      try {
        await client.db(DATABASE).dropDatabase();
      } finally {
        await client.close();
      }
    }
  });

  test("an incident and its runs started on A show on B; a note added on B shows on A", async ({ browser }) => {
    test.setTimeout(90_000);
    if (!a || !b) throw new Error("instances did not start");
    const onA = await (await browser.newContext({ baseURL: a.base })).newPage();
    const onB = await (await browser.newContext({ baseURL: b.base })).newPage();

    await onA.goto("/runbooks/low-cache-hit-rate");
    await onA.getByRole("button", { name: "Start incident" }).click();
    const title = `Shared store ${Date.now()}`;
    const dialog = onA.getByRole("dialog", { name: "Start an incident" });
    await dialog.getByLabel("Title").fill(title);
    await dialog.getByRole("button", { name: "Start incident" }).click();
    await expect(onA).toHaveURL(/\?incident=[A-Za-z0-9_-]{22}$/);
    const id = new URL(onA.url()).searchParams.get("incident") ?? "";
    const step = onA.locator("#diagnosis-1");
    await step.getByRole("button", { name: /^Run: / }).click();
    await expect(step.getByTestId("recorded-note")).toHaveText(/Recorded to the incident/);

    await onB.goto(`/incidents/${id}`);
    await expect(onB.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(onB.locator('[data-testid="evidence"][data-step="low-cache-hit-rate/diagnosis-1"]')).toBeVisible();
    await onB.getByLabel("Note (Markdown)").fill("Seen from instance **B**");
    await onB.getByRole("button", { name: "Add note" }).click();
    await expect(onB.getByTestId("timeline-note").first()).toContainText("Seen from instance B");

    await onA.goto(`/incidents/${id}`);
    await expect(onA.getByTestId("timeline-note").first().locator("strong")).toHaveText("B");
    await onA.goto("/incidents");
    await expect(onA.getByRole("link", { name: title })).toBeVisible();
  });
});

test.describe("kill -9 of the dashboard right after a confirmed save (SQLite store)", () => {
  const token = `e2e-durability-${Date.now()}-token`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "incidents-kill9-"));
  let instance: Instance | undefined;

  test.afterAll(() => {
    stop(instance);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("the incident the webhook confirmed is there after SIGKILL and a restart", async () => {
    test.setTimeout(120_000);
    const env = { INCIDENT_STORE: "sqlite", DATA_DIR: dataDir, ALERTS_TOKEN: token };
    instance = await startInstance(env);
    const payload = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, "../tests/fixtures/alertmanager/firing-high-error-rate.json"), "utf8"),
    ) as { alerts: { fingerprint: string }[] };
    const alert = payload.alerts[0];
    if (alert) alert.fingerprint = Date.now().toString(16);
    const response = await fetch(`${instance.base}/api/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
    });
    const body = (await response.json()) as { incidents?: string[] };
    // The 200 is the confirmation; kill -9 the whole dashboard at once, before it can flush or close anything.
    stop(instance, "SIGKILL");
    expect(response.status).toBe(200);
    const id = body.incidents?.[0] ?? "";
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await new Promise((r) => setTimeout(r, 500));

    instance = await startInstance(env);
    const after = await fetch(`${instance.base}/api/incidents/${id}`);
    expect(after.status).toBe(200);
    expect(((await after.json()) as { title: string }).title).toBe("HighErrorRate: High 5xx error rate on demo-api");
  });
});
