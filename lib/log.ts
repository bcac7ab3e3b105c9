// Server-side logging through one pino logger (JSON lines): errors keep their stack (pino's err serializer),
// and every configured secret (configSecrets) plus any URL password, query-string secret or Redis
// requirepass/masterauth is masked in the message, the stack and every field, so none reaches the log.
// Logging never throws, even when the configuration is invalid (then only the pattern-based masking applies).
import pino, { type DestinationStream, type Logger } from "pino";
import { configSecrets, getConfig } from "./config";
import { isSecretKey, MASK, redactText } from "./server/redact";

/** The configured secrets, or none while the configuration is invalid (logging must still work then). */
function knownSecrets(): string[] {
  try {
    return configSecrets(getConfig());
  } catch {
    return [];
  }
}

// `CONFIG SET requirepass s3cret`, `masterauth: s3cret`, `["requirepass","s3cret"]`: the value after the name.
const REDIS_PASSWORD = /\b(requirepass|masterauth)(["'\s:=,]+)([^\s"',;]+)/gi;

function maskText(text: string, secrets: readonly string[]): string {
  return redactText(text, secrets).replace(
    REDIS_PASSWORD,
    (_whole, name: string, sep: string) => `${name}${sep}${MASK}`,
  );
}

const MAX_DEPTH = 8;

/** A copy of `value` with every string masked; errors become pino's serialized form (message, stack, fields). */
function maskValue(value: unknown, secrets: readonly string[], seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === "string") return maskText(value, secrets);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Object]";
  seen.add(value);
  if (value instanceof Error) return maskValue(pino.stdSerializers.err(value), secrets, seen, depth + 1);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, secrets, seen, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = typeof v === "string" && v !== "" && isSecretKey(key) ? MASK : maskValue(v, secrets, seen, depth + 1);
  }
  return out;
}

/** stdout for info and warnings, stderr for errors (as console.log / console.error did). */
function defaultDestination(): DestinationStream {
  return pino.multistream(
    [
      { level: "trace", stream: pino.destination({ dest: 1, sync: true }) },
      { level: "error", stream: pino.destination({ dest: 2, sync: true }) },
    ],
    { dedupe: true },
  );
}

/** The dashboard's logger writing to `destination` (default: stdout, errors to stderr). */
export function createLogger(destination: DestinationStream = defaultDestination()): Logger {
  return pino(
    {
      name: "runbook-dashboard",
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: {
        err: (value: unknown) =>
          maskValue(value instanceof Error ? pino.stdSerializers.err(value) : value, knownSecrets()),
      },
      hooks: {
        // Masks the message, its interpolation arguments and every field before pino formats them.
        logMethod(args, method) {
          const secrets = knownSecrets();
          const [first, ...rest] = args as unknown[];
          const withErr =
            first instanceof Error ? [{ err: first }, ...(rest.length > 0 ? rest : [first.message])] : args;
          method.apply(this, withErr.map((a) => maskValue(a, secrets)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

let logger: Logger | undefined;

function current(): Logger {
  logger ??= createLogger();
  return logger;
}

/** Sends the log to `destination` (tests capture it this way); undefined restores stdout/stderr. */
export function setLogDestination(destination: DestinationStream | undefined): void {
  logger = destination === undefined ? undefined : createLogger(destination);
}

/** Last resort when the logger itself fails: one masked line on stderr, never an exception. */
function fallback(line: string): void {
  try {
    process.stderr.write(`[runbook-dashboard] ${maskText(line, knownSecrets())}\n`);
  } catch {
    // Nothing left to report to.
  }
}

export function logError(context: string, error: unknown): void {
  try {
    if (error instanceof Error) {
      current().error({ context, err: error }, `${context}: ${error.name}: ${error.message}`);
    } else {
      current().error({ context }, `${context}: ${String(error)}`);
    }
  } catch {
    fallback(`${context}: (the error could not be logged)`);
  }
}

export function logInfo(message: string): void {
  try {
    current().info(message);
  } catch {
    fallback("(a message could not be logged)");
  }
}
