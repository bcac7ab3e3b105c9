// Keyspace analysis, the Redis half: SCAN in bounded batches (never KEYS), MEMORY USAGE + PTTL + TYPE pipelined for
// the picked keys of each batch, a pause between batches, and a time budget and key cap. client.ts runs it on the
// dashboard's pooled connection; bench/keyspace-analysis.ts on its own. Free of server-only imports for that reason.
import type Redis from "ioredis";
import { infoNumber, readRedisInfo } from "./info";
import {
  DEFAULT_KEYSPACE_OPTIONS,
  type KeySample,
  type KeyspaceOptions,
  type KeyspaceReport,
  KeyspaceTally,
  MEASURE_CHUNK,
  type ScanRun,
  sampleEveryFor,
} from "./keyspace";

/** The commands the analysis sends, and nothing else (the diagnostics ACL user grants exactly these). */
export type KeyspaceClient = Pick<Redis, "dbsize" | "info" | "scan" | "pipeline">;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** used_memory from an INFO memory reply, read by the one INFO reader (info.ts); null when unreadable. */
function usedMemoryOf(text: string): number | null {
  const reading = readRedisInfo(text);
  return reading.ok ? infoNumber(reading.value, "used_memory") : null;
}

/** What a pipeline reply slot holds, or throws the command's error (NOPERM must reach the operator). */
function replyOf(entry: [Error | null, unknown] | undefined): unknown {
  if (entry === undefined) throw new Error("pipeline reply is missing an entry");
  const [error, value] = entry;
  if (error) throw error;
  return value;
}

async function measure(client: KeyspaceClient, keys: readonly string[]): Promise<KeySample[]> {
  const samples: KeySample[] = [];
  for (let start = 0; start < keys.length; start += MEASURE_CHUNK) {
    const chunk = keys.slice(start, start + MEASURE_CHUNK);
    const pipeline = client.pipeline();
    for (const key of chunk) pipeline.memory("USAGE", key).pttl(key).type(key);
    const replies = (await pipeline.exec()) ?? [];
    chunk.forEach((key, i) => {
      const bytes = replyOf(replies[i * 3]);
      const pttl = replyOf(replies[i * 3 + 1]);
      const type = replyOf(replies[i * 3 + 2]);
      samples.push({
        key,
        bytes: typeof bytes === "number" ? bytes : null,
        pttlMs: typeof pttl === "number" ? pttl : -2,
        type: typeof type === "string" ? type : "none",
      });
    });
  }
  return samples;
}

/**
 * Scans the selected database and returns the extrapolated figures. Each batch is one SCAN (COUNT batchSize)
 * and, when it picked keys to measure, pipelines of MEMORY USAGE / PTTL / TYPE (MEASURE_CHUNK keys each); then a
 * pause. Stops at the end of the keyspace, at the key cap, or when the time budget is spent (checked before each
 * batch, so the run ends within one batch of it).
 */
export async function scanKeyspace(
  client: KeyspaceClient,
  overrides: Partial<KeyspaceOptions> = {},
  now: () => number = () => performance.now(),
): Promise<KeyspaceReport> {
  const options: KeyspaceOptions = { ...DEFAULT_KEYSPACE_OPTIONS, ...overrides };
  const started = now();
  const dbsize = await client.dbsize();
  const usedMemory = usedMemoryOf(await client.info("memory"));
  const tally = new KeyspaceTally(sampleEveryFor(dbsize, options.sampleTarget), options);
  let cursor = "0";
  let batches = 0;
  let longestBatchMs = 0;
  let busyMs = 0;
  let complete = false;
  let stoppedBy: ScanRun["stoppedBy"] = "end of keyspace";
  for (;;) {
    if (tally.scanned >= options.keyCap) {
      stoppedBy = "key cap";
      break;
    }
    if (now() - started >= options.timeBudgetMs) {
      stoppedBy = "time budget";
      break;
    }
    const batchStart = now();
    const [next, keys] = await client.scan(cursor, "COUNT", options.batchSize);
    const room = options.keyCap - tally.scanned;
    const picks = tally.addScanned(keys.length > room ? keys.slice(0, room) : keys);
    if (picks.length > 0) tally.addSamples(await measure(client, picks));
    const batchMs = now() - batchStart;
    longestBatchMs = Math.max(longestBatchMs, batchMs);
    busyMs += batchMs;
    batches += 1;
    cursor = next;
    if (cursor === "0") {
      complete = keys.length <= room;
      if (!complete) stoppedBy = "key cap";
      break;
    }
    if (options.pauseMs > 0) await sleep(options.pauseMs);
  }
  return tally.summarize({
    dbsize,
    usedMemory,
    complete,
    stoppedBy,
    elapsedMs: now() - started,
    batches,
    longestBatchMs,
    busyMs,
    options,
  });
}
