// The guide's "external-service": a tiny model-provider stand-in with /health, /metrics and /v1/complete.
import { createHash } from "node:crypto";
import http from "node:http";
import { Counter, Histogram, Registry } from "prom-client";
import type { FaultName } from "./fault-names";
import { readBody, requestUrl, sendJson, sendText, sleep } from "./http-util";

export interface ExternalServiceOptions {
  isOn(name: FaultName): boolean;
  /** slow-responses: how long /health waits, so `curl -w %{time_total}` shows the slowness. */
  healthDelayMs: number;
}

function routeOf(method: string, path: string): string {
  if (path === "/health" || path === "/metrics") return path;
  if (path === "/v1/complete" && method === "POST") return path;
  return "unmatched";
}

export function createExternalService(opts: ExternalServiceOptions): http.Server {
  const registry = new Registry();
  const requests = new Counter({
    name: "external_requests_total",
    help: "Requests to the external service by route and status.",
    labelNames: ["route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "external_request_duration_seconds",
    help: "External service request duration in seconds by route.",
    labelNames: ["route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const startedAt = Date.now();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, route: string): Promise<number> => {
    if (route === "/health") {
      if (opts.isOn("slow-responses")) await sleep(opts.healthDelayMs);
      const body = {
        status: "pass",
        version: "1",
        serviceId: "external-service",
        description: "Demo model provider the agent API calls on a cache miss",
        checks: {
          uptime: [
            {
              componentType: "system",
              observedValue: Math.round((Date.now() - startedAt) / 1000),
              observedUnit: "s",
              status: "pass",
              time: new Date().toISOString(),
            },
          ],
        },
      };
      sendJson(res, 200, body, "application/health+json");
      return 200;
    }
    if (route === "/metrics") {
      // missing-metric: a non-2xx scrape is what Prometheus reports as target down (up == 0).
      if (opts.isOn("missing-metric")) {
        sendText(res, 503, "metrics exporter unavailable (demo fault missing-metric)\n");
        return 503;
      }
      sendText(res, 200, await registry.metrics(), registry.contentType);
      return 200;
    }
    if (route === "/v1/complete") {
      const raw = await readBody(req, 16 * 1024);
      let query = "";
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed === "object" && parsed !== null && "query" in parsed && typeof parsed.query === "string") {
          query = parsed.query;
        }
      } catch {
        sendJson(res, 400, { error: "body must be JSON {query, agent, knowledge}" });
        return 400;
      }
      // A few milliseconds of "inference", deterministic per query so answers are stable.
      const digest = createHash("sha256").update(query).digest();
      await sleep(5 + ((digest[0] ?? 0) % 20));
      sendJson(res, 200, { completion: `answer-${digest.toString("hex").slice(0, 12)}`, model: "demo-model" });
      return 200;
    }
    sendJson(res, 404, { error: "not found", routes: ["GET /health", "GET /metrics", "POST /v1/complete"] });
    return 404;
  };

  return http.createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = requestUrl(req).pathname;
    const route = routeOf(method, path);
    const end = duration.startTimer({ route });
    handle(req, res, route)
      .then((status) => requests.inc({ route, status: String(status) }))
      .catch((error: unknown) => {
        requests.inc({ route, status: "500" });
        if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : "internal error" });
      })
      .finally(() => end());
  });
}
