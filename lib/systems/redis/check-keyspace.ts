// Keyspace analysis report (keyspace-scan.ts) → memory and key counts by prefix, keys without TTL, the biggest keys
// and the TTL spread; warning when one prefix whose keys have no expiry holds most of the keys' memory.
import { findingsFor } from "../../verdict/builders";
import { formatBytes, formatCount, formatMillis, formatRatio, truncate } from "../../verdict/format";
import type { DetailTable, Threshold, Verdict } from "../../verdict/verdict";
import { displayKey, type KeyspaceReport, MEASURE_CHUNK, PREFIX_RULE, type PrefixEstimate } from "./keyspace";

/** One prefix holding at least this share of the keys' memory … */
export const DOMINANT_SHARE = 0.5;
/** … while at least this share of its keys never expire, is a warning. */
export const NO_TTL_SHARE = 0.5;
/** Rows of the prefix table; the rest are summed into one row. */
export const PREFIX_ROWS = 20;
/** What the bench measured, for the verdict's word on latency (docs/redis-keyspace.md has the table). */
export const LATENCY_NOTE = "bench/keyspace-analysis.ts on 1 000 000 keys: see docs/redis-keyspace.md";

export const KEYSPACE_THRESHOLD: Threshold = {
  text:
    "warning when one key prefix holds ≥ 50 % of the keys' memory and ≥ 50 % of its keys have no TTL " +
    "(a prefix that grows without expiry); otherwise informational",
  source:
    "Redis docs, key eviction: volatile-* policies evict only keys with an expire set and noeviction refuses " +
    "writes at maxmemory, so keys without TTL stay until deleted; RedisInsight database analysis reports " +
    "memory by key pattern and keys with no expiry for the same reason. 50 % (most of the memory) is this " +
    "dashboard's choice",
};

function estimated(report: KeyspaceReport): boolean {
  return report.sampleEvery > 1 || !report.complete;
}

/** "~1.2 MB" when the figure is extrapolated from a sample, "1.2 MB" when every key was measured. */
function about(report: KeyspaceReport, text: string): string {
  return estimated(report) ? `~${text}` : text;
}

function noTtlShare(prefix: PrefixEstimate): number {
  return prefix.estKeys > 0 ? prefix.estNoTtl / prefix.estKeys : 0;
}

function ttlText(ms: number): string {
  return ms < 0 ? "no expiry" : formatMillis(ms);
}

function sampleRate(report: KeyspaceReport): string {
  return report.sampleEvery === 1
    ? "every key"
    : `1 in ${formatCount(report.sampleEvery)} (${formatRatio(1 / report.sampleEvery)})`;
}

function prefixTable(report: KeyspaceReport): DetailTable {
  const shown = report.prefixes.slice(0, PREFIX_ROWS);
  const rest = report.prefixes.slice(PREFIX_ROWS);
  const share = (bytes: number) => (report.estBytes > 0 ? formatRatio(bytes / report.estBytes) : "—");
  const rows: DetailTable["rows"] = shown.map((p) => [
    p.pattern,
    formatBytes(p.estBytes),
    share(p.estBytes),
    formatCount(p.estKeys),
    `${formatCount(p.estNoTtl)} (${formatRatio(noTtlShare(p))})`,
    formatBytes(p.meanBytes),
    p.types.join(", ") || "—",
    `${formatCount(p.sampled)} of ${formatCount(p.scanned)}`,
  ]);
  if (rest.length > 0) {
    const bytes = rest.reduce((n, p) => n + p.estBytes, 0);
    const keys = rest.reduce((n, p) => n + p.estKeys, 0);
    const noTtl = rest.reduce((n, p) => n + p.estNoTtl, 0);
    rows.push([
      `(${formatCount(rest.length)} more prefixes)`,
      formatBytes(bytes),
      share(bytes),
      formatCount(keys),
      formatCount(noTtl),
      null,
      null,
      null,
    ]);
  }
  return {
    title: estimated(report) ? "Memory by key prefix (estimated)" : "Memory by key prefix",
    columns: ["prefix", "memory", "share", "keys", "no TTL", "avg size", "types", "measured of scanned"],
    rows,
  };
}

function biggestTable(report: KeyspaceReport): DetailTable {
  return {
    title: report.sampleEvery === 1 ? "Biggest keys" : "Biggest keys (of the measured keys)",
    columns: ["key", "prefix", "memory", "type", "TTL"],
    rows: report.biggest.map((k) => [displayKey(k.key), k.pattern, formatBytes(k.bytes), k.type, ttlText(k.pttlMs)]),
  };
}

function ttlTable(report: KeyspaceReport): DetailTable {
  return {
    title: estimated(report) ? "TTL spread (estimated keys)" : "TTL spread",
    columns: ["TTL", "keys", "share"],
    rows: report.ttlSpread.map((b) => [
      b.label,
      formatCount(b.estKeys),
      report.estKeys > 0 ? formatRatio(b.estKeys / report.estKeys) : "—",
    ]),
  };
}

