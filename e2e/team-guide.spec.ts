import { type ChildProcess, execFileSync, execSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import Redis from "ioredis";
import { MongoClient } from "mongodb";

// A second, team-written guide (tests/fixtures/guides/payments-guide.md) imported in a clean checkout of the
// runbooks with the real CLI, checked with runbooks:check, and served by a second dashboard process from the same
// production build (RUNBOOKS_DIR points it at the checkout): the seven original runbooks still render, and the
// new runbooks' steps run live against the demo's services and the machine's PostgreSQL — a Redis list length
// judged by the threshold the team declared (red once the test fills the list), the named HTTP target
// workers.internal, a SQL read of pg_stat_activity, a MongoDB find with ISODate() and explain(), and a MongoDB
// countDocuments judged by a threshold the team declared on it.

const ROOT = path.resolve(__dirname, "..");
const TEAM_GUIDE = "tests/fixtures/guides/payments-guide.md";
const PORT = 3102;
const BASE = `http://127.0.0.1:${PORT}`;
const QUEUE = "queue:payments";
// What the team writes by hand in payment-queue-backlog.md after the import (README: "Declared checks").
const DECLARED = '  diagnosis-1:\n    value: reply\n    warning: "> 1000"\n    critical: "> 10000"\n    unit: jobs\n';
// And on the ledger's count of old pending orders (a MongoDB step shown, not judged, until a threshold is declared).
const DECLARED_ORDERS = '  diagnosis-3:\n    value: reply\n    warning: "> 0"\n    unit: orders\n';
const ORDERS_TAG = "e2e-team-guide";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/test-all.sh or e2e-subset (demo stack env)`);
  return value;
}

/** The URL of one entry of a "name=url,name=url" list (EXTERNAL_SERVICES). */
function namedUrl(list: string, name: string): string {
  const entry = list.split(",").find((item) => item.trim().startsWith(`${name}=`));
  if (!entry) throw new Error(`no ${name} entry in "${list}"`);
  return entry.trim().slice(name.length + 1);
}

function cli(args: string[], env: Record<string, string> = {}): string {
  return execFileSync("npm", ["run", "--silent", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Front matter title of each runbook file in the directory, by slug. */
function titles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(path.join(dir, file), "utf8");
    const title = /^title: (.+)$/m.exec(text)?.[1]?.replace(/^["']|["']$/g, "");
    const kind = /^kind: (.+)$/m.exec(text)?.[1];
    if (title && kind === "issue") out.set(file.replace(/\.md$/, ""), title);
  }
  return out;
}

async function waitForServer(server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`second dashboard exited (${server.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${BASE}/sign-in`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`second dashboard did not answer on ${BASE} within 60 s:\n${output()}`);
}

async function signIn(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-in?next=/");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("user-role")).toHaveText("operator");
  return page;
}

/** Clicks the step's own Run button and returns its verdict once the run is in. */
async function runStep(page: Page, stepId: string): Promise<string> {
  const card = page.locator(`[id="${stepId}"]`);
  const run = card.getByRole("button", { name: /^Run: / });
  await run.click();
  const verdict = card.getByTestId("verdict");
  await expect(verdict).toBeVisible({ timeout: 30_000 });
  await expect(run).toBeEnabled({ timeout: 30_000 });
  return (await verdict.getAttribute("data-status")) ?? "";
}

test.describe("a second team's guide, imported in a clean checkout", () => {
  test.describe.configure({ mode: "serial", timeout: 180_000 });

  let project = "";
  let runbooks = "";
  let originals = new Map<string, string>();
  let server: ChildProcess | undefined;
  let serverOutput = "";
  let redis: Redis | undefined;
  let mongo: MongoClient | undefined;
  let page: Page;
  const account = { email: "payments-oncall@demo.local", password: randomBytes(18).toString("base64url") };

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    // The clean checkout: the runbooks committed at HEAD, nothing else.
    project = mkdtempSync(path.join(tmpdir(), "team-guide-e2e-"));
    execSync(`git archive --format=tar HEAD runbooks | tar -x -C "${project}"`, { cwd: ROOT, stdio: "pipe" });
    runbooks = path.join(project, "runbooks");
    originals = titles(runbooks);
    expect([...originals.keys()]).toHaveLength(8); // the guide's seven issues and the hand-written PostgreSQL one

    // The team imports its guide with the real CLI, then declares its queue threshold by hand.
    const imported = cli(["runbooks:import", "--", TEAM_GUIDE], { RUNBOOKS_DIR: runbooks });
    expect(imported).toContain("2 issues in 2 categories");
    const backlog = path.join(runbooks, "payment-queue-backlog.md");
    const text = readFileSync(backlog, "utf8");
    expect(text).toContain("  diagnosis-1: redis-reply\n");
    writeFileSync(backlog, text.replace("  diagnosis-1: redis-reply\n", DECLARED));
    const ledger = path.join(runbooks, "ledger-lock-contention.md");
    const ledgerText = readFileSync(ledger, "utf8");
    expect(ledgerText).toContain("  diagnosis-3: mongo-reply\n");
    writeFileSync(ledger, ledgerText.replace("  diagnosis-3: mongo-reply\n", DECLARED_ORDERS));
    // What the build checks; a failure throws with its file:line output.
    expect(cli(["runbooks:check"], { RUNBOOKS_DIR: runbooks })).toMatch(/runbooks ok: 10 issues in \d+ categories/);

    // The guide's named HTTP target, configured the way README's "Targets" says: workers.internal is the demo's
    // external service here. Its PostgreSQL is the machine's (POSTGRES_URL from the demo env).
    const external = namedUrl(required("EXTERNAL_SERVICES"), "external-service");
    const dataDir = path.join(project, "data");
    mkdirSync(dataDir);
    const env = {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(PORT),
      RUNBOOKS_DIR: runbooks,
      DATA_DIR: dataDir,
      EXTERNAL_SERVICES: `${process.env.EXTERNAL_SERVICES},workers.internal=${external}`,
    };
    // An on-call operator of the payments team, created with the users CLI in this server's own data directory.
    execFileSync(
      "npx",
      [
        "tsx",
        "--conditions=react-server",
        "scripts/users.ts",
        "add",
        account.email,
        "--name",
        "Payments on-call",
        "--role",
        "operator",
      ],
      { cwd: ROOT, env, input: `${account.password}\n`, stdio: ["pipe", "pipe", "pipe"] },
    );
    server = spawn("node", ["--conditions=react-server", "--import", "tsx", "server.ts"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    server.stderr?.on("data", (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    await waitForServer(server, () => serverOutput.slice(-4000));

    redis = new Redis(required("REDIS_URL"), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    await redis.del(QUEUE);
    // Orders for the MongoDB step: old pending ones its ISODate() filter finds, and a recent one it does not.
    mongo = new MongoClient(required("MONGODB_URL"), { serverSelectionTimeoutMS: 5000 });
    const orders = mongo.db(process.env.MONGODB_DATABASE ?? "aiplatform").collection("orders");
    await orders.deleteMany({ tag: ORDERS_TAG });
    await orders.insertMany([
      { tag: ORDERS_TAG, status: "pending", created_at: new Date("2023-11-02T10:00:00Z") },
      { tag: ORDERS_TAG, status: "pending", created_at: new Date("2023-12-24T18:30:00Z") },
      { tag: ORDERS_TAG, status: "pending", created_at: new Date("2024-06-01T09:00:00Z") },
    ]);

    page = await signIn(browser, account.email, account.password);
  });

  test.afterAll(async () => {
    await page?.context().close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    await redis?.del(QUEUE).catch(() => undefined);
    redis?.disconnect();
    await mongo
      ?.db(process.env.MONGODB_DATABASE ?? "aiplatform")
      .collection("orders")
      .deleteMany({ tag: ORDERS_TAG })
      .catch(() => undefined);
    await mongo?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  test("the original runbooks still render beside the new ones, which name their guide", async () => {
    for (const [slug, title] of originals) {
      await page.goto(`/runbooks/${slug}`);
      await expect(page.getByRole("heading", { level: 1, name: title }), slug).toBeVisible();
    }
    await page.goto("/");
    for (const title of [...originals.values(), "Payment Queue Backlog", "Ledger Lock Contention"]) {
      await expect(page.getByRole("link", { name: title, exact: true }).first(), title).toBeVisible();
    }
    await page.goto("/runbooks/payment-queue-backlog");
    await expect(page.getByRole("heading", { level: 1, name: "Payment Queue Backlog" })).toBeVisible();
    await expect(page.locator("main")).toContainText(TEAM_GUIDE);
  });

  test("the queue length is judged by the team's declared threshold and goes red when the list fills", async () => {
    await page.goto("/runbooks/payment-queue-backlog");
    const card = page.locator('[id="diagnosis-1"]');
    expect(await runStep(page, "diagnosis-1")).toBe("ok");
    await expect(card).toContainText("0 jobs");

    for (let batch = 0; batch < 12; batch++) {
      await redis?.rpush(QUEUE, ...Array.from({ length: 1000 }, (_, i) => `payment-${batch}-${i}`));
    }
    expect(await runStep(page, "diagnosis-1")).toBe("critical");
    await expect(card).toContainText("12000 jobs");
    await expect(card).toContainText("declared in payment-queue-backlog.md");
  });

  test("the named HTTP target workers.internal answers its health check", async () => {
    await page.goto("/runbooks/payment-queue-backlog");
    expect(await runStep(page, "diagnosis-2")).toBe("ok");
    await expect(page.locator('[id="diagnosis-2"]')).toContainText("workers.internal");
  });

  test("the SQL block reads pg_stat_activity on the machine's PostgreSQL", async () => {
    // A missing service fails the run with its reason; it never skips (scripts/services.sh starts PostgreSQL).
    expect(
      process.env.POSTGRES_URL,
      "no PostgreSQL answered when the demo stack started (POSTGRES_URL empty)",
    ).toBeTruthy();
    await page.goto("/runbooks/ledger-lock-contention");
    expect(await runStep(page, "diagnosis-1")).toBe("shown");
    const card = page.locator('[id="diagnosis-1"]');
    await expect(card.getByRole("columnheader", { name: "wait_event_type" })).toBeVisible();
    await expect(card).toContainText(/active|idle/);
  });

  test("the javascript block's find with ISODate() runs live with explain", async () => {
    await page.goto("/runbooks/ledger-lock-contention");
    const card = page.locator('[id="diagnosis-2"]');
    // The filter ISODate("2024-01-01") became, shown as Extended JSON the operator may edit.
    await expect(card.getByRole("textbox", { name: /Query filter/ })).toHaveValue(
      '{"status":"pending","created_at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}}}',
    );
    const status = await runStep(page, "diagnosis-2");
    if (status === "unsupported") {
      // The demo's MongoDB-compatible server is FerretDB: it answers explain with its backend's plan and no
      // executionStats, which the step reports with that plan (MongoDB's executionStats are judged ok/warning/critical).
      await expect(card).toContainText(/FerretDB .+ answers explain with its backend's plan \(SCAN on orders/);
    } else {
      expect(status).toMatch(/^(ok|warning|critical)$/);
      await expect(card.getByTestId("headline")).toContainText(/SCAN/);
    }
    // The command it ran, to copy: the Extended JSON filter deserialized, so ISODate's Date stays a Date.
    await expect(card).toContainText(
      `db.orders.find(EJSON.deserialize({"status":"pending","created_at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}}}))`,
    );
    // Its write stays a manual step with the reason.
    await expect(page.locator("main")).toContainText("deleteMany() changes data or server state");
  });

  test("the ledger's count of old pending orders runs live, judged by the team's declared threshold", async () => {
    await page.goto("/runbooks/ledger-lock-contention");
    const card = page.locator('[id="diagnosis-3"]');
    // At least the two old pending orders the test inserted: over the declared "> 0".
    expect(await runStep(page, "diagnosis-3")).toBe("warning");
    await expect(card.getByTestId("headline")).toContainText(/^\s*([2-9]|\d{2,}) orders/);
    await expect(card).toContainText("declared in ledger-lock-contention.md");
    await expect(card).toContainText("db.orders.countDocuments(EJSON.deserialize(");
  });
});
