// Reading an incident's runs: evidence per step (first snapshot vs latest), before → after figures, red checks, summary.

import { formatFigureValue, formatSeconds } from "../verdict/format";
import { isRed, type VerdictStatus } from "../verdict/verdict";
import { STATUS_LABELS } from "./labels";
import type { Incident, RunEntry, TimelineEntry } from "./model";

export { STATUS_LABELS };

/** One figure as the page shows it (human units), for comparisons and the export. */
export const formatFigure = formatFigureValue;

/** The recorded runs of one step with the same inputs, oldest first. */
export interface EvidenceGroup {
  key: string;
  first: RunEntry;
  latest: RunEntry;
  runs: RunEntry[];
}

function evidenceKey(run: RunEntry): string {
  const params = Object.entries(run.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${run.runbook}#${run.stepId}#${JSON.stringify(params)}`;
}

/** Groups runs by runbook, step and inputs, in the order each step was first recorded. */
export function evidenceGroups(entries: readonly TimelineEntry[]): EvidenceGroup[] {
  const groups = new Map<string, RunEntry[]>();
  for (const entry of entries) {
    if (entry.type !== "run") continue;
    const key = evidenceKey(entry);
    const list = groups.get(key) ?? [];
    list.push(entry);
    groups.set(key, list);
  }
  return [...groups.entries()].flatMap(([key, runs]) => {
    const first = runs[0];
    const latest = runs[runs.length - 1];
    return first && latest ? [{ key, first, latest, runs }] : [];
  });
}

/** Steps whose latest run is critical or warning. */
export function redChecks(groups: readonly EvidenceGroup[]): EvidenceGroup[] {
  return groups.filter((g) => isRed(g.latest.verdict.status));
}

export interface FigureChange {
  label: string;
  before: string;
  after: string;
  changed: boolean;
  /** For two numbers: which way it moved. */
  direction?: "up" | "down";
}

export interface RunComparison {
  statusBefore: VerdictStatus;
  statusAfter: VerdictStatus;
  statusChanged: boolean;
  /** "keyspace hit ratio 42 % → 91 %" (the shared words once), or the headline when it did not change. */
  headlineChange: string;
  figures: FigureChange[];
  /** The runbook file changed between the two runs (another version of the step may have run). */
  runbookChanged: boolean;
  /** Set when the two verdicts cover windows of different lengths: "5 min, then 1 min". */
  windowsDiffer?: string;
}

/** Before → after only compares like with like: say when the windows differ. */
function windowsDiffer(before: RunEntry, after: RunEntry): string | undefined {
  const a = before.verdict.evidence?.windowSeconds;
  const b = after.verdict.evidence?.windowSeconds;
  if (a === undefined || b === undefined || Math.abs(a - b) < 1) return undefined;
  return `${formatSeconds(a)}, then ${formatSeconds(b)}`;
}

/** Words after which a headline is a sentence, not a figure: then both are shown whole. */
const COMPACT_TAIL_WORDS = 6;

/**
 * "keyspace hit ratio 42 %" and "keyspace hit ratio 91 %" → "keyspace hit ratio 42 % → 91 %": the shared words
 * once. Long headlines that differ early are shown whole on both sides, which reads better than a cut sentence.
 */
export function headlineChange(before: string, after: string): string {
  if (before === after) return before;
  let i = 0;
  while (i < before.length && i < after.length && before[i] === after[i]) i++;
  // Back up to the start of the word that differs, so "42" vs "91" is not split as "4|2".
  const prefixEnd = before.lastIndexOf(" ", i - 1) + 1;
  const tailBefore = before.slice(prefixEnd);
  const tailAfter = after.slice(prefixEnd);
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  if (prefixEnd === 0 || Math.max(words(tailBefore), words(tailAfter)) > COMPACT_TAIL_WORDS) {
    return `${before} → ${after}`;
  }
  return `${before.slice(0, prefixEnd)}${tailBefore} → ${tailAfter}`;
}

export function compareRuns(before: RunEntry, after: RunEntry): RunComparison {
  const labels: string[] = [];
  for (const f of [...before.verdict.figures, ...after.verdict.figures]) {
    if (!labels.includes(f.label)) labels.push(f.label);
  }
  const figures = labels.map((label): FigureChange => {
    const b = before.verdict.figures.find((f) => f.label === label);
    const a = after.verdict.figures.find((f) => f.label === label);
    const shownBefore = formatFigure(b?.value, b?.unit);
    const shownAfter = formatFigure(a?.value, a?.unit);
    const change: FigureChange = { label, before: shownBefore, after: shownAfter, changed: shownBefore !== shownAfter };
    if (typeof b?.value === "number" && typeof a?.value === "number" && a.value !== b.value) {
      change.direction = a.value > b.value ? "up" : "down";
    }
    return change;
  });
  return {
    statusBefore: before.verdict.status,
    statusAfter: after.verdict.status,
    statusChanged: before.verdict.status !== after.verdict.status,
    headlineChange: headlineChange(before.verdict.headline, after.verdict.headline),
    figures,
    runbookChanged: before.runbookHash !== after.runbookHash,
    ...(windowsDiffer(before, after) ? { windowsDiffer: windowsDiffer(before, after) } : {}),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** One line for link previews and the list: status, severity, red checks and what was recorded. */
export function incidentSummary(incident: Incident, entries: readonly TimelineEntry[]): string {
  const groups = evidenceGroups(entries);
  const red = redChecks(groups);
  const runs = entries.filter((e) => e.type === "run").length;
  const notes = entries.filter((e) => e.type === "note").length;
  const parts = [STATUS_LABELS[incident.status], incident.severity.toUpperCase()];
  if (red.length > 0) {
    const shown = red
      .slice(0, 3)
      .map((g) => `${g.latest.verdict.headline} (${g.latest.verdict.status})`)
      .join("; ");
    parts.push(`${plural(red.length, "red check")}: ${shown}${red.length > 3 ? "; …" : ""}`);
  } else if (groups.length > 0) {
    parts.push("no red checks");
  }
  parts.push(`${plural(runs, "run")}, ${plural(notes, "note")}`);
  return parts.join(" · ");
}
