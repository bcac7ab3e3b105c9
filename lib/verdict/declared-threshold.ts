// Checks a team declares in a runbook's front matter instead of writing an analyzer:
//   checks: { diagnosis-1: { value: reply, warning: "> 1000", critical: "> 10000", unit: jobs } }
// A step without a built-in analyzer shows its reply as a table, "shown, not judged"; a declared threshold
// turns that reading into ok / warning / critical. Pure: no I/O, so runbooks:check validates it too.
import { z } from "zod";
import type { Verdict, VerdictStatus } from "./verdict";

const COMPARISON = /^\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

export interface Comparison {
  op: ">" | ">=" | "<" | "<=" | "==" | "!=";
  limit: number;
}

export interface DeclaredThreshold {
  /** "reply" (the single value of the reply), "rows" (how many rows), or a column name (its largest value). */
  value: string;
  warning?: Comparison;
  critical?: Comparison;
  unit?: string;
}

/** `value` words that are not column names. */
export const THRESHOLD_VALUES = ["reply", "rows"] as const;

export function parseComparison(text: string): Comparison | null {
  const match = COMPARISON.exec(text);
  if (!match?.[1] || match[2] === undefined) return null;
  return { op: match[1] as Comparison["op"], limit: Number(match[2]) };
}

const comparisonText = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = parseComparison(String(value));
  if (parsed === null) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a comparison: write an operator and a number, e.g. "> 1000" (>, >=, <, <=, ==, !=)`,
    });
    return z.NEVER;
  }
  return parsed;
});

/** The object form of a front matter check, with file:line-able messages naming the field. */
export const declaredThresholdSchema = z
  .object({
    value: z.string().trim().min(1, 'name what to judge: "reply", "rows" or a column of the reply'),
    warning: comparisonText.optional(),
    critical: comparisonText.optional(),
    unit: z.string().trim().min(1).max(32).optional(),
  })
  .strict()
  .refine((t) => t.warning !== undefined || t.critical !== undefined, {
    message: 'give warning:, critical: or both (e.g. warning: "> 1000")',
  });

function holds(value: number, { op, limit }: Comparison): boolean {
  switch (op) {
    case ">":
      return value > limit;
    case ">=":
      return value >= limit;
    case "<":
      return value < limit;
    case "<=":
      return value <= limit;
    case "==":
      return value === limit;
    case "!=":
      return value !== limit;
  }
}

function ruleText(t: DeclaredThreshold): string {
  const unit = t.unit ? ` ${t.unit}` : "";
  const parts = [
    t.warning ? `warning when ${t.value} ${t.warning.op} ${t.warning.limit}${unit}` : "",
    t.critical ? `critical when ${t.value} ${t.critical.op} ${t.critical.limit}${unit}` : "",
  ];
  return parts.filter(Boolean).join(", ");
}

function asNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

/** The number `value` names in a shown verdict, or why there is none. */
export function readDeclaredValue(verdict: Verdict, value: string): number | { problem: string } {
  const table = verdict.tables?.[0];
  if (value === "rows") return table ? table.rows.length : { problem: "the reply has no rows to count" };
  if (value === "reply") {
    if (verdict.headlineValue !== null) return verdict.headlineValue;
    const only = table?.rows.length === 1 && table.rows[0]?.length === 1 ? asNumber(table.rows[0][0]) : null;
    return only ?? { problem: "the reply is not a single number; name a column, or rows" };
  }
  const column = table?.columns.indexOf(value) ?? -1;
  if (!table || column < 0) {
    return { problem: `the reply has no column "${value}" (columns: ${table?.columns.join(", ") || "none"})` };
  }
  const numbers = table.rows.map((row) => asNumber(row[column])).filter((n): n is number => n !== null);
  if (numbers.length === 0) return table.rows.length === 0 ? 0 : { problem: `column "${value}" holds no numbers` };
  return Math.max(...numbers);
}

/** The shown verdict judged by the team's threshold; errors and unconfigured targets pass through. */
export function judgeDeclared(verdict: Verdict, threshold: DeclaredThreshold, source: string): Verdict {
  if (verdict.status !== "shown" && verdict.status !== "ok") return verdict;
  const value = readDeclaredValue(verdict, threshold.value);
  const rule = { text: ruleText(threshold), source };
  if (typeof value !== "number") {
    return { ...verdict, status: "error", threshold: rule, detail: `declared check: ${value.problem}` };
  }
  const status: VerdictStatus =
    threshold.critical && holds(value, threshold.critical)
      ? "critical"
      : threshold.warning && holds(value, threshold.warning)
        ? "warning"
        : "ok";
  const unit = threshold.unit ? ` ${threshold.unit}` : "";
  return {
    ...verdict,
    status,
    headline: `${threshold.value === "reply" ? "" : `${threshold.value} `}${value}${unit}`.trim(),
    headlineValue: value,
    ...(threshold.unit ? { headlineUnit: threshold.unit } : {}),
    threshold: rule,
  };
}
