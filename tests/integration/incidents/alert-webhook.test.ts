// POST /api/alerts with payloads captured from a real Alertmanager 0.25 (tests/fixtures/alertmanager), on both stores:
// valid, duplicate, resolved, unmatched, unauthenticated and malformed; then a live Alertmanager delivering to it.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/alerts/route";
import { closeIncidentStore, getIncidentStore } from "@/lib/incidents";
import { automaticSteps } from "@/lib/incidents/alert-mapping";
import { ALERT_BODY_LIMIT, handleAlertWebhook } from "@/lib/incidents/alert-webhook";
import type { RunEntry } from "@/lib/incidents/model";
import { getRunbook } from "@/lib/runbooks/library";
import { type AppService, isolateConfigEnv, startAppService } from "../diagnostics/support";
import { freePort, setEnv } from "../systems/helpers";
import { assertMongoUp, MONGODB_URL, ROOT, RUN_ID } from "./support";

const FIXTURES = path.join(ROOT, "tests/fixtures/alertmanager");
const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as Record<string, unknown>;
const TOKEN = "webhook-test-token-0123456789abcdef";

/** An API failing 12 % of its requests: every scrape sees 1000 more requests, 120 of them 5xx. */
let scrapes = 0;
function errorMetrics(): string {
  scrapes++;
  return `# TYPE http_requests_total counter
http_requests_total{route="/v1/query",status="200"} ${880 * scrapes}
http_requests_total{route="/v1/query",status="500"} ${120 * scrapes}
# TYPE agent_errors_total counter
agent_errors_total{type="upstream"} ${120 * scrapes}
`;
}

let app: AppService;
let tmp: string;
let restoreEnv: () => void;
let tasks: Promise<void>[] = [];

