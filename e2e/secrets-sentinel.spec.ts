// Redaction, proved end to end: one unique sentinel string is put in every credential the dashboard
// holds (Redis requirepass and URLs, MongoDB password, HTTP userinfo, Prometheus, the alerts token, the
// session secret, the OIDC client secret, limits and remediation URLs, an APP_ environment variable, a
// config-file key). A signed-in admin then uses everything: every runbook's Run all, an incident with
// recorded runs, a note, the Markdown export, a remediation, the audit page, an alert delivery. The
// sentinel must not appear in any HTML, RSC payload, server action result, JSON/NDJSON answer, stored
// file (incidents, audit, sessions) or the server's own log.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { MongoClient } from "mongodb";

const ROOT = path.resolve(__dirname, "..");
const SENTINEL = `Sntl${randomBytes(12).toString("hex")}`;
const PASSWORD = "sentinel-admin-password-1";
const EMAIL = "admin@sentinel.test";
const MONGO_DB = `sentinel_${Date.now().toString(36)}`;
const RUNBOOKS = [
  "high-error-rates",
  "slow-response-times",
  "low-cache-hit-rate",
  "cache-memory-issues",
  "connection-pool-exhaustion",
  "query-performance-issues",
  "missing-metrics",
];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

async function waitFor(what: string, ms: number, probe: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Stack {
  tmp: string;
  base: string;
  redis: ChildProcess;
  dashboard: ChildProcess;
  app: http.Server;
  log: () => string;
  env: Record<string, string>;
}

let stack: Stack | undefined;

/** A small app: /health and /metrics answer; its URL carries the sentinel as userinfo. */
function startApp(): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    if (req.url === "/health") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"pass"}');
    } else if (req.url === "/metrics") {
      res
        .writeHead(200, { "content-type": "text/plain" })
        .end("# TYPE http_requests_total counter\nhttp_requests_total 1\n");
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : 0 });
    }),
  );
}

