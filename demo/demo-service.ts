// Wires the demo API and the external service onto their ports; the server entry and the tests both start it here.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import type { Db, MongoClient } from "mongodb";
import { createApiHandler } from "./api";
import type { DemoConfig } from "./config";
import { createExternalService } from "./external-service";
import { FaultController } from "./faults";
import { createLogger, type DemoLogger } from "./log-files";
import { createMetrics, type DemoMetrics } from "./metrics";
import { createMongo, createRedis, PoolTracker } from "./stores";

export interface DemoService {
  apiUrl: string;
  externalUrl: string;
  config: DemoConfig;
  redis: Redis;
  mongo: MongoClient;
  db: Db;
  metrics: DemoMetrics;
  faults: FaultController;
  logger: DemoLogger;
  /** Switches faults off, closes both servers and both clients; bounded, never hangs shutdown. */
  close(): Promise<void>;
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets (Prometheus, the traffic generator) would otherwise hold close() open.
    server.closeAllConnections();
  });
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p.then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

export async function startDemoService(config: DemoConfig): Promise<DemoService> {
  const logger = createLogger(config.logDir);
  const redis = createRedis(config.redisUrl);
  // The redis error event must have a listener or ioredis prints every reconnect failure.
  let lastRedisError = "";
  redis.on("error", (error: Error) => {
    if (error.message !== lastRedisError) logger.log("ERROR", `redis: ${error.message}`);
    lastRedisError = error.message;
  });
  redis.on("ready", () => {
    lastRedisError = "";
  });

  const tracker = new PoolTracker(config.mongoPoolSize);
  let stuckKeysProbe: () => Promise<number | undefined> = async () => undefined;
  const metrics = createMetrics({ pool: () => tracker.figures(), stuckRateLimitKeys: () => stuckKeysProbe() });
  const mongo = createMongo(config, metrics, tracker);
  const db = mongo.db(config.mongoDatabase);
  const faults = new FaultController({
    redis,
    db,
    metrics,
    logger,
    tuning: config.faults,
    poolSize: config.mongoPoolSize,
    rateLimitMax: config.rateLimitMax,
  });

  stuckKeysProbe = async () => {
    // A bounded SCAN at scrape time: the demo has a few dozen rate_limit keys, a real service would sample.
    const deadline = Date.now() + 500;
    let cursor = "0";
    let stuck = 0;
    try {
      for (let i = 0; i < 20 && Date.now() < deadline; i++) {
        const [next, keys] = await redis.scan(cursor, "MATCH", "rate_limit:*", "COUNT", 200);
        if (keys.length > 0) {
          const pipe = redis.pipeline();
          for (const k of keys) pipe.pttl(k);
          for (const [, ttl] of (await pipe.exec()) ?? []) if (ttl === -1) stuck += 1;
        }
        cursor = next;
        if (cursor === "0") return stuck;
      }
      return undefined;
    } catch {
      return undefined;
    }
  };

  let externalUrl = "";
  const external = createExternalService({
    isOn: (n) => faults.isOn(n),
    healthDelayMs: config.faults.externalHealthDelayMs,
  });
  const api = http.createServer(
    createApiHandler({
      config,
      redis,
      db,
      metrics,
      faults,
      logger,
      pool: () => tracker.figures(),
      externalUrl: () => externalUrl,
    }),
  );
  for (const s of [api, external]) {
    s.requestTimeout = 30_000;
    s.headersTimeout = 10_000;
  }

  try {
    const externalPort = await listen(external, config.host, config.externalPort);
    externalUrl = `http://${config.host}:${externalPort}`;
    const apiPort = await listen(api, config.host, config.apiPort);
    const apiUrl = `http://${config.host}:${apiPort}`;
    await within(
      faults.reconcile().catch((error: unknown) => {
        logger.log(
          "WARN",
          `could not reconcile faults left by a previous run: ${error instanceof Error ? error.message : error}`,
        );
      }),
      5000,
    );
    logger.log(
      "INFO",
      `demo-api listening on ${apiUrl}, external-service on ${externalUrl}; redis ${config.redisUrl}; mongodb db ${config.mongoDatabase}`,
    );

    let closing: Promise<void> | undefined;
    return {
      apiUrl,
      externalUrl,
      config,
      redis,
      mongo,
      db,
      metrics,
      faults,
      logger,
      close() {
        closing ??= (async () => {
          await within(
            faults.allOff().catch(() => undefined),
            config.faults.hogHoldMs + 5000,
          );
          await within(Promise.all([closeServer(api), closeServer(external)]), 3000);
          await within(
            mongo.close().catch(() => undefined),
            3000,
          );
          redis.disconnect();
          logger.log("INFO", "demo-api stopped");
          await logger.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await Promise.all([closeServer(api), closeServer(external)]);
    redis.disconnect();
    await mongo.close().catch(() => undefined);
    await logger.close();
    throw error;
  }
}
