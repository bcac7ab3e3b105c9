// An incident as Markdown for a postmortem: summary, timeline, and each step's evidence with before → after.
import { describeAudit } from "../audit/describe";
import type { AuditRecord } from "../audit/types";
import { describeChart } from "../evidence/chart-values";
import { describeOnset } from "../evidence/onset";
import { formatSeconds } from "../verdict/format";
import type { Evidence } from "../verdict/verdict";
import { compareRuns, evidenceGroups, formatFigure, incidentSummary, redChecks, STATUS_LABELS } from "./evidence";
import type { Incident, RunEntry, TimelineEntry } from "./model";

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** A fence longer than any backtick run inside, so raw output cannot close it early. */
function fenced(text: string, lang = ""): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

function utc(iso: string): string {
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}

function paramsText(run: RunEntry): string {
  const entries = Object.entries(run.params);
  return entries.length === 0 ? "" : ` (${entries.map(([k, v]) => `${k}=${v}`).join(", ")})`;
}

function describeEntry(entry: TimelineEntry): string {
  switch (entry.type) {
    case "run":
      return `Ran **${entry.stepTitle}**${paramsText(entry)} (${entry.runbookTitle}): ${entry.verdict.status.toUpperCase()} — ${entry.verdict.headline}${entry.source === "alert" ? " _(automatic, on alert)_" : ""}`;
    case "note":
      return "Note (below)";
    case "status":
      return `Status: ${STATUS_LABELS[entry.from]} → **${STATUS_LABELS[entry.to]}**`;
    case "alert": {
      const summary = entry.alert.annotations.summary;
      return `Alert **${entry.alert.alertname}** ${entry.alert.status}${summary ? `: ${summary}` : ""}`;
    }
  }
}

/**
 * `audit`: the incident's audit records (remediations, denials), oldest first, merged into the timeline;
 * null when the audit store could not be read, which the export then says.
 */
