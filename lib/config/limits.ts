// Per-user rate limits and in-flight locks.
import { z } from "zod";
import { positiveIntField, REDIS, urlField } from "./fields";

export const limitsConfig = z
  .object({
    LIMITS_REDIS_URL: urlField(REDIS, "redis://127.0.0.1:6379/1"),
    RUNS_PER_MINUTE: positiveIntField(60, 100_000),
    REMEDIATIONS_PER_MINUTE: positiveIntField(5, 1_000),
  })
  .transform((e) => ({
    /** Per-user rate limits and in-flight locks. */
    limits: {
      /** Redis that holds rate-limit counters and in-flight locks (shared by instances); unset keeps them in memory. */
      redisUrl: e.LIMITS_REDIS_URL,
      runsPerMinute: e.RUNS_PER_MINUTE,
      remediationsPerMinute: e.REMEDIATIONS_PER_MINUTE,
    },
  }));

export type LimitsConfig = z.output<typeof limitsConfig>["limits"];