function post(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request("http://127.0.0.1/api/alerts", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The handler as the route runs it, with background work collected so a test can wait for it. */
async function deliver(request: Request): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await handleAlertWebhook(request, { schedule: (task) => tasks.push(task()) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function settle(): Promise<void> {
  const pending = tasks;
  tasks = [];
  await Promise.all(pending);
}

async function everything() {
  const store = await getIncidentStore();
  const { items } = await store.listIncidents({ limit: 100 });
  const timelines = await Promise.all(items.map((i) => store.timeline(i.id)));
  return { items, entries: timelines.flat(), alerts: await store.listAlerts() };
}

beforeAll(async () => {
  restoreEnv = isolateConfigEnv().restore;
  app = await startAppService();
  app.setMetrics(errorMetrics);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "alerts-webhook-"));
  fs.writeFileSync(path.join(tmp, "error.log"), "2026-11-28T10:00:00Z ERROR upstream timeout\n");
});

afterAll(async () => {
  await closeIncidentStore();
  await app.close();
  restoreEnv();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.each(["sqlite", "mongo"] as const)("POST /api/alerts (%s store)", (kind) => {
  let n = 0;
  beforeAll(async () => {
    if (kind === "mongo") await assertMongoUp();
  });

  beforeEach(async () => {
    await closeIncidentStore();
    n++;
    setEnv({
      INCIDENT_STORE: kind,
      DATA_DIR: path.join(tmp, `${kind}-${n}`),
      INCIDENTS_MONGODB_URL: kind === "mongo" ? MONGODB_URL : undefined,
      INCIDENTS_MONGODB_DATABASE: `alerts_${RUN_ID}_${n}`,
      ALERTS_TOKEN: TOKEN,
      API_URL: app.base,
      LOG_FILES: `/var/log/error.log=${path.join(tmp, "error.log")}`,
    });
  });

  afterEach(async () => {
    await settle();
    if (kind === "mongo") {
      const store = await getIncidentStore();
      if (store.kind === "mongo")
        await (store as unknown as { db: { dropDatabase: () => Promise<unknown> } }).db.dropDatabase();
    }
    await closeIncidentStore();
  });

  it("a firing alert opens an incident and records the runbook's diagnostics right away", async () => {
    const { status, json } = await deliver(post(fixture("firing-high-error-rate.json")));
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "ok", received: 1, recorded: 1, duplicates: 0, unmatched: [] });
    const runbook = getRunbook("high-error-rates");
    if (!runbook) throw new Error("runbook high-error-rates is missing");
    const steps = automaticSteps(runbook);
    expect(steps.map((s) => s.stepId)).toEqual(["diagnosis-1", "diagnosis-2"]);
    expect(json.diagnostics).toBe(steps.length);
    await settle();

    const { items, entries } = await everything();
    expect(items).toHaveLength(1);
    const incident = items[0];
    expect(incident).toMatchObject({
      title: "HighErrorRate: High 5xx error rate on demo-api",
      severity: "sev2",
      status: "investigating",
      runbooks: ["high-error-rates"],
      groupKey: '{}:{alertname="HighErrorRate", job="demo-api"}',
      createdBy: { id: "alertmanager" },
      symptoms: runbook.symptoms,
    });
    expect(json.incidents).toEqual([incident?.id]);
    const alert = entries.find((e) => e.type === "alert");
    expect(alert?.type === "alert" && alert.alert).toMatchObject({
      alertname: "HighErrorRate",
      status: "firing",
      fingerprint: "be8f501909ea5daf",
      runbook: "high-error-rates",
    });
    const runs = entries.filter((e): e is RunEntry => e.type === "run");
    expect(runs.map((r) => r.stepId).sort()).toEqual(["diagnosis-1", "diagnosis-2"]);
    const errors = runs.find((r) => r.stepId === "diagnosis-1");
    expect(errors).toMatchObject({ source: "alert", runbookHash: runbook.contentHash, actor: { id: "alertmanager" } });
    expect(errors?.verdict.status).toBe("critical");
    expect(errors?.raw).toContain("agent_errors_total");
  });

  it("a repeat of the same notification is recorded once and runs nothing again", async () => {
    await deliver(post(fixture("firing-high-error-rate.json")));
    await settle();
    const before = await everything();
    const { status, json } = await deliver(post(fixture("firing-high-error-rate.json")));
    expect(status).toBe(200);
    expect(json).toMatchObject({ received: 1, recorded: 0, duplicates: 1, diagnostics: 0 });
    await settle();
    const after = await everything();
    expect(after.entries).toHaveLength(before.entries.length);
    expect(after.items).toHaveLength(1);
  });

  it("another alert of the same group joins the open incident; a resolved alert adds a timeline entry", async () => {
    const firing = fixture("firing-high-error-rate.json");
    await deliver(post(firing));
    const second = structuredClone(firing) as { alerts: { fingerprint: string; labels: Record<string, string> }[] };
    const a = second.alerts[0];
    if (!a) throw new Error("fixture has no alert");
    a.fingerprint = "0123456789abcdef";
    a.labels.instance = "api-2";
    expect((await deliver(post(second))).json).toMatchObject({ recorded: 1 });
    const resolved = await deliver(post(fixture("resolved-high-error-rate.json")));
    expect(resolved.json).toMatchObject({ recorded: 1, diagnostics: 0 });
    await settle();
    const { items, entries } = await everything();
    expect(items).toHaveLength(1);
    const alerts = entries.flatMap((e) => (e.type === "alert" ? [`${e.alert.fingerprint} ${e.alert.status}`] : []));
    expect(alerts).toEqual(["be8f501909ea5daf firing", "0123456789abcdef firing", "be8f501909ea5daf resolved"]);
    // Diagnostics ran once per new firing alert of the group, each recorded.
    expect(entries.filter((e) => e.type === "run")).toHaveLength(4);
  });

  it("an alert of another name and group mapping to the same runbook joins its open incident", async () => {
    await deliver(post(fixture("firing-high-error-rate.json")));
    const other = fixture("firing-high-error-rate.json") as {
      groupKey: string;
      alerts: { labels: Record<string, string>; annotations: Record<string, string>; fingerprint: string }[];
      commonLabels: Record<string, string>;
      commonAnnotations: Record<string, string>;
    };
    const a = other.alerts[0];
    if (!a) throw new Error("fixture has no alert");
    other.groupKey = '{}:{alertname="ApiFailing"}';
    a.labels.alertname = "ApiFailing";
    other.commonLabels.alertname = "ApiFailing";
    a.fingerprint = "aaaabbbbccccdddd";
    // Mapped by runbook_url only: no runbook claims the name.
    a.annotations.runbook_url = "https://dash.example.com/runbooks/high-error-rates";
    const { json } = await deliver(post(other));
    expect(json).toMatchObject({ recorded: 1, unmatched: [] });
    await settle();
    const { items, entries } = await everything();
    expect(items).toHaveLength(1);
    expect(json.incidents).toEqual([items[0]?.id]);
    const names = entries.flatMap((e) => (e.type === "alert" ? [e.alert.alertname] : []));
    expect(names).toEqual(["HighErrorRate", "ApiFailing"]);
  });

  it("an alert no runbook claims is kept for the alerts page and opens no incident", async () => {
    const { json } = await deliver(post(fixture("firing-unmatched.json")));
    expect(json).toMatchObject({ recorded: 1, unmatched: ["DiskAlmostFull"], incidents: [], diagnostics: 0 });
    const { items, alerts } = await everything();
    expect(items).toHaveLength(0);
    expect(alerts).toMatchObject([{ alertname: "DiskAlmostFull", runbook: null, incidentId: null }]);
  });

  it("maps an alert by annotations.runbook_url when no runbook claims its name", async () => {
    const payload = fixture("firing-high-error-rate.json") as {
      alerts: { labels: Record<string, string>; annotations: Record<string, string>; fingerprint: string }[];
      commonLabels: Record<string, string>;
      commonAnnotations: Record<string, string>;
    };
    const a = payload.alerts[0];
    if (!a) throw new Error("fixture has no alert");
    a.labels.alertname = "CacheMissesClimbing";
    a.fingerprint = "feedfacecafebeef";
    delete a.annotations.runbook_url;
    payload.commonAnnotations.runbook_url = "https://dash.example.com/runbooks/low-cache-hit-rate#diagnosis-1";
    const { json } = await deliver(post(payload));
    expect(json).toMatchObject({ recorded: 1, unmatched: [] });
    const { items } = await everything();
    expect(items[0]?.runbooks).toEqual(["low-cache-hit-rate"]);
  });

  it("rejects unauthenticated and wrongly authenticated calls with the reason, writing nothing", async () => {
    const body = fixture("firing-high-error-rate.json");
    const cases: [Record<string, string>, RegExp][] = [
      [{ authorization: "" }, /missing Authorization header/],
      [{ authorization: `Bearer ${TOKEN}x` }, /invalid bearer token/],
      [{ authorization: "Bearer wrong" }, /invalid bearer token/],
      [{ authorization: `Basic ${Buffer.from(`am:${TOKEN}`).toString("base64")}` }, /must be `Bearer <token>`/],
    ];
    for (const [headers, reason] of cases) {
      const request = post(body, headers);
      if (headers.authorization === "") request.headers.delete("authorization");
      const response = await POST(request);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(((await response.json()) as { error: string }).error).toMatch(reason);
    }
    const { items, alerts } = await everything();
    expect(items).toHaveLength(0);
    expect(alerts).toHaveLength(0);
  });

  it("rejects malformed payloads with the reason, writing nothing", async () => {
    const valid = fixture("firing-high-error-rate.json") as Record<string, unknown> & {
      alerts: Record<string, unknown>[];
    };
    const noFingerprint = structuredClone(valid);
    delete noFingerprint.alerts[0]?.fingerprint;
    const noAlertname = structuredClone(valid);
    (noAlertname.alerts[0] as { labels: Record<string, string> }).labels = { job: "x" };
    const badTime = structuredClone(valid);
    (badTime.alerts[0] as { startsAt: string }).startsAt = "yesterday";
    const cases: [Request, number, RegExp][] = [
      [post("{not json"), 400, /not JSON/],
      [post({ ...valid, version: "3" }), 400, /unsupported webhook payload version "3"/],
      [post({ ...valid, version: undefined }), 400, /unsupported webhook payload version null/],
      [post([1, 2, 3]), 400, /version/],
      [post(noFingerprint), 400, /alerts\.0\.fingerprint/],
      [post(noAlertname), 400, /alertname is required/],
      [post(badTime), 400, /startsAt must be an RFC 3339 time/],
      [post({ ...valid, status: "exploded" }), 400, /status/],
      [post(valid, { "content-type": "text/plain" }), 415, /Content-Type must be application\/json/],
      [post(`{"version":"4","pad":"${"x".repeat(ALERT_BODY_LIMIT)}"}`), 413, /over 1048576 bytes/],
    ];
    for (const [request, status, reason] of cases) {
      const { status: got, json } = await deliver(request);
      expect(got, String(reason)).toBe(status);
      expect(String(json.error)).toMatch(reason);
    }
    const { items, alerts } = await everything();
    expect(items).toHaveLength(0);
    expect(alerts).toHaveLength(0);
  });

  it("answers 503 with how to turn intake on when no token is configured", async () => {
    setEnv({ ALERTS_TOKEN: undefined });
    const { status, json } = await deliver(post(fixture("firing-high-error-rate.json")));
    expect(status).toBe(503);
    expect(json.error).toBe("alert intake disabled: set ALERTS_TOKEN");
  });
});

describe("a real Alertmanager delivering to the webhook", () => {
  let alertmanager: ChildProcess | undefined;
  let receiver: http.Server | undefined;
  let amPort = 0;
  const amDir = () => path.join(tmp, "alertmanager");

  beforeAll(async () => {
    await closeIncidentStore();
    setEnv({
      INCIDENT_STORE: "sqlite",
      DATA_DIR: path.join(tmp, "live"),
      ALERTS_TOKEN: TOKEN,
      API_URL: app.base,
      LOG_FILES: `/var/log/error.log=${path.join(tmp, "error.log")}`,
    });
    // The receiving end: a node:http server handing each request to the route's handler, as `next start` would.
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const request = new Request(`http://127.0.0.1${req.url}`, {
          method: "POST",
          headers,
          body: Buffer.concat(chunks),
        });
        void handleAlertWebhook(request, { schedule: (task) => tasks.push(task()) }).then(async (response) => {
          res.writeHead(response.status, { "content-type": "application/json" });
          res.end(await response.text());
        });
      });
    });
    await new Promise<void>((resolve) => receiver?.listen(0, "127.0.0.1", resolve));
    const address = receiver.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    fs.mkdirSync(amDir(), { recursive: true });
    fs.writeFileSync(path.join(amDir(), "token"), TOKEN, { mode: 0o600 });
    fs.writeFileSync(
      path.join(amDir(), "alertmanager.yml"),
      [
        "route:",
        "  receiver: dashboard",
        "  group_by: [alertname, job]",
        "  group_wait: 1s",
        "  group_interval: 2s",
        "  repeat_interval: 4h",
        "receivers:",
        "  - name: dashboard",
        "    webhook_configs:",
        `      - url: http://127.0.0.1:${address.port}/api/alerts`,
        "        send_resolved: true",
        "        http_config:",
        "          authorization:",
        "            type: Bearer",
        `            credentials_file: ${path.join(amDir(), "token")}`,
        "",
      ].join("\n"),
    );
    amPort = await freePort();
    alertmanager = spawn(
      "prometheus-alertmanager",
      [
        `--config.file=${path.join(amDir(), "alertmanager.yml")}`,
        `--storage.path=${path.join(amDir(), "data")}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        "--cluster.listen-address=",
      ],
      { stdio: "ignore" },
    );
    alertmanager.on("error", (e) => {
      throw new Error(`prometheus-alertmanager could not start (${e.message}): run bash scripts/services.sh`);
    });
    const until = Date.now() + 20_000;
    while (
      !(await fetch(`http://127.0.0.1:${amPort}/-/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > until) throw new Error("prometheus-alertmanager did not get ready within 20 s");
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    alertmanager?.kill("SIGTERM");
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    await settle();
    await closeIncidentStore();
  });

  it("firing → incident with diagnostics; resolved → a timeline entry, over Alertmanager's own HTTP client", async () => {
    const startsAt = new Date().toISOString();
    const alert = {
      labels: { alertname: "HighErrorRate", job: "demo-api", severity: "critical" },
      annotations: { summary: "High 5xx error rate on demo-api" },
      startsAt,
    };
    const push = (body: unknown) =>
      fetch(`http://127.0.0.1:${amPort}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await push([alert])).ok).toBe(true);
    const store = await getIncidentStore();
    await expect.poll(async () => (await store.listIncidents()).total, { timeout: 20_000 }).toBe(1);
    await settle();
    const incident = (await store.listIncidents()).items[0];
    if (!incident) throw new Error("no incident");
    expect((await store.timeline(incident.id)).filter((e) => e.type === "run")).toHaveLength(2);

    expect((await push([{ ...alert, endsAt: new Date().toISOString() }])).ok).toBe(true);
    await expect
      .poll(
        async () =>
          (await store.timeline(incident.id)).some((e) => e.type === "alert" && e.alert.status === "resolved"),
        { timeout: 20_000 },
      )
      .toBe(true);
  });
});
