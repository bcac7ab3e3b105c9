// Validates raw server output against a zod schema and turns problems into an error verdict naming the field.
import type { z } from "zod";
import { errorVerdict } from "./builders";
import type { Verdict } from "./verdict";

export type Checked<T> = { ok: true; value: T } | { ok: false; verdict: Verdict };

/** "connections.current: expected a number, got "abc"" — at most five issues, the rest counted. */
export function describeIssues(error: z.ZodError, root: string): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.reduce<string>(
      (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`),
      root,
    );
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length - lines.length;
  return more > 0 ? `${lines.join("; ")}; and ${more} more` : lines.join("; ");
}

/**
 * Parses `input` with `schema`; on failure the verdict says which output (`what`) was malformed
 * and where, so the operator can tell a server quirk from a bug of ours.
 */
export function checkInput<S extends z.ZodType>(schema: S, input: unknown, what: string): Checked<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    verdict: errorVerdict(`unexpected ${what} output`, describeIssues(result.error, what)),
  };
}
