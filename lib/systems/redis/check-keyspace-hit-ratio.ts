// Redis keyspace hit ratio from INFO stats (keyspace_hits / keyspace_misses).

import { errorVerdict } from "../../verdict/builders";
import { formatSeconds } from "../../verdict/format";
import { CACHE_HIT_RATIO_THRESHOLD, hitRatioVerdict } from "../../verdict/hit-ratio";
import type { Figure, Verdict } from "../../verdict/verdict";
import type { CountWindow } from "../../verdict/window";
import type { RedisInfoSample } from "./info";
import { infoNumber, infoString } from "./info";

/**
 * Redis keyspace hit ratio from INFO stats; with a previous sample of the same server, the Δ between them
 * (a restart or CONFIG RESETSTAT — run_id changed or counters fell — falls back to the lifetime counts).
 */
export function analyzeKeyspaceHitRatio(current: RedisInfoSample, previous?: RedisInfoSample): Verdict {
  const hits = infoNumber(current.info, "keyspace_hits");
  const misses = infoNumber(current.info, "keyspace_misses");
  if (hits === null || misses === null) {
    return {
      ...errorVerdict(
        "INFO has no keyspace_hits/keyspace_misses",
        "Those fields are in the Stats section of INFO; run INFO stats or a full INFO.",
      ),
      threshold: CACHE_HIT_RATIO_THRESHOLD,
    };
  }
  let window: CountWindow = { kind: "lifetime" };
  let note = "";
  let h = hits;
  let m = misses;
  if (previous) {
    const prevHits = infoNumber(previous.info, "keyspace_hits");
    const prevMisses = infoNumber(previous.info, "keyspace_misses");
    const sameRun = infoString(previous.info, "run_id") === infoString(current.info, "run_id");
    if (previous.at >= current.at) {
      note = "The previous sample is not older than this one, so lifetime counts are shown.";
    } else if (prevHits === null || prevMisses === null) {
      note = "The previous sample has no keyspace counters, so lifetime counts are shown.";
    } else if (!sameRun || hits < prevHits || misses < prevMisses) {
      note = "Redis restarted or its stats were reset since the previous sample, so lifetime counts are shown.";
    } else {
      h = hits - prevHits;
      m = misses - prevMisses;
      window = { kind: "window", seconds: (current.at - previous.at) / 1000 };
    }
  }
  const uptime = infoNumber(current.info, "uptime_in_seconds");
  const lifetimePhrase =
    uptime === null
      ? "since the server started or its stats were reset"
      : `since start or stats reset (uptime ${formatSeconds(uptime)})`;
  const extra: Figure[] = [];
  for (const field of ["evicted_keys", "expired_keys"]) {
    const now = infoNumber(current.info, field);
    if (now === null) continue;
    const then = previous ? infoNumber(previous.info, field) : null;
    // Over the same window as the ratio when it is one; the lifetime count otherwise, said in the label.
    if (window.kind === "window" && then !== null && now >= then)
      extra.push({ label: `${field} in window`, value: now - then });
    else extra.push({ label: `${field} (since start)`, value: now });
  }
  return hitRatioVerdict(
    {
      hits: h,
      misses: m,
      window,
      lifetimePhrase,
      note,
      source: "INFO keyspace_hits / keyspace_misses",
      label: "keyspace hit ratio",
    },
    extra,
  );
}
