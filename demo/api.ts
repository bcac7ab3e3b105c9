// The demo "AI SaaS platform" API: agent queries with Redis cache and rate limit, /health, /metrics and fault admin.
import { createHash, randomUUID } from "node:crypto";
import type http from "node:http";
import type { Redis } from "ioredis";
import type { Db } from "mongodb";
import { z } from "zod";
import { AGENT_IDS, type AgentSeed, customerOf, EVENTS_COLLECTION, SLOW_QUERY_FIELD } from "./catalog";
import type { DemoConfig } from "./config";
import { FAULT_NAMES, isFaultName } from "./fault-names";
import type { FaultController } from "./faults";
import { isLoopback, readBody, requestUrl, sendJson, sendText, sleep, timed } from "./http-util";
import type { DemoLogger } from "./log-files";
import type { AgentErrorReason, DemoMetrics, PoolFigures } from "./metrics";
import { steadyShare } from "./steady-share";

export interface ApiDeps {
  config: DemoConfig;
  redis: Redis;
  db: Db;
  metrics: DemoMetrics;
  faults: FaultController;
  logger: DemoLogger;
  pool(): PoolFigures;
  /** Base URL of the external service the query path calls on a cache miss. */
  externalUrl(): string;
}

const QUERY_ROUTE = "/v1/agents/:agentId/query";
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const faultBody = z.object({ on: z.boolean() }).strict();

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** What the application log line should add ("cache=hit user=u-3"). */
  note?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: AgentErrorReason,
  ) {
    super(message);
  }
}

/** A malformed escape ("%E0") would throw from decodeURIComponent; the raw text then fails validation. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function routeOf(path: string): { route: string; params: string[] } {
  const q = /^\/v1\/agents\/([^/]+)\/query$/.exec(path);
  if (q?.[1] !== undefined) return { route: QUERY_ROUTE, params: [decode(q[1])] };
  const f = /^\/admin\/faults\/([^/]+)$/.exec(path);
  if (f?.[1] !== undefined) return { route: "/admin/faults/:name", params: [decode(f[1])] };
  if (["/", "/health", "/metrics", "/admin/faults"].includes(path)) return { route: path, params: [] };
  return { route: "unmatched", params: [] };
}

/** Bounded label for the agent: ids come from the URL, so anything outside the catalog is "other". */
const agentLabel = (agentId: string) => (AGENT_IDS.includes(agentId) ? agentId : "other");

