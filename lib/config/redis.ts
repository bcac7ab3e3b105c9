// The Redis being diagnosed, and the request limit its rate_limit:{user_id} counters count against.
import { z } from "zod";
import { optionalText, REDIS, urlField } from "./fields";
import { namedUrlsField } from "./named-urls";

/** REDIS_TARGETS=cache-2=redis://…@cache-2:6379,…: the Redis servers a guide's `redis-cli -h <name>` may mean. */
const redisTargetsField = namedUrlsField(REDIS, "cache-2=redis://127.0.0.1:6380");

const rateLimitField = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v) || Number(v) < 1) {
    ctx.addIssue({ code: "custom", message: `must be a positive integer, got "${v}"` });
    return undefined;
  }
  return Number(v);
});

export const redisConfig = z
  .object({
    REDIS_URL: urlField(REDIS, "redis://127.0.0.1:6379"),
    REDIS_TARGETS: redisTargetsField,
    RATE_LIMIT_MAX: rateLimitField,
  })
  .transform((e) => ({
    redisUrl: e.REDIS_URL,
    /** Name → URL of the other Redis servers a guide names with `redis-cli -h`. */
    redisTargets: Object.freeze(e.REDIS_TARGETS),
    rateLimitMax: e.RATE_LIMIT_MAX,
  }));
