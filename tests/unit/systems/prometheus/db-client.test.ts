// The application-side database checks on OpenTelemetry db.client.* metrics: pool exhaustion and slow operations.
import { describe, expect, it } from "vitest";
import { analyzeDbOperations, dbOperationsChart } from "@/lib/systems/prometheus/check-db-operations";
import { analyzeDbPool, dbPoolChart } from "@/lib/systems/prometheus/check-db-pool";
import { parsePrometheusText } from "@/lib/systems/prometheus/exposition";
import type { MetricsScrape } from "@/lib/systems/prometheus/metric-scrape";

const T0 = Date.parse("2026-12-04T03:00:00Z");
const scrape = (text: string, at: number): MetricsScrape => ({ families: parsePrometheusText(text), at });

function pool(used: number, idle: number, pending: number, timeouts: number): string {
  const p = 'db_client_connection_pool_name="main"';
  return [
    "# TYPE db_client_connection_count gauge",
    `db_client_connection_count{${p},db_client_connection_state="used"} ${used}`,
    `db_client_connection_count{${p},db_client_connection_state="idle"} ${idle}`,
    "# TYPE db_client_connection_max gauge",
    `db_client_connection_max{${p}} 10`,
    "# TYPE db_client_connection_pending_requests gauge",
    `db_client_connection_pending_requests{${p}} ${pending}`,
    "# TYPE db_client_connection_timeouts_total counter",
    `db_client_connection_timeouts_total{${p}} ${timeouts}`,
    "",
  ].join("\n");
}

describe("analyzeDbPool", () => {
  it("is ok with room in the pool, and states the window of the timeouts", () => {
    const v = analyzeDbPool(scrape(pool(3, 7, 0, 40), T0 + 300_000), scrape(pool(2, 8, 0, 40), T0));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("pool 3 of 10 in use, 0 waiting, 0 checkout timeouts");
    expect(v.detail).toContain("over the last 5 min");
  });

  it("warns at 80 % in use or with requests waiting", () => {
    expect(analyzeDbPool(scrape(pool(8, 2, 0, 0), T0 + 60_000), scrape(pool(1, 9, 0, 0), T0)).status).toBe("warning");
    expect(analyzeDbPool(scrape(pool(2, 8, 1, 0), T0 + 60_000), scrape(pool(1, 9, 0, 0), T0)).status).toBe("warning");
  });

  it("is critical when checkouts time out within the window — old timeouts do not count", () => {
    const v = analyzeDbPool(scrape(pool(10, 0, 6, 52), T0 + 60_000), scrape(pool(10, 0, 4, 40), T0));
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("pool 10 of 10 in use, 6 waiting, 12 checkout timeouts");
    expect(v.findings).toEqual(["mongo-connections"]);
    const old = analyzeDbPool(scrape(pool(2, 8, 0, 52), T0 + 60_000), scrape(pool(2, 8, 0, 52), T0));
    expect(old.status).toBe("ok");
  });

  it("names the metrics it needs when they are missing", () => {
    const v = analyzeDbPool(scrape("# TYPE x_total counter\nx_total 1\n", T0 + 1000), scrape("", T0));
    expect(v.status).toBe("error");
    expect(v.headline).toContain("db_client_connection_count");
  });

  it("charts the share of the pool in use", () => {
    expect(dbPoolChart(parsePrometheusText(pool(1, 1, 0, 0)), { job: "api" })?.expr("5m")).toBe(
      '100 * sum(db_client_connection_count{job="api",db_client_connection_state="used"}) / sum(db_client_connection_max{job="api"})',
    );
  });
});

function operations(rows: [string, string, number[]][]): string {
  const bounds = ["0.01", "0.1", "1", "5", "+Inf"];
  const lines = ["# TYPE db_client_operation_duration_seconds histogram"];
  for (const [collection, operation, counts] of rows) {
    const l = `db_collection_name="${collection}",db_operation_name="${operation}"`;
    for (const [i, le] of bounds.entries()) {
      lines.push(`db_client_operation_duration_seconds_bucket{${l},le="${le}"} ${counts[i]}`);
    }
    lines.push(`db_client_operation_duration_seconds_sum{${l}} 1`);
    lines.push(`db_client_operation_duration_seconds_count{${l}} ${counts[counts.length - 1]}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("analyzeDbOperations", () => {
  it("ranks collection.operation by p99 over the window and is critical above 1 s", () => {
    const before = operations([
      ["events", "find", [0, 0, 0, 0, 0]],
      ["agents", "find", [100, 100, 100, 100, 100]],
    ]);
    const after = operations([
      ["events", "find", [0, 2, 10, 312, 312]],
      ["agents", "find", [400, 400, 400, 400, 400]],
    ]);
    const v = analyzeDbOperations(scrape(after, T0 + 300_000), scrape(before, T0));
    expect(v.status).toBe("critical");
    expect(v.headline).toMatch(/^events\.find p99 (4\.\d|5) s, 312 ops$/);
    expect(v.findings).toEqual(["mongo-slow-ops"]);
    expect(v.tables?.[0]?.rows.map((r) => r[0])).toEqual(["events.find", "agents.find"]);
    expect(v.tables?.[0]?.rows[1]?.[1]).toBe(300);
    expect(v.detail).toContain("over the last 5 min");
  });

  it("does not judge a p99 of fewer than 5 operations", () => {
    const v = analyzeDbOperations(
      scrape(operations([["events", "find", [0, 0, 0, 2, 2]]]), T0 + 60_000),
      scrape(operations([["events", "find", [0, 0, 0, 0, 0]]]), T0),
    );
    expect(v.status).toBe("ok");
    expect(v.headline).toMatch(/^events\.find p99/);
  });

  it("charts the p99 of all operations", () => {
    expect(dbOperationsChart(parsePrometheusText(operations([["e", "find", [1, 1, 1, 1, 1]]])), {})?.expr("1m")).toBe(
      "histogram_quantile(0.99, sum by (le) (rate(db_client_operation_duration_seconds_bucket[1m])))",
    );
  });
});
