// Validates raw server output against a zod schema and turns problems into an error verdict naming the field.
import type { z } from "zod";
import { describeZodError } from "../server/zod-errors";
import { errorVerdict } from "./builders";
import type { Verdict } from "./verdict";

export type Checked<T> = { ok: true; value: T } | { ok: false; verdict: Verdict };

/** "connections.current: expected a number, got "abc"" — at most five issues, the rest counted. */
export function describeIssues(error: z.ZodError, root: string): string {
  return describeZodError(error, { root, max: 5 });
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
