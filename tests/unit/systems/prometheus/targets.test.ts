import { describe, expect, it } from "vitest";
import { analyzePrometheusTargets } from "../../../../lib/systems/prometheus/check-targets";
import { parsePrometheusDuration, readPrometheusTargets } from "../../../../lib/systems/prometheus/targets";
import { fixtureJson, readOk } from "../fixtures";

/** Typed fixtures: the one /api/v1/targets reader run over the fixture JSON, as the client does. */
const targets = (json: unknown) => readOk(readPrometheusTargets(json));

describe("parsePrometheusDuration", () => {
  it("reads Prometheus duration strings", () => {
    expect(parsePrometheusDuration("10s")).toBe(10);
    expect(parsePrometheusDuration("500ms")).toBe(0.5);
    expect(parsePrometheusDuration("1m30s")).toBe(90);
    expect(parsePrometheusDuration("1h")).toBe(3600);
    expect(parsePrometheusDuration("1d2h")).toBe(93600);
    expect(parsePrometheusDuration("")).toBeNull();
    expect(parsePrometheusDuration("10")).toBeNull();
    expect(parsePrometheusDuration("10 s")).toBeNull();
    expect(parsePrometheusDuration("s10")).toBeNull();
  });
});

describe("analyzePrometheusTargets", () => {
  it("is critical when a target is down, quoting lastError", () => {
    const v = analyzePrometheusTargets(targets(fixtureJson("prometheus/targets-one-down.json")));
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("1 of 3 targets down");
    expect(v.headlineValue).toBe(1);
    expect(v.detail).toBe(
      'worker http://worker:9464/metrics is down: Get "http://worker:9464/metrics": dial tcp 10.0.3.7:9464: connect: connection refused.',
    );
    expect(v.findings).toEqual(["targets-down"]);
    expect(v.tables?.[0]?.columns).toEqual([
      "scrapePool",
      "scrapeUrl",
      "health",
      "lastError",
      "lastScrape",
      "lastScrapeDuration",
      "scrapeTimeout",
    ]);
    expect(v.tables?.[0]?.rows[1]).toEqual([
      "agent-api",
      "http://agent-api:3000/metrics",
      "up",
      null,
      "2024-11-28T17:40:03.884120551Z",
      "22 ms",
      "10s",
    ]);
    expect(v.figures).toContainEqual({ label: "dropped targets", value: 0 });
  });

  it("warns when a scrape takes more than 80 % of its timeout and reports unknown targets", () => {
    const v = analyzePrometheusTargets(targets(fixtureJson("prometheus/targets-slow-scrape.json")));
    // 0.4521 s of a 500ms timeout = 90 %
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("2 targets up, 1 unknown");
    expect(v.detail).toBe(
      "http://agent-api:3000/metrics took 452 ms of its 500ms scrape timeout. 1 not scraped yet (health unknown).",
    );
    expect(v.findings).toBeUndefined();
    expect(v.figures).toContainEqual({ label: "dropped targets", value: 1 });
  });

  it("is ok when every target is up and fast", () => {
    const body = fixtureJson("prometheus/targets-one-down.json") as { data: { activeTargets: { health: string }[] } };
    for (const t of body.data.activeTargets) t.health = "up";
    const v = analyzePrometheusTargets(targets(body));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("3 targets up");
  });

  it("warns when there is no active target", () => {
    const v = analyzePrometheusTargets(targets({ status: "success", data: { activeTargets: [], droppedTargets: [] } }));
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("no active targets");
    expect(v.findings).toEqual(["targets-down"]);
  });
});

describe("readPrometheusTargets", () => {
  it("types each target, with its timeout in seconds and the dropped count", () => {
    const read = targets(fixtureJson("prometheus/targets-slow-scrape.json"));
    expect(read.droppedTargets).toBe(1);
    expect(read.activeTargets[1]).toMatchObject({
      scrapeUrl: "http://agent-api:3000/metrics",
      scrapeTimeout: "500ms",
      scrapeTimeoutSeconds: 0.5,
    });
    expect(targets({ status: "success", data: { activeTargets: [] } }).droppedTargets).toBeNull();
  });

  it("masks credentials in scrape URLs and errors as it reads them", () => {
    const body = fixtureJson("prometheus/targets-one-down.json") as {
      data: { activeTargets: { scrapeUrl: string; lastError: string }[] };
    };
    const [first] = body.data.activeTargets;
    if (!first) throw new Error("fixture has no target");
    first.scrapeUrl = "http://scraper:hunter2@app:3000/metrics";
    first.lastError = 'Get "http://scraper:hunter2@app:3000/metrics": EOF';
    const read = targets(body);
    expect(JSON.stringify(read)).not.toContain("hunter2");
    expect(read.activeTargets[0]?.scrapeUrl).toBe("http://scraper:***@app:3000/metrics");
  });

  it("is an error on a Prometheus error or a malformed body", () => {
    const refused = readPrometheusTargets({
      status: "error",
      errorType: "bad_data",
      error: 'invalid parameter "state"',
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.verdict.status).toBe("error");
    expect(refused.verdict.headline).toBe("Prometheus refused the targets query");
    expect(refused.verdict.detail).toBe('status error (bad_data): invalid parameter "state"');
    const bad = readPrometheusTargets({ status: "success", data: { activeTargets: [{ scrapeUrl: "x" }] } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.verdict.status).toBe("error");
    expect(bad.verdict.detail).toContain("/api/v1/targets.data.activeTargets[0].health");
    const html = readPrometheusTargets("<html>");
    expect(html.ok ? "read" : html.verdict.status).toBe("error");
  });
});
