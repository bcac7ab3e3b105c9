// Where server.ts (npm start) listens, and the runbooks directory it serves.
import path from "node:path";
import { z } from "zod";
import { optionalText, positiveIntField } from "./fields";

/** An IP address or host name to listen on (no scheme, port or path). */
const hostField = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  if (!/^[A-Za-z0-9.:_-]{1,253}$/.test(v) && !/^\[[0-9A-Fa-f:.]+\]$/.test(v)) {
    ctx.addIssue({ code: "custom", message: `must be an IP address or host name (e.g. 127.0.0.1), got "${v}"` });
    return undefined;
  }
  return v.replace(/^\[|\]$/g, "");
});

/** RUNBOOKS_DIR: a directory path, absolute or relative to the working directory; default `runbooks`. */
const runbooksDirField = optionalText.transform((v, ctx) => {
  let dir = v ?? "runbooks";
  if (dir.includes("\0")) {
    ctx.addIssue({ code: "custom", message: "must be a directory path" });
    dir = "runbooks";
  }
  // A runtime path: the comment keeps Turbopack from tracing the whole project into the build output.
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), dir);
});

/**
 * The runbooks directory from the environment alone. The library reads it at build time and in scripts
 * (runbooks:check, import), where the rest of the configuration (AUTH_SECRET…) need not be valid.
 */
export function runbooksDirFrom(env: Readonly<Record<string, string | undefined>>): string {
  const parsed = runbooksDirField.safeParse(env.RUNBOOKS_DIR);
  return parsed.success ? parsed.data : path.resolve(/* turbopackIgnore: true */ process.cwd(), "runbooks");
}

export const serverConfig = z
  .object({
    HOST: hostField,
    PORT: positiveIntField(3000, 65_535),
    RUNBOOKS_DIR: runbooksDirField,
  })
  .transform((e) => ({
    /** Where server.ts listens: HOST (unset: 127.0.0.1 when AUTH_MODE=none, else every interface) and PORT. */
    server: { host: e.HOST, port: e.PORT },
    /** The runbook files the dashboard serves (RUNBOOKS_DIR, default `runbooks` under the working directory). */
    runbooksDir: e.RUNBOOKS_DIR,
  }));
