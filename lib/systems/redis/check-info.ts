// Judges a Redis INFO reading (optionally `| grep word`) with the view its step declared.

import { mergeVerdicts } from "../../verdict/builders";
import type { DetailTable, Verdict } from "../../verdict/verdict";
import { analyzeKeyspaceHitRatio } from "./check-keyspace-hit-ratio";
import { analyzeRedisMemory } from "./check-memory";
import type { InfoLine, RedisInfo, RedisInfoSample } from "./info";
import { grepInfo } from "./info";

export interface RedisInfoInput {
  /** The full INFO reply (or the section asked for), as the reader typed it. */
  info: RedisInfo;
  /** When it was read, epoch milliseconds. */
  at: number;
  /** The word of `redis-cli info | grep word`, when the guide's command pipes into grep. */
  grep?: string;
  /** Which view of INFO the step declared: keyspace hit ratio, memory, or every field (`redis-info`). */
  view: "cache-hit-ratio" | "redis-memory" | "redis-info";
  /** The hit ratio already judged over a window from Prometheus; otherwise it is judged from the samples. */
  hitRatio?: Verdict;
}

function grepTable(lines: readonly InfoLine[], word: string): DetailTable {
  return {
    title: `Lines matching "${word}"`,
    columns: ["field", "value"],
    rows: lines.map((l) => [l.name, l.value]),
  };
}

function overview(current: RedisInfoSample, previous: RedisInfoSample | undefined): Verdict {
  const verdicts: Verdict[] = [];
  const { info } = current;
  if (info.fields.used_memory !== undefined) verdicts.push(analyzeRedisMemory(info));
  if (info.fields.keyspace_hits !== undefined) verdicts.push(analyzeKeyspaceHitRatio(current, previous));
  if (verdicts.length > 0) return mergeVerdicts(verdicts);
  return genericInfoVerdict(info);
}

/** Sections we have no analyzer for (server, clients, replication...): shown as figures, status ok. */
function genericInfoVerdict(info: RedisInfo): Verdict {
  const fields = Object.entries(info.fields);
  return {
    status: "ok",
    headline: `${fields.length} INFO fields`,
    headlineValue: fields.length,
    headlineUnit: "fields",
    figures: fields.slice(0, 40).map(([label, value]) => ({ label, value })),
    detail: "No threshold applies to these fields; they are shown as Redis reported them.",
  };
}

/**
 * Judges INFO output with the view the step declared. With a grep word the verdict is still computed on the
 * whole reply — grep output alone lacks maxmemory — and the matching lines are added as a table, which is
 * what the guide's command would have printed.
 */
export function analyzeRedisInfo(input: RedisInfoInput, previous?: RedisInfoSample): Verdict {
  const { info } = input;
  const current: RedisInfoSample = { info, at: input.at };
  const judged = (): Verdict =>
    input.view === "cache-hit-ratio"
      ? (input.hitRatio ?? analyzeKeyspaceHitRatio(current, previous))
      : analyzeRedisMemory(info);
  if (input.grep === undefined) return input.view === "redis-info" ? overview(current, previous) : judged();
  const word = input.grep;
  const matched = grepInfo(info, word);
  const names = matched.filter((l) => l.value !== null).map((l) => l.name);
  const table = grepTable(matched, word);
  if (input.view !== "redis-info") {
    const verdict = judged();
    return { ...verdict, tables: [...(verdict.tables ?? []), table] };
  }
  if (names.length === 0) {
    return {
      status: "ok",
      headline: `no INFO line contains "${word}"`,
      headlineValue: 0,
      headlineUnit: "lines",
      figures: [],
      detail: "grep would print nothing; no threshold applies.",
    };
  }
  return {
    status: "ok",
    headline: `${names.length} INFO line${names.length === 1 ? "" : "s"} contain "${word}"`,
    headlineValue: names.length,
    headlineUnit: "lines",
    figures: table.rows.map(([label, value]) => ({ label: String(label), value: value ?? null })),
    detail: "No threshold applies to these fields; they are shown as Redis reported them.",
    tables: [table],
  };
}