async function startStack(): Promise<Stack> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rb-sentinel-"));
  const redisPort = await freePort();
  const redis = spawn(
    "redis-server",
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", SENTINEL],
    { stdio: "ignore" },
  );
  const app = await startApp();
  const appPort = (app.server.address() as net.AddressInfo).port;
  const deadPort = await freePort();
  const dashboardPort = await freePort();
  fs.writeFileSync(
    path.join(tmp, "config.yaml"),
    `database:\n  host: db.internal\n  password: ${SENTINEL}\n  url: mongodb://app:${SENTINEL}@db.internal/\n`,
  );
  fs.writeFileSync(path.join(tmp, "error.log"), `ERROR connect failed for redis://:${SENTINEL}@cache:6379\n`);
  const redisUrl = `redis://:${SENTINEL}@127.0.0.1:${redisPort}`;
  const env: Record<string, string> = {
    HOST: "127.0.0.1",
    PORT: String(dashboardPort),
    AUTH_MODE: "local",
    AUTH_SECRET: `${SENTINEL}-session-secret-padding`,
    OIDC_CLIENT_SECRET: `${SENTINEL}-oidc`,
    ALERTS_TOKEN: `${SENTINEL}-alerts-token`,
    API_URL: `http://svc:${SENTINEL}@127.0.0.1:${appPort}`,
    PROMETHEUS_URL: `http://prom:${SENTINEL}@127.0.0.1:${deadPort}`,
    EXTERNAL_SERVICES: `external-service=http://ext:${SENTINEL}@127.0.0.1:${deadPort}`,
    EXPECTED_METRICS: "http_requests_total,agent_errors_total",
    REDIS_URL: redisUrl,
    REDIS_REMEDIATION_URL: redisUrl,
    LIMITS_REDIS_URL: `${redisUrl}/1`,
    MONGODB_URL: `mongodb://rb:${SENTINEL}@127.0.0.1:27017/?authMechanism=PLAIN&authSource=%24external`,
    MONGODB_DATABASE: MONGO_DB,
    REMEDIATIONS_ENABLED: "true",
    INCIDENT_STORE: "sqlite",
    DATA_DIR: path.join(tmp, "data"),
    CONFIG_FILES: `config.yaml=${path.join(tmp, "config.yaml")}`,
    LOG_FILES: `/var/log/error.log=${path.join(tmp, "error.log")}`,
    ENV_PREFIX: "APP_",
    APP_DATABASE_PASSWORD: SENTINEL,
    APP_API_TOKEN: `${SENTINEL}-token`,
    RATE_LIMIT_MAX: "100",
  };
  // Nothing else from the test runner's environment (its own demo stack settings) leaks in.
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production" };
  if (process.env.NEXT_DIST_DIR) base.NEXT_DIST_DIR = process.env.NEXT_DIST_DIR;

  const users = spawn(
    path.join(ROOT, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/users.ts", "add", EMAIL, "--name", "Sentinel Admin", "--role", "admin"],
    {
      cwd: ROOT,
      env: { ...base, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let usersOut = "";
  users.stdout?.on("data", (d: Buffer) => (usersOut += d.toString()));
  users.stderr?.on("data", (d: Buffer) => (usersOut += d.toString()));
  users.stdin?.end(`${PASSWORD}\n`);
  const code = await new Promise<number | null>((resolve) => users.once("exit", resolve));
  if (code !== 0) throw new Error(`users add failed (${code}): ${usersOut}`);

  let log = usersOut;
  const dashboard = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  dashboard.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  dashboard.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const baseUrl = `http://127.0.0.1:${dashboardPort}`;
  await waitFor("the sentinel dashboard", 60_000, async () => (await fetch(`${baseUrl}/sign-in`)).ok);
  return { tmp, base: baseUrl, redis, dashboard, app: app.server, log: () => log, env };
}

/** Every file under `dir`, read as bytes (SQLite databases and their WAL included). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

test.describe("a sentinel secret in every credential", () => {
  test.describe.configure({ timeout: 300_000 });
  test.use({ storageState: { cookies: [], origins: [] } });

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    stack = await startStack();
  });

  test.afterAll(async () => {
    if (stack?.dashboard.pid !== undefined && stack.dashboard.exitCode === null)
      process.kill(-stack.dashboard.pid, "SIGTERM");
    stack?.redis.kill("SIGTERM");
    stack?.app.close();
    const client = new MongoClient("mongodb://127.0.0.1:27017/", { serverSelectionTimeoutMS: 3000 });
    try {
      await client.db(MONGO_DB).dropDatabase();
    } finally {
      await client.close();
    }
    if (stack) fs.rmSync(stack.tmp, { recursive: true, force: true });
  });

  test("never reaches a page, payload, result, stored record or log", async ({ page, request }) => {
    if (!stack) throw new Error("stack did not start");
    const { base } = stack;
    const seen: { url: string; method: string; body: string }[] = [];
    page.on("response", async (response) => {
      if (!response.url().startsWith(base)) return;
      try {
        const body = (await response.body()).toString("utf8");
        seen.push({ url: response.url(), method: response.request().method(), body });
      } catch {
        // A redirect or aborted response has no body to read.
      }
    });

    // Sign in.
    await page.goto(`${base}/sign-in?next=/`);
    await page.getByLabel("E-mail").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(`${base}/`);

    // An incident, then every runbook's Run all recorded to it.
    await page.goto(`${base}/runbooks/cache-memory-issues`);
    await page.getByRole("button", { name: "Start incident" }).click();
    const dialog = page.getByRole("dialog", { name: "Start an incident" });
    await dialog.getByLabel("Title").fill("Sentinel incident");
    await dialog.getByRole("button", { name: "Start incident" }).click();
    await expect(page.getByTestId("incident-banner")).toBeVisible();
    const incidentUrl = await page
      .getByTestId("incident-banner")
      .getByRole("link", { name: "Back to the incident" })
      .getAttribute("href");
    for (const slug of RUNBOOKS) {
      await page.goto(`${base}/runbooks/${slug}`);
      const runAll = page.getByRole("button", { name: "Run all diagnostics" });
      if ((await runAll.count()) === 0) continue;
      await runAll.click();
      // Finished when a verdict is shown and the button is back (it reads "Running diagnostics…" meanwhile).
      await expect(page.getByTestId("verdict").first()).toBeVisible({ timeout: 60_000 });
      await expect(page.getByRole("button", { name: "Run all diagnostics" })).toBeEnabled({ timeout: 60_000 });
      // Each step's raw output, opened, so hidden payloads are rendered too.
      for (const toggle of await page.getByRole("button", { name: /raw output/i }).all())
        await toggle.click().catch(() => {});
      // What the browser rendered from the streamed results (Chromium does not keep every streamed body).
      const verdicts = await page.getByTestId("verdict").count();
      seen.push({ url: `${slug} (rendered, ${verdicts} verdicts)`, method: "RENDER", body: await page.content() });
    }

    // A remediation (its command, before/after and the re-check go to the audit trail and the incident).
    await page.goto(`${base}/runbooks/low-cache-hit-rate`);
    const fix = page.getByTestId("fix-control").filter({ has: page.getByLabel("New eviction policy") });
    await fix.getByLabel("New eviction policy").selectOption("allkeys-lfu");
    await fix.getByRole("button", { name: "Fix…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Apply" }).click();
    await expect(page.getByRole("dialog").getByRole("region", { name: "Before and after" })).toBeVisible();

    // The incident: a note, its page, its export.
    expect(incidentUrl).toMatch(/^\/incidents\//);
    await page.goto(`${base}${incidentUrl}`);
    await page.getByLabel("Note (Markdown)").fill(`Checked config.yaml and the env; nothing to hide here.`);
    await page.getByRole("button", { name: "Add note" }).click();
    await expect(page.getByTestId("timeline-note").first()).toBeVisible();
    for (const url of [
      `${incidentUrl}/export`,
      "/audit",
      "/alerts",
      "/incidents",
      "/",
      "/search-index",
      "/api/stack-status",
    ]) {
      await page.goto(`${base}${url}`).catch(() => {});
    }
    // RSC payloads of each page, as client navigation fetches them.
    const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    for (const url of ["/", `/runbooks/cache-memory-issues`, `${incidentUrl}`, "/audit"]) {
      const response = await request.get(`${base}${url}`, { headers: { cookie: cookies, rsc: "1" } });
      seen.push({ url: `${url} (RSC)`, method: "GET", body: await response.text() });
    }
    // Alertmanager's webhook with the real token, and with a wrong one.
    for (const token of [stack.env.ALERTS_TOKEN, "wrong-token-wrong-token"]) {
      const response = await request.post(`${base}/api/alerts`, {
        headers: { authorization: `Bearer ${token}` },
        data: { version: "4", status: "firing", receiver: "x", groupKey: "g", alerts: [] },
      });
      seen.push({ url: `/api/alerts (${response.status()})`, method: "POST", body: await response.text() });
    }

    // It really ran against the secured services: every Run all streamed results, and secrets came back masked.
    const rendered = seen.filter((s) => s.method === "RENDER" && !s.url.includes("(rendered, 0 verdicts)"));
    expect(rendered.map((s) => s.url.split(" ")[0])).toEqual(RUNBOOKS);
    expect(seen.some((s) => s.body.includes("***"))).toBe(true);

    const leaks = seen.filter((s) => s.body.includes(SENTINEL)).map((s) => s.url);
    expect(leaks, "responses carrying the sentinel").toEqual([]);

    const stored = filesUnder(path.join(stack.tmp, "data")).filter((f) => fs.readFileSync(f).includes(SENTINEL));
    expect(filesUnder(path.join(stack.tmp, "data")).length).toBeGreaterThan(0);
    expect(stored, "stored files carrying the sentinel").toEqual([]);

    expect(stack.log().length).toBeGreaterThan(0);
    expect(stack.log().includes(SENTINEL), `the server log carries the sentinel:\n${stack.log()}`).toBe(false);
  });
});
