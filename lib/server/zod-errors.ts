// One way to turn a zod error into the sentence a person reads: which field is wrong and why.
import type { z } from "zod";

export interface DescribeZodErrorOptions {
  /** Names an issue without a path ("input: …"); with null it is shown as the bare message. Default "input". */
  unnamed?: string | null;
  /** Show custom issues (our own refine messages, which already say what they are about) without their path. */
  bareCustom?: boolean;
  /** Show the messages only, never a path (schemas whose messages name their field themselves). */
  messagesOnly?: boolean;
  /** Prefix every path with this root, array indexes in brackets: `connections.current`, `rows[2].ms`. */
  root?: string;
  /** List at most this many issues and count the rest ("; and 2 more"). */
  max?: number;
}

function pathText(path: readonly PropertyKey[], root: string | undefined): string {
  if (root === undefined) return path.map(String).join(".");
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    root,
  );
}

/** "runbook: Invalid …; steps.0.stepId: …" — names the field that is wrong, issue by issue. */
export function describeZodError(error: z.ZodError, options: DescribeZodErrorOptions = {}): string {
  const { unnamed = "input", bareCustom = false, messagesOnly = false, root, max } = options;
  const shown = max === undefined ? error.issues : error.issues.slice(0, max);
  const lines = shown.map((issue) => {
    if (messagesOnly || (bareCustom && issue.code === "custom")) return issue.message;
    const path = pathText(issue.path, root);
    if (path !== "") return `${path}: ${issue.message}`;
    return unnamed === null ? issue.message : `${unnamed}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return more > 0 ? `${lines.join("; ")}; and ${more} more` : lines.join("; ");
}
