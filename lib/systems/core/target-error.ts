// The one error type every target module throws: a kind the UI maps to a verdict, and a redacted message.
import "server-only";
import { type ConfigTarget, configSecrets, describeMissing, getConfig } from "../../config";
import { redactText } from "../../server/redact";

export type TargetErrorKind =
  /** No answer within our deadline (connect 2 s, command 5 s). */
  | "timeout"
  /** Nothing listens there (ECONNREFUSED), or the host is unreachable. */
  | "refused"
  /** The server answered that it lacks the command (FerretDB without `profile`, old Redis). */
  | "unsupported"
  /** Authentication failed or the user lacks the permission (NOAUTH, WRONGPASS, NOPERM, Unauthorized). */
  | "auth"
  /** The variable that would name this target is unset. */
  | "not-configured"
  /** A parameter failed validation before anything was sent (collection name, filter, since...). */
  | "invalid"
  /** The file, variable prefix or path is not on the allowlist. */
  | "forbidden"
  /** The collection, key or file does not exist. */
  | "not-found"
  | "other";

/** Which system failed, as its adapter names itself ("redis", "postgres") or a local source ("files", "git"). */
export type TargetSystem = string;

/** A plain, serializable copy of a TargetError (server action results, incident records). */
export interface TargetFailure {
  kind: TargetErrorKind;
  system: TargetSystem;
  message: string;
  /** Server or errno code when there is one: "ECONNREFUSED", 59, "NOAUTH". */
  code?: string | number;
}

export class TargetError extends Error {
  readonly kind: TargetErrorKind;
  readonly system: TargetSystem;
  readonly code: string | number | undefined;

  constructor(kind: TargetErrorKind, system: TargetSystem, message: string, code?: string | number) {
    // Masked here, once, so no call site can forget: every configured password and any user:pass@ in a URL.
    super(safeRedact(message));
    this.name = "TargetError";
    this.kind = kind;
    this.system = system;
    this.code = code;
  }

  toJSON(): TargetFailure {
    const out: TargetFailure = { kind: this.kind, system: this.system, message: this.message };
    if (this.code !== undefined) out.code = this.code;
    return out;
  }
}

function safeRedact(message: string): string {
  let secrets: string[] = [];
  try {
    secrets = configSecrets(getConfig());
  } catch {
    // A broken config must not hide the original error; URL masking below still applies.
  }
  return redactText(message, secrets);
}

/** The error for an unset target, naming the variable to set. */
export function notConfigured(system: TargetSystem, target: ConfigTarget, name?: string): TargetError {
  const what = name === undefined ? target : `${target} "${name}"`;
  return new TargetError("not-configured", system, `${what} is not configured: ${describeMissing(target, name)}`);
}

export function isTargetError(e: unknown): e is TargetError {
  return e instanceof TargetError;
}

/** Node errno of a system error (ECONNREFUSED, ETIMEDOUT...), if any. */
export function errnoOf(e: unknown): string | undefined {
  if (typeof e === "object" && e !== null && "code" in e && typeof e.code === "string") return e.code;
  return undefined;
}

export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Rejects with `onTimeout()` if `work` has not settled within `ms`; the timer never keeps the process alive. */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Our deadlines, in one place so UI text ("timed out after 5 s") and behaviour agree. */
export const CONNECT_TIMEOUT_MS = 2000;
export const COMMAND_TIMEOUT_MS = 5000;