export function createApiHandler(deps: ApiDeps): http.RequestListener {
  const { config, redis, db, metrics, faults, logger } = deps;
  const tuning = config.faults;
  const pickSlowQuery = steadyShare(tuning.slowQueryShare);

  async function rateLimit(user: string): Promise<Reply | undefined> {
    const key = `rate_limit:${user}`;
    let count: number;
    let pttl: number;
    try {
      // SET NX EX then INCR in one MULTI: the key can never exist without its window TTL (the guide's stuck-key bug).
      const replies = await redis
        .multi()
        .set(key, "0", "EX", config.rateLimitWindowSeconds, "NX")
        .incr(key)
        .pttl(key)
        .exec();
      count = Number(replies?.[1]?.[1]);
      pttl = Number(replies?.[2]?.[1]);
      if (!Number.isFinite(count)) throw new Error(String(replies?.[1]?.[0] ?? "no reply to INCR"));
    } catch (error) {
      // Fail open: a Redis outage should not take the whole API down with it.
      logger.log(
        "ERROR",
        `rate limiter unavailable for user=${user}: ${error instanceof Error ? error.message : error}`,
      );
      return undefined;
    }
    if (count <= config.rateLimitMax) return undefined;
    metrics.rateLimitRejections.inc();
    const noExpiry = pttl === -1;
    logger.log(
      "WARN",
      `rate limited user=${user} count=${count} limit=${config.rateLimitMax} ${noExpiry ? "key has NO TTL (PTTL -1): blocked until deleted" : `retry in ${Math.ceil(pttl / 1000)} s`}`,
    );
    return {
      status: 429,
      body: { error: "rate limit exceeded", user, count, limit: config.rateLimitMax, key, pttl },
      headers: noExpiry ? {} : { "retry-after": String(Math.max(1, Math.ceil(pttl / 1000))) },
      note: `user=${user} rate_limited count=${count}`,
    };
  }

  async function askExternal(agent: AgentSeed, q: string): Promise<string> {
    let res: Response;
    try {
      res = await fetch(`${deps.externalUrl()}/v1/complete`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ agent: agent._id, query: q, knowledge: agent.knowledge }),
        signal: AbortSignal.timeout(5000),
      });
    } catch (error) {
      throw new HttpError(
        502,
        `external-service unreachable: ${error instanceof Error ? error.message : error}`,
        "upstream",
      );
    }
    if (!res.ok) throw new HttpError(502, `external-service answered ${res.status}`, "upstream");
    const body = (await res.json()) as { completion?: unknown };
    return typeof body.completion === "string" ? body.completion : "";
  }

  async function query(agentId: string, url: URL): Promise<Reply> {
    const q = url.searchParams.get("q") ?? "";
    const user = url.searchParams.get("user") ?? "";
    if (!ID.test(agentId)) return { status: 400, body: { error: "agentId must be 1-64 letters, digits, _ or -" } };
    if (!ID.test(user)) return { status: 400, body: { error: "user must be 1-64 letters, digits, _ or -" } };
    if (q.trim() === "" || q.length > 500) return { status: 400, body: { error: "q must be 1-500 characters" } };

    const limited = await rateLimit(user);
    if (limited !== undefined) return limited;

    if (faults.isOn("slow-responses") && Math.random() < tuning.slowShare) {
      await sleep(tuning.slowMinMs + Math.random() * (tuning.slowMaxMs - tuning.slowMinMs));
    }
    if (faults.isOn("error-rate") && Math.random() < tuning.errorShare) {
      throw new HttpError(500, "model backend returned 500 (demo fault error-rate)", "injected");
    }

    const cacheKey = `agent:${agentId}:query:${createHash("sha256").update(q.trim().toLowerCase()).digest("hex").slice(0, 16)}`;
    let cache: "hit" | "miss" | "bypass" = "miss";
    let payload: Record<string, unknown> | undefined;
    if (faults.isOn("cache-bypass")) {
      cache = "bypass";
      // Reads of keys nobody ever wrote: Redis counts each as a keyspace miss, as a broken key scheme would.
      const pipe = redis.pipeline();
      for (let i = 0; i < tuning.bypassProbeGets; i++) pipe.get(`agent:${agentId}:query:${randomUUID()}`);
      await pipe.exec().catch(() => undefined);
    } else {
      try {
        const hit = await redis.get(cacheKey);
        if (hit !== null) {
          cache = "hit";
          payload = JSON.parse(hit) as Record<string, unknown>;
        }
      } catch (error) {
        logger.log("ERROR", `cache read failed key=${cacheKey}: ${error instanceof Error ? error.message : error}`);
      }
    }
    if (cache === "hit") metrics.cacheHits.inc();
    else metrics.cacheMisses.inc();

    if (payload === undefined) {
      let agent: AgentSeed | null;
      try {
        agent = await db.collection<AgentSeed>("agents").findOne({ _id: agentId });
      } catch (error) {
        throw new HttpError(503, `agents lookup failed: ${error instanceof Error ? error.message : error}`, "database");
      }
      if (agent === null) return { status: 404, body: { error: `no agent ${agentId}` }, note: `user=${user}` };
      const answer = await askExternal(agent, q);
      payload = {
        agent_id: agent._id,
        agent_name: agent.name,
        model: agent.model,
        answer,
        hint: agent.knowledge[0] ?? "",
      };
      try {
        await redis.set(cacheKey, JSON.stringify(payload), "EX", config.cacheTtlSeconds);
      } catch (error) {
        // A full noeviction Redis refuses writes (OOM): the answer is still good, the next request pays again.
        metrics.agentErrors.inc({ agent_id: agentLabel(agentId), reason: "cache" });
        logger.log("ERROR", `cache write failed key=${cacheKey}: ${error instanceof Error ? error.message : error}`);
      }
    }

    let recentEvents: number | undefined;
    if (faults.isOn("slow-query") && pickSlowQuery()) {
      const customer = customerOf(user);
      const t = await timed(() =>
        db
          .collection(EVENTS_COLLECTION)
          .find({ [SLOW_QUERY_FIELD]: customer })
          .sort({ ts: -1 })
          .limit(20)
          .toArray(),
      );
      if (t.error !== undefined) throw new HttpError(503, `events lookup failed: ${t.error}`, "database");
      recentEvents = t.value?.length ?? 0;
      if (t.ms >= config.slowMs) {
        logger.log(
          "WARN",
          `slow query ${Math.round(t.ms)}ms ns=${config.mongoDatabase}.${EVENTS_COLLECTION} filter={"${SLOW_QUERY_FIELD}":"${customer}"} sort={ts:-1} (no index on ${SLOW_QUERY_FIELD})`,
        );
      }
    }

    return {
      status: 200,
      body: {
        ...payload,
        query: q,
        user,
        cached: cache === "hit",
        ...(recentEvents === undefined ? {} : { recent_events: recentEvents }),
      },
      headers: { "x-cache": cache },
      note: `user=${user} cache=${cache}`,
    };
  }

  type CheckStatus = "pass" | "warn" | "fail";
  const check = async (
    componentType: string,
    warnMs: number,
    fn: () => Promise<unknown>,
  ): Promise<Record<string, unknown> & { status: CheckStatus }> => {
    const t = await timed(fn);
    const status: CheckStatus = t.error !== undefined ? "fail" : t.ms > warnMs ? "warn" : "pass";
    return {
      componentType,
      observedValue: Math.round(t.ms * 10) / 10,
      observedUnit: "ms",
      status,
      time: new Date().toISOString(),
      ...(t.error === undefined ? {} : { output: t.error }),
    };
  };

  async function health(): Promise<Reply> {
    const [r, m, e] = await Promise.all([
      check("datastore", 100, () => redis.ping()),
      check("datastore", 250, () => db.command({ ping: 1 })),
      check("component", 1000, async () => {
        const res = await fetch(`${deps.externalUrl()}/health`, { signal: AbortSignal.timeout(3000) });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
      }),
    ]);
    const pool = deps.pool();
    const poolRatio = pool.max > 0 ? pool.inUse / pool.max : 0;
    const poolCheck = {
      componentType: "datastore",
      observedValue: pool.inUse,
      observedUnit: "connections",
      status: (poolRatio > 0.9 ? "warn" : "pass") as CheckStatus,
      time: new Date().toISOString(),
      output: `${pool.inUse} of ${pool.max} pooled connections in use, ${pool.waiting} waiting`,
    };
    // Redis or MongoDB down is a failure; a slow or dead external service only degrades (cached answers still work).
    const hard = [r.status, m.status];
    const soft = [e.status, poolCheck.status];
    const status: CheckStatus = hard.includes("fail")
      ? "fail"
      : [...hard, ...soft].some((s) => s !== "pass")
        ? "warn"
        : "pass";
    return {
      status: status === "fail" ? 503 : 200,
      body: {
        status,
        version: "1",
        releaseId: "demo",
        serviceId: "demo-api",
        description: "Demo AI SaaS platform API (runbook dashboard demo stack)",
        checks: {
          "redis:responseTime": [{ componentId: "redis", ...r }],
          "mongodb:responseTime": [{ componentId: "mongodb", ...m }],
          "mongodb:connections": [{ componentId: "mongodb", ...poolCheck }],
          "external-service:responseTime": [{ componentId: "external-service", ...e }],
        },
      },
    };
  }

  async function admin(req: http.IncomingMessage, route: string, params: string[]): Promise<Reply> {
    if (!isLoopback(req)) return { status: 403, body: { error: "admin endpoints answer loopback clients only" } };
    if (route === "/admin/faults") {
      if (req.method !== "GET") return { status: 405, body: { error: "use GET /admin/faults" } };
      return { status: 200, body: { faults: faults.list() } };
    }
    const name = params[0] ?? "";
    if (req.method !== "POST")
      return { status: 405, body: { error: `use POST /admin/faults/${name} {"on": true|false}` } };
    if (!isFaultName(name)) return { status: 404, body: { error: `unknown fault "${name}"`, faults: FAULT_NAMES } };
    let on: boolean;
    try {
      on = faultBody.parse(JSON.parse(await readBody(req, 1024))).on;
    } catch {
      return { status: 400, body: { error: 'body must be JSON {"on": true} or {"on": false}' } };
    }
    try {
      return { status: 200, body: await faults.set(name, on), note: `fault=${name} on=${on}` };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.log("ERROR", `fault ${name} ${on ? "on" : "off"} failed: ${message}`);
      return { status: 500, body: { error: `fault ${name} could not be switched ${on ? "on" : "off"}: ${message}` } };
    }
  }

  async function dispatch(req: http.IncomingMessage, url: URL, route: string, params: string[]): Promise<Reply> {
    const method = req.method ?? "GET";
    if (route.startsWith("/admin/")) return admin(req, route, params);
    if (method !== "GET") return { status: 405, body: { error: "GET only" } };
    switch (route) {
      case QUERY_ROUTE: {
        const agentId = params[0] ?? "";
        try {
          return await query(agentId, url);
        } catch (error) {
          const status = error instanceof HttpError ? error.status : 500;
          const reason: AgentErrorReason = error instanceof HttpError && error.reason ? error.reason : "database";
          const message = error instanceof Error ? error.message : String(error);
          metrics.agentErrors.inc({ agent_id: agentLabel(agentId), reason });
          logger.log(
            "ERROR",
            `agent=${agentId} user=${url.searchParams.get("user") ?? ""} status=${status} reason=${reason}: ${message}`,
          );
          return { status, body: { error: message }, note: `reason=${reason}` };
        }
      }
      case "/health":
        return health();
      case "/":
        return {
          status: 200,
          body: {
            service: "demo-api",
            routes: [
              "GET /v1/agents/:agentId/query?q=...&user=...",
              "GET /health",
              "GET /metrics",
              "GET /admin/faults",
              "POST /admin/faults/:name",
            ],
            agents: AGENT_IDS,
          },
        };
      default:
        return { status: 404, body: { error: "not found" } };
    }
  }

  return (req, res) => {
    const started = performance.now();
    const method = ["GET", "POST"].includes(req.method ?? "") ? (req.method as string) : "OTHER";
    const url = requestUrl(req);
    const { route, params } = routeOf(url.pathname);
    const finish = (status: number, note?: string) => {
      const seconds = (performance.now() - started) / 1000;
      const labels = { route, method, status: String(status) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      if (route !== "/metrics") metrics.responseTime.observe({ route }, seconds);
      // Scrapes every few seconds would drown the log; everything else gets one line.
      if (route !== "/metrics") {
        logger.log(
          "INFO",
          `${method} ${url.pathname} ${status} ${Math.round(seconds * 1000)}ms${note ? ` ${note}` : ""}`,
        );
      }
    };

    if (route === "/metrics" && method === "GET") {
      metrics.registry
        .metrics()
        .then((text) => {
          sendText(res, 200, text, metrics.registry.contentType);
          finish(200);
        })
        .catch((error: unknown) => {
          sendJson(res, 500, { error: error instanceof Error ? error.message : "metrics failed" });
          finish(500);
        });
      return;
    }

    dispatch(req, url, route, params)
      .then((reply) => {
        const isHealth = route === "/health";
        res.writeHead(reply.status, {
          "content-type": `${isHealth ? "application/health+json" : "application/json"}; charset=utf-8`,
          "cache-control": "no-store",
          ...(reply.headers ?? {}),
        });
        res.end(JSON.stringify(reply.body));
        finish(reply.status, reply.note);
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        logger.log("ERROR", `${method} ${url.pathname} failed: ${message}`);
        if (!res.headersSent) sendJson(res, 500, { error: message });
        else res.end();
        finish(500);
      });
  };
}