function howItRan(report: KeyspaceReport): string {
  const { options } = report;
  const scope = report.complete
    ? `Scanned every key (${formatCount(report.scanned)} with SCAN, never KEYS)`
    : `Stopped by the ${report.stoppedBy} after scanning ${formatCount(report.scanned)} of ${formatCount(report.dbsize)} keys (${formatRatio(report.coverage)}); key counts are scaled by DBSIZE / keys scanned, since SCAN's hash order is unrelated to key names`;
  const sample =
    report.sampleEvery === 1
      ? "and measured each with MEMORY USAGE (its SAMPLES default, as redis-cli --memkeys does)"
      : `and measured ${formatCount(report.sampled)} with MEMORY USAGE (${sampleRate(report)}, plus the first ${options.minSamplesPerPrefix} of each prefix); a prefix's memory is its key count × the mean size of its measured keys`;
  const busy = report.elapsedMs > 0 ? report.busyMs / report.elapsedMs : 0;
  const load =
    `Load on Redis: ${formatCount(report.batches)} batches of SCAN COUNT ${options.batchSize} plus MEMORY ` +
    `USAGE/PTTL/TYPE of the picked keys, pipelined ${MEASURE_CHUNK} keys at a time, with a ${options.pauseMs} ms ` +
    `pause after each batch: in batches ${formatMillis(report.busyMs)} of ${formatMillis(report.elapsedMs)} ` +
    `(${formatRatio(busy)} end to end, of which Redis's own time is a fraction), longest batch ` +
    `${formatMillis(report.longestBatchMs)}. Another client's command waits at most one SCAN or one pipelined ` +
    `read behind us, well under a millisecond (${LATENCY_NOTE}).`;
  return `${scope}, ${sample}. Prefixes: ${PREFIX_RULE}. ${load}`;
}

/** Judges a keyspace analysis. */
export function analyzeKeyspace(report: KeyspaceReport): Verdict {
  const figures: Verdict["figures"] = [
    { label: "keys (DBSIZE)", value: report.dbsize },
    { label: "keys scanned", value: report.scanned },
    { label: "keys measured", value: report.sampled },
    { label: "sample rate", value: sampleRate(report) },
    { label: "key memory", value: about(report, formatBytes(report.estBytes)) },
    { label: "used_memory", value: report.usedMemory === null ? null : formatBytes(report.usedMemory) },
    { label: "prefixes", value: report.prefixes.length },
    { label: "time spent", value: Math.round(report.elapsedMs), unit: "ms" },
    { label: "time budget", value: report.options.timeBudgetMs, unit: "ms" },
    { label: "key cap", value: report.options.keyCap },
    { label: "stopped by", value: report.stoppedBy },
    { label: "busy share", value: report.elapsedMs > 0 ? formatRatio(report.busyMs / report.elapsedMs) : null },
    { label: "longest batch", value: Math.round(report.longestBatchMs * 10) / 10, unit: "ms" },
  ];
  const threshold = KEYSPACE_THRESHOLD;
  const top = report.prefixes[0];
  if (top === undefined || report.estBytes <= 0) {
    return {
      status: "ok",
      headline: report.dbsize === 0 ? "keyspace is empty" : "no key could be measured",
      headlineValue: null,
      threshold,
      figures,
      detail: howItRan(report),
    };
  }
  const share = top.estBytes / report.estBytes;
  const noTtl = noTtlShare(top);
  const status = share >= DOMINANT_SHARE && noTtl >= NO_TTL_SHARE ? "warning" : "ok";
  const ttlNote = noTtl >= NO_TTL_SHARE ? `, ${formatRatio(noTtl)} without TTL` : "";
  const headline =
    `${truncate(top.pattern, 60)} holds ${formatRatio(share)} of key memory ` +
    `(${about(report, formatBytes(top.estBytes))} in ${about(report, formatCount(top.estKeys))} keys${ttlNote})`;
  const why =
    status === "warning"
      ? `${top.pattern} holds ${formatRatio(share)} of the keys' memory and ${formatRatio(noTtl)} of its keys never expire: ` +
        "they stay until something deletes them (only allkeys-* eviction could free them), so this prefix is what fills maxmemory. " +
        "Give its keys a TTL or find what writes them. "
      : "";
  const verdict: Verdict = {
    status,
    headline,
    headlineValue: share * 100,
    headlineUnit: "%",
    threshold,
    figures,
    detail: `${why}${howItRan(report)}`,
    tables: [prefixTable(report), biggestTable(report), ttlTable(report)],
  };
  const findings = findingsFor(status, ["redis-memory", "redis-keys-without-ttl"]);
  if (findings) verdict.findings = findings;
  return verdict;
}

/** The report as text, like redis-cli --memkeys prints its summary: what the step shows as raw output. */
export function keyspaceReportText(report: KeyspaceReport): string {
  const lines = [
    `# Keyspace analysis: ${formatCount(report.dbsize)} keys (DBSIZE), ${formatCount(report.scanned)} scanned, ` +
      `${formatCount(report.sampled)} measured (${sampleRate(report)}), ${Math.round(report.elapsedMs)} ms ` +
      `of a ${report.options.timeBudgetMs} ms budget, stopped by the ${report.stoppedBy}`,
    "",
    "prefix\test_bytes\test_keys\tno_ttl_keys\tavg_bytes\tmeasured\tscanned\ttypes",
    ...report.prefixes.map((p) =>
      [
        p.pattern,
        Math.round(p.estBytes),
        Math.round(p.estKeys),
        Math.round(p.estNoTtl),
        Math.round(p.meanBytes),
        p.sampled,
        p.scanned,
        p.types.join(","),
      ].join("\t"),
    ),
    "",
    "biggest keys\tbytes\ttype\tpttl_ms",
    ...report.biggest.map((k) => [displayKey(k.key), k.bytes, k.type, k.pttlMs].join("\t")),
  ];
  return lines.join("\n");
}
