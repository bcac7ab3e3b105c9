// Per-user rate limits. TEMPORARY during development: the limits work replaces this.
import "server-only";

export type RateLimitBucket = "runs" | "remediations";

export async function consumeRateLimit(
  _actorId: string,
  _bucket: RateLimitBucket,
): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  return { ok: true };
}
