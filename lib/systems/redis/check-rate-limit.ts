// Verdict on a rate_limit:{user_id} key from GET + PTTL: absent, counting, at its limit, or stuck without expiry.

import { errorVerdict, findingsFor } from "../../verdict/builders";
import { formatCount, formatMillis } from "../../verdict/format";
import type { Figure, Threshold, Verdict } from "../../verdict/verdict";

export interface RateLimitReading {
  key: string;
  /** GET reply: the counter as text, null when the key does not exist. */
  value: string | null;
  /** PTTL reply: milliseconds left, -1 no expiry, -2 no key. */
  pttlMs: number;
  /** The app's limit per window, when configured; without it the count is shown unjudged. */
  limit?: number;
}

export const RATE_LIMIT_THRESHOLD: Threshold = {
  text: "critical when the key has no expiry (PTTL -1); warning when the count has reached the limit",
  source:
    "redis.io INCR rate-limiter pattern: INCR then EXPIRE in two calls leaves a key without TTL if the second " +
    "never runs, blocking the user until the key is deleted",
};

/** Judges one user's rate-limit key. */
export function analyzeRateLimit(reading: RateLimitReading): Verdict {
  const { key, value, pttlMs, limit } = reading;
  if (!Number.isInteger(pttlMs) || pttlMs < -2) {
    return errorVerdict(
      "unexpected PTTL reply",
      `PTTL ${key} returned ${String(pttlMs)}; expected -2, -1 or milliseconds.`,
    );
  }
  const figures: Figure[] = [{ label: "key", value: key }];
  if (value === null || pttlMs === -2) {
    return {
      status: "ok",
      headline: "no rate-limit key: user not limited",
      headlineValue: null,
      threshold: RATE_LIMIT_THRESHOLD,
      figures: [...figures, { label: "count", value: null }, { label: "TTL", value: null, unit: "s" }],
      detail: `${key} does not exist, so no request of this user is being counted or blocked right now.`,
    };
  }
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed)) {
    return errorVerdict(
      "rate-limit value is not a counter",
      `GET ${key} returned ${JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value)}, not an integer count; the app may store this limit differently (hash, sorted set, JSON).`,
      figures,
    );
  }
  const count = Number(trimmed);
  figures.push({ label: "count", value: count });
  if (limit !== undefined) figures.push({ label: "limit", value: limit });
  figures.push({ label: "TTL", value: pttlMs >= 0 ? pttlMs / 1000 : null, unit: "s" });
  const countText =
    limit !== undefined ? `${formatCount(count)} of ${formatCount(limit)} requests` : `${formatCount(count)} requests`;

  if (pttlMs === -1) {
    const verdict: Verdict = {
      status: "critical",
      headline: "no expiry: user blocked until the key is deleted",
      headlineValue: count,
      headlineUnit: "requests",
      threshold: RATE_LIMIT_THRESHOLD,
      figures,
      detail: `${key} holds ${countText} and has no TTL, so the window never resets. This is the INCR-then-EXPIRE bug: set the expiry atomically (SET key 0 EX n NX, or a Lua script).`,
      findings: ["rate-limit"],
    };
    return verdict;
  }
  const limited = limit !== undefined && count >= limit;
  const status = limited ? "warning" : "ok";
  const verdict: Verdict = {
    status,
    headline: limited
      ? `user currently limited: ${countText}, resets in ${formatMillis(pttlMs)}`
      : `${countText} in the current window, resets in ${formatMillis(pttlMs)}`,
    headlineValue: count,
    headlineUnit: "requests",
    threshold: RATE_LIMIT_THRESHOLD,
    figures,
    detail: limited
      ? `The count has reached the limit; requests are refused until the key expires in ${formatMillis(pttlMs)}.`
      : limit === undefined
        ? "No limit configured for this check, so the count is shown without a judgement."
        : "Under the limit.",
  };
  const findings = findingsFor(status, ["rate-limit"]);
  if (findings) verdict.findings = findings;
  return verdict;
}
