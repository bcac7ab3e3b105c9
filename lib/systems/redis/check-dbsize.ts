// DBSIZE reply → key count of the selected database (informational; notes RedisInsight's 1M-key advice).

import { errorVerdict } from "../../verdict/builders";
import { formatCount } from "../../verdict/format";
import type { Threshold, Verdict } from "../../verdict/verdict";

export const MANY_KEYS = 1_000_000;

export const DBSIZE_THRESHOLD: Threshold = {
  text: "informational; above 1 000 000 keys RedisInsight suggests reviewing key design",
  source: "RedisInsight database analysis recommendations (> 1M keys)",
};

/** Shows DBSIZE (an integer reply). */
export function analyzeDbsize(reply: unknown): Verdict {
  if (typeof reply !== "number" || !Number.isInteger(reply) || reply < 0) {
    return errorVerdict(
      "unexpected DBSIZE reply",
      `expected a non-negative integer, got ${JSON.stringify(reply) ?? String(reply)}`,
    );
  }
  return {
    status: "ok",
    headline: reply === 0 ? "database is empty" : `${formatCount(reply)} key${reply === 1 ? "" : "s"}`,
    headlineValue: reply,
    headlineUnit: "keys",
    threshold: DBSIZE_THRESHOLD,
    figures: [{ label: "keys", value: reply }],
    detail:
      reply > MANY_KEYS
        ? "More than a million keys: RedisInsight suggests grouping small keys into hashes and checking TTLs."
        : "Counts keys in the selected database only (INFO keyspace lists every database).",
  };
}
