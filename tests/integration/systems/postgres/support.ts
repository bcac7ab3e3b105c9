// Shared plumbing for the PostgreSQL suites: the server under test (POSTGRES_URL or 127.0.0.1:5432), plain
// fixture sessions that create the conditions (locks, idle transactions), and bounded polling.
import pg from "pg";
import { expect } from "vitest";
import type { Verdict } from "@/lib/verdict/verdict";
import { RUN_ID, START_SERVICES } from "../helpers";

// Tests may read the environment (only app code may not); scripts/services.sh exports POSTGRES_URL.
export const POSTGRES_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A unique name per run, so parallel worktrees on one server never share a scratch schema or database. */
export const SCRATCH = `rb_pg_test_${RUN_ID}`.toLowerCase();

/** host:port of the server under test, for failure messages (never the password). */
export function where(url = POSTGRES_URL): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}`;
}

/** The same server as another user (trust auth on loopback lets the role in without a password). */
export function urlAs(user: string, database?: string): string {
  const parsed = new URL(POSTGRES_URL);
  parsed.username = user;
  parsed.password = "";
  if (database !== undefined) parsed.pathname = `/${database}`;
  return parsed.toString();
}

const fixtures: pg.Client[] = [];

/** A plain fixture session (not the module under test); fails the suite with a clear message when unreachable. */
export async function session(url = POSTGRES_URL, name = "rb-pg-test-fixture"): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, application_name: name });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${where(url)} (POSTGRES_URL, default 127.0.0.1:5432): ${e instanceof Error ? e.message : String(e)}; ${START_SERVICES}`,
    );
  }
  fixtures.push(client);
  return client;
}

export async function pidOf(client: pg.Client): Promise<number> {
  const result = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const pid = result.rows[0]?.pid;
  if (pid === undefined) throw new Error("pg_backend_pid() returned no row");
  return pid;
}

export async function closeSessions(): Promise<void> {
  const all = fixtures.splice(0);
  await Promise.allSettled(all.map((c) => c.end()));
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `read` until `done` holds, at most `ms`; returns the last value (the caller's expect says what was seen). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(200);
    value = await read();
  }
  return value;
}

export function figureOf(verdict: Verdict, label: string) {
  const found = verdict.figures.find((f) => f.label === label);
  expect(found, `figure "${label}" in ${JSON.stringify(verdict.figures)}`).toBeDefined();
  return found?.value ?? null;
}

/** Every cell of a verdict's tables, as text, for "does it name pid X / show query Y". */
export function cells(verdict: Verdict): string[] {
  return (verdict.tables ?? []).flatMap((t) => t.rows.flatMap((r) => r.map((c) => String(c))));
}
