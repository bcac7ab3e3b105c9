// The one way a server action runs: guard (permission, origin, rate limit, denial audit) → validate the
// input with its zod schema → run → ActionResult, with the operation name checked against OPERATIONS at
// compile time. Written here rather than taken from next-safe-action: that library returns its own
// result shape ({ data, serverError, validationErrors }), not the app's ActionResult that every form and
// test reads, and its middleware would still have to call our guard; this file is the small part we need.
import "server-only";
import type { z } from "zod";
import { logError } from "../log";
import type { ActionResult } from "../server/action-result";
import { describeZodError } from "../server/zod-errors";
import type { Actor } from "./actor";
import { type GuardOptions, guardAction } from "./guard";
import type { OperationName } from "./operations";

/** Server actions are the operations named `…Action` (route handlers are "METHOD /path"). */
export type ActionOperation = Extract<OperationName, `${string}Action`>;

export interface ActionContext {
  actor: Actor;
  requestId: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a class of any constructor signature, matched with instanceof
type ErrorClass = abstract new (...args: any[]) => Error;

export interface ActionSpec<S extends z.ZodType, T> {
  /** The input schema; what fails it is refused before anything runs. */
  input: S;
  /** The refusal for invalid input: a prefix ("invalid note" → "invalid note: markdown: …") or the whole message. */
  invalid: string | ((error: z.ZodError) => string);
  /** What a denial's audit record says the call was aimed at, read from the raw (not yet validated) input. */
  denialContext?: (input: unknown) => GuardOptions;
  /** The action itself; it may refuse with { ok: false } for reasons only it can know. */
  run: (input: z.output<S>, context: ActionContext) => Promise<ActionResult<T>>;
  /** Errors whose own message is meant for the person (store and step-input errors). */
  expected?: readonly ErrorClass[];
  /** The message for anything else thrown (logged in full with the request id, never shown). */
  failure: string | ((context: ActionContext) => string);
}

/** Validate → run → ActionResult, after the guard (exported for tests that run an action's body as an actor). */
export async function runActionSpec<S extends z.ZodType, T>(
  operation: ActionOperation,
  spec: ActionSpec<S, T>,
  input: unknown,
  context: ActionContext,
): Promise<ActionResult<T>> {
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) {
    const error =
      typeof spec.invalid === "string"
        ? `${spec.invalid}: ${describeZodError(parsed.error)}`
        : spec.invalid(parsed.error);
    return { ok: false, error };
  }
  try {
    return await spec.run(parsed.data, context);
  } catch (error) {
    if (error instanceof Error && spec.expected?.some((kind) => error instanceof kind)) {
      return { ok: false, error: error.message };
    }
    logError(`${operation} failed (${context.requestId})`, error);
    return { ok: false, error: typeof spec.failure === "string" ? spec.failure : spec.failure(context) };
  }
}

/** The server action for `operation`: `export const addNoteAction = serverAction("addNoteAction", {...})`. */
export function serverAction<S extends z.ZodType, T>(
  operation: ActionOperation,
  spec: ActionSpec<S, T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    const granted = await guardAction(operation, spec.denialContext?.(input) ?? {});
    if (!granted.ok) return { ok: false, error: granted.error };
    return runActionSpec(operation, spec, input, { actor: granted.actor, requestId: granted.requestId });
  };
}