export function exportIncidentMarkdown(
  incident: Incident,
  entries: readonly TimelineEntry[],
  url?: string,
  audit: readonly AuditRecord[] | null = [],
): string {
  const groups = evidenceGroups(entries);
  const red = redChecks(groups);
  const out: string[] = [];
  out.push(`# ${incident.title}`, "");
  out.push(`- **Status:** ${STATUS_LABELS[incident.status]}`);
  out.push(`- **Severity:** ${incident.severity.toUpperCase()}`);
  out.push(`- **Opened:** ${utc(incident.createdAt)} by ${incident.createdBy.name}`);
  if (incident.resolvedAt) out.push(`- **Resolved:** ${utc(incident.resolvedAt)}`);
  if (incident.runbooks.length > 0) out.push(`- **Runbooks:** ${incident.runbooks.join(", ")}`);
  if (incident.symptoms.length > 0) out.push(`- **Symptoms:** ${incident.symptoms.join("; ")}`);
  if (url) out.push(`- **Link:** ${url}`);
  out.push("", `_${incidentSummary(incident, entries)}_`, "");

  out.push("## Red checks", "");
  if (red.length === 0) out.push("None at the latest run of each step.", "");
  for (const g of red)
    out.push(
      `- ${g.latest.stepTitle} (${g.latest.runbookTitle}): **${g.latest.verdict.status}** — ${g.latest.verdict.headline}`,
    );
  if (red.length > 0) out.push("");

  out.push("## Timeline", "", "| Time (UTC) | Who | What |", "| --- | --- | --- |");
  out.push(`| ${cell(utc(incident.createdAt))} | ${cell(incident.createdBy.name)} | Incident opened |`);
  const rows = [
    ...entries.map((e) => ({ at: e.at, who: e.actor.name, what: describeEntry(e) })),
    ...(audit ?? []).map((r) => ({ at: r.at, who: `${r.actorName} (${r.role})`, what: describeAudit(r) })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const row of rows) out.push(`| ${cell(utc(row.at))} | ${cell(row.who)} | ${cell(row.what)} |`);
  out.push("");
  if (audit === null) out.push("_Remediations and denials are missing: the audit trail could not be read._", "");

  const notes = entries.filter((e) => e.type === "note");
  if (notes.length > 0) {
    out.push("## Notes", "");
    for (const note of notes) {
      out.push(`### ${utc(note.at)} — ${note.actor.name}`, "", note.markdown, "");
    }
  }

  out.push("## Evidence", "");
  if (groups.length === 0) out.push("No diagnostic runs were recorded.", "");
  for (const g of groups) {
    const { first, latest } = g;
    out.push(`### ${first.stepTitle}${paramsText(first)} — ${first.runbookTitle}`, "");
    out.push(`- Command: \`${cell(first.cli)}\``);
    out.push(
      `- Runbook version: \`${first.runbookHash.slice(0, 12)}\`; ${g.runs.length} run${g.runs.length === 1 ? "" : "s"}`,
    );
    out.push(
      `- First snapshot (${utc(first.at)}, ${first.actor.name}): **${first.verdict.status}** — ${first.verdict.headline}`,
    );
    if (first.verdict.threshold) {
      out.push(`- Threshold: ${first.verdict.threshold.text} (${first.verdict.threshold.source})`);
    }
    out.push(...evidenceLines("First snapshot", first.verdict.evidence));
    if (g.runs.length > 1) out.push(...evidenceLines("Latest", latest.verdict.evidence));
    if (g.runs.length > 1) {
      const c = compareRuns(first, latest);
      out.push(
        `- Latest (${utc(latest.at)}, ${latest.actor.name}): **${latest.verdict.status}** — ${latest.verdict.headline}`,
      );
      out.push(
        `- Change: ${c.headlineChange}${c.statusChanged ? `; verdict ${c.statusBefore} → ${c.statusAfter}` : ""}`,
      );
      if (c.runbookChanged) out.push("- Note: the runbook file changed between these runs.");
      if (c.windowsDiffer) out.push(`- Note: the runs cover different windows (${c.windowsDiffer}).`);
      out.push("", "| Figure | First | Latest |", "| --- | --- | --- |");
      for (const f of c.figures) {
        out.push(
          `| ${cell(f.label)} | ${cell(f.before)} | ${f.changed ? "**" : ""}${cell(f.after)}${f.changed ? "**" : ""} |`,
        );
      }
    } else if (first.verdict.figures.length > 0) {
      out.push("", "| Figure | Value |", "| --- | --- |");
      for (const f of first.verdict.figures) out.push(`| ${cell(f.label)} | ${cell(formatFigure(f.value, f.unit))} |`);
    }
    out.push(
      "",
      "<details><summary>Raw output of the first snapshot</summary>",
      "",
      fenced(first.raw || "(empty)"),
      "",
      "</details>",
      "",
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** Window, time, source, PromQL and the chart's reading of a windowed verdict, for the export. */
function evidenceLines(which: string, evidence: Evidence | undefined): string[] {
  if (!evidence) return [];
  const source =
    evidence.source === "prometheus" ? "Prometheus" : `two scrapes ${formatSeconds(evidence.windowSeconds)} apart`;
  const lines = [
    `- ${which} window: ${formatSeconds(evidence.windowSeconds)} ending ${utc(evidence.asOf)}, from ${source}`,
  ];
  if (evidence.promql) lines.push(`- ${which} PromQL: \`${cell(evidence.promql)}\``);
  const chart = evidence.chart;
  if (chart) {
    lines.push(`- ${which} chart: ${describeChart(chart, (t) => utc(new Date(t * 1000).toISOString()))}`);
    const onset = describeOnset(chart, (t) => utc(new Date(t * 1000).toISOString()));
    if (onset) lines.push(`- ${which} onset: ${onset}`);
  }
  if (evidence.note) lines.push(`- ${which} note: ${evidence.note}`);
  return lines;
}
