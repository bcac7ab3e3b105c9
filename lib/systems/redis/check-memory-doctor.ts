// MEMORY DOCTOR text → ok when Redis finds nothing (or the instance is too small to judge), else the issues it lists.

import { errorVerdict, findingsFor } from "../../verdict/builders";
import { truncate } from "../../verdict/format";
import type { Finding, Threshold, Verdict } from "../../verdict/verdict";

export const MEMORY_DOCTOR_THRESHOLD: Threshold = {
  text: "warning when MEMORY DOCTOR reports any issue",
  source:
    "redis src/object.c getMemoryDoctorReport: peak > 150 % of current, fragmentation > 1.4 above 10 MB, " +
    "big client/replica buffers, many cached scripts; instances under 5 MB are not judged",
};

const NO_ISSUE = /can't find any memory issue/i;
const EMPTY = /this instance is empty or is using very little memory/i;

/** Judges the text MEMORY DOCTOR returns (a bulk or verbatim string). */
export function analyzeMemoryDoctor(text: unknown): Verdict {
  if (typeof text !== "string" || text.trim() === "") {
    return errorVerdict(
      "unexpected MEMORY DOCTOR reply",
      `expected the doctor's report as text, got ${JSON.stringify(text) ?? String(text)}`,
    );
  }
  // RESP3 verbatim strings start with a "txt:" format prefix.
  const report = text.replace(/^txt:/, "").trim();
  if (NO_ISSUE.test(report) || EMPTY.test(report)) {
    const empty = EMPTY.test(report);
    return {
      status: "ok",
      headline: empty ? "MEMORY DOCTOR: instance too small to judge" : "MEMORY DOCTOR: no memory issue",
      headlineValue: 0,
      headlineUnit: "issues",
      threshold: MEMORY_DOCTOR_THRESHOLD,
      figures: [{ label: "issues", value: 0 }],
      detail: truncate(report, 400),
    };
  }
  // Issues are listed as " * Title: explanation" paragraphs.
  const issues = [...report.matchAll(/^\s*\*\s+([^:\n]+):\s*([^\n]*)/gm)].map((m) => ({
    title: (m[1] ?? "").trim(),
    text: truncate((m[2] ?? "").trim(), 300),
  }));
  const findings: Finding[] = ["redis-memory"];
  if (issues.some((i) => /fragmentation|rss/i.test(i.title))) findings.push("redis-fragmentation");
  const status = "warning";
  const verdict: Verdict = {
    status,
    headline:
      issues.length > 0
        ? `MEMORY DOCTOR reports ${issues.length} issue${issues.length === 1 ? "" : "s"}: ${issues.map((i) => i.title).join(", ")}`
        : "MEMORY DOCTOR reports a problem",
    headlineValue: issues.length,
    headlineUnit: "issues",
    threshold: MEMORY_DOCTOR_THRESHOLD,
    figures: [{ label: "issues", value: issues.length }],
    detail: issues.length > 0 ? "See the issues below; each explains its fix." : truncate(report, 600),
    tables:
      issues.length > 0
        ? [{ title: "Issues", columns: ["issue", "explanation"], rows: issues.map((i) => [i.title, i.text]) }]
        : undefined,
  };
  if (!verdict.tables) delete verdict.tables;
  const f = findingsFor(status, findings);
  if (f) verdict.findings = f;
  return verdict;
}
