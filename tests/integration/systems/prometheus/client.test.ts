// lib/targets/prometheus against a real Prometheus scraping our test service and one dead target.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TargetError } from "@/lib/systems/core/target-error";
import { httpAdapter } from "@/lib/systems/http/adapter";
import { parseCommand } from "@/lib/systems/parse-command";
import { prometheusTargets } from "@/lib/systems/prometheus/client";
import { startPrometheus, type TestPrometheus } from "@/tests/support/prometheus";
import { closedPort, rejection, setEnv, withEnv } from "../helpers";
import { startTestHttpServer, type TestHttpServer } from "../http-server";

let server: TestHttpServer;
let prometheus: TestPrometheus | undefined;
let promUrl: string;
let deadPort: number;

beforeAll(async () => {
  server = await startTestHttpServer();
  deadPort = await closedPort();
  prometheus = await startPrometheus({
    app: [`127.0.0.1:${server.port}`],
    dead: [`127.0.0.1:${deadPort}`],
  });
  promUrl = prometheus.url;
  setEnv({ PROMETHEUS_URL: promUrl });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await server?.close();
});

/** Polls `probe` every 250 ms until it returns a value, for at most `ms`. */
async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what} (${String(last)})`);
}

describe("prometheusTargets", () => {
  it("lists the live target up and the dead one down with its error", async () => {
    const result = await waitFor("both targets to be scraped", 30_000, async () => {
      const r = await prometheusTargets();
      const up = r.activeTargets.find((t) => t.scrapePool === "app");
      const down = r.activeTargets.find((t) => t.scrapePool === "dead");
      return up?.health === "up" && down?.health === "down" ? r : undefined;
    });
    expect(result.activeTargets).toHaveLength(2);
    const app = result.activeTargets.find((t) => t.scrapePool === "app");
    const dead = result.activeTargets.find((t) => t.scrapePool === "dead");
    expect(app).toMatchObject({ health: "up", lastError: "", scrapeInterval: "1s", scrapeTimeout: "1s" });
    expect(app?.scrapeUrl).toBe(`http://127.0.0.1:${server.port}/metrics`);
    expect(app?.labels.job).toBe("app");
    expect(dead?.health).toBe("down");
    expect(dead?.lastError).toMatch(/connection refused/i);
    expect(dead?.lastScrapeDuration).toBeGreaterThanOrEqual(0);
    expect(result.url).toBe(`${promUrl}/api/v1/targets?state=active`);
    // And Prometheus really scraped our service.
    expect(server.requests.some((r) => r.path === "/metrics")).toBe(true);
  });

  it("not configured names PROMETHEUS_URL", async () => {
    await withEnv({ PROMETHEUS_URL: undefined }, async () => {
      const { error } = await rejection(prometheusTargets());
      const e = error as TargetError;
      expect(e).toBeInstanceOf(TargetError);
      expect(e.kind).toBe("not-configured");
      expect(e.message).toContain("PROMETHEUS_URL");
    });
  });

  it("a URL that is not Prometheus is reported, not parsed", async () => {
    await withEnv({ PROMETHEUS_URL: server.base }, async () => {
      const { error } = await rejection(prometheusTargets());
      const e = error as TargetError;
      expect(e).toBeInstanceOf(TargetError);
      expect(e.system).toBe("prometheus");
      expect(e.message).toMatch(/not JSON|HTTP 404/);
    });
  });

  it("a dead Prometheus is 'refused'", async () => {
    await withEnv({ PROMETHEUS_URL: `http://127.0.0.1:${deadPort}` }, async () => {
      const { error } = await rejection(prometheusTargets());
      expect((error as TargetError).kind).toBe("refused");
    });
  });

  it("reads the Prometheus whose base it is given, not PROMETHEUS_URL", async () => {
    await withEnv({ PROMETHEUS_URL: `http://127.0.0.1:${deadPort}` }, async () => {
      const result = await prometheusTargets(promUrl);
      expect(result.url).toBe(`${promUrl}/api/v1/targets?state=active`);
      expect(result.activeTargets.map((t) => t.scrapePool).sort()).toEqual(["app", "dead"]);
    });
  });

  it("a guide's curl of a named Prometheus runs the targets check on its PROMETHEUS_TARGETS entry", async () => {
    // PROMETHEUS_URL is dead: had the step read it, it would be refused.
    await withEnv(
      { PROMETHEUS_URL: `http://127.0.0.1:${deadPort}`, PROMETHEUS_TARGETS: `prom-eu=${promUrl}` },
      async () => {
        const parsed = parseCommand("curl http://prom-eu:9090/api/v1/targets", "bash", { context: "diagnosis" });
        if (parsed.type !== "operation" || parsed.operation.kind !== "http") throw new Error("expected an http step");
        const outcome = await httpAdapter.run(parsed.operation, "http-status", { window: "5m" });
        // The dead scrape target is down once Prometheus has scraped it (the first test waited for that).
        expect(outcome.verdict.headline).toBe("1 of 2 targets down");
        expect(outcome.verdict.status).toBe("critical");
      },
    );
  });
});
