// Routes Redis INFO output (optionally `| grep word`) to the analyzer its lines call for.

import { analyzeKeyspaceHitRatio } from "./cache-hit-ratio";
import type { RedisInfo, RedisInfoSample } from "./redis-info";
import { filterInfoLines, parseRedisInfo, RedisInfoParseError } from "./redis-info";
import { analyzeRedisMemory } from "./redis-memory";
import type { DetailTable, Verdict } from "./verdict";
import { errorVerdict, mergeVerdicts } from "./verdict-builders";

export interface RedisInfoInput {
  /** The full INFO reply (or the section asked for), as Redis returned it. */
  text: string;
  /** When it was read, epoch milliseconds. */
  at: number;
  /** The word of `redis-cli info | grep word`, when the guide's command pipes into grep. */
  grep?: string;
  /** The section argument of INFO ("memory", "stats"), when given. */
  section?: string;
}

const HIT_FIELDS = /^keyspace_(?:hits|misses)$/;
const MEMORY_FIELDS = /^(?:used_memory|maxmemory|mem_fragmentation|evicted_keys)/;

function grepTable(lines: string, word: string): DetailTable {
  return {
    title: `Lines matching "${word}"`,
    columns: ["field", "value"],
    rows: lines
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => {
        const colon = l.indexOf(":");
        return colon > 0 ? [l.slice(0, colon), l.slice(colon + 1)] : [l, null];
      }),
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
 * Judges INFO output. With a grep word, the verdict is chosen by the matching lines (hit → keyspace hit
 * ratio, used_memory → memory) but computed on the whole reply — grep output alone lacks maxmemory — and
 * the matching lines are added as a table, which is what the guide's command would have printed.
 */
export function analyzeRedisInfo(input: RedisInfoInput, previous?: RedisInfoSample): Verdict {
  let info: RedisInfo;
  try {
    info = parseRedisInfo(input.text);
  } catch (e) {
    if (e instanceof RedisInfoParseError) return errorVerdict("unexpected INFO output", e.message);
    throw e;
  }
  const current: RedisInfoSample = { info, at: input.at };
  if (input.grep === undefined) {
    const section = input.section?.toLowerCase();
    if (section === "memory") return analyzeRedisMemory(info);
    if (section === "stats") return analyzeKeyspaceHitRatio(current, previous);
    return overview(current, previous);
  }
  const word = input.grep;
  const matched = filterInfoLines(input.text, word);
  const names = matched
    .split("\n")
    .map((l) => l.slice(0, Math.max(0, l.indexOf(":"))))
    .filter((n) => n !== "");
  const table = grepTable(matched, word);
  let verdict: Verdict;
  if (names.some((n) => HIT_FIELDS.test(n))) verdict = analyzeKeyspaceHitRatio(current, previous);
  else if (names.some((n) => MEMORY_FIELDS.test(n))) verdict = analyzeRedisMemory(info);
  else if (names.length === 0) {
    return {
      status: "ok",
      headline: `no INFO line contains "${word}"`,
      headlineValue: 0,
      headlineUnit: "lines",
      figures: [],
      detail: "grep would print nothing; no threshold applies.",
    };
  } else {
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
  return { ...verdict, tables: [...(verdict.tables ?? []), table] };
}
