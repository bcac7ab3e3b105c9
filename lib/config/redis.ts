// The Redis being diagnosed, and the request limit its rate_limit:{user_id} counters count against.
import { z } from "zod";
import { checkUrl, optionalText, REDIS, shownValue, splitList, urlField } from "./fields";

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** REDIS_TARGETS=cache-2=redis://…@cache-2:6379,…: the Redis servers a guide's `redis-cli -h <name>` may mean. */
const redisTargetsField = optionalText.transform((v, ctx) => {
  const out: Record<string, string> = {};
  for (const entry of v === undefined ? [] : splitList(v)) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? "" : entry.slice(0, eq).trim();
    const url = eq < 0 ? "" : entry.slice(eq + 1).trim();
    if (!TARGET_NAME.test(name) || url === "") {
      ctx.addIssue({ code: "custom", message: `entry "${shownValue(entry)}" must be name=redis://host:port` });
    } else if (Object.hasOwn(out, name)) {
      ctx.addIssue({ code: "custom", message: `target "${name}" is listed twice` });
    } else {
      const checked = checkUrl(url, REDIS, "cache-2=redis://127.0.0.1:6380", ctx);
      if (checked !== undefined) out[name] = checked;
    }
  }
  return out;
});

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
