// Which Redis commands a guide line may run, decided by Redis's own command metadata rather than a hand list:
// command-table.json is the server's COMMAND reply (flags, ACL categories, key positions), snapshotted by
// scripts/redis-command-table.ts; the run checks the live server's COMMAND INFO again (client.ts).
//
// Runs: commands Redis flags `readonly` that neither block (`blocking`), nor walk or stall the whole server
// (ACL category @dangerous: KEYS, SORT_RO), nor run scripts or touch pub/sub; plus a few introspection
// commands Redis does not flag readonly (they read no keys) but that change nothing. SCAN-family COUNT capped.
import snapshot from "./command-table.json";

export interface CommandMeta {
  arity: number;
  flags: readonly string[];
  acl: readonly string[];
  firstKey: number;
  lastKey: number;
  step: number;
}

const TABLE: Readonly<Record<string, CommandMeta>> = snapshot.commands;
export const COMMAND_TABLE_SOURCE = snapshot.source;

/** Read server state only (no keys, no writes) though not flagged readonly: INFO's sections, connections, clocks. */
export const INTROSPECTION = new Set(["info", "client|list", "client|info", "time", "lastsave", "role"]);

/** The largest COUNT a SCAN / HSCAN / SSCAN / ZSCAN step sends (and the one it sends when the line gives none). */
export const SCAN_COUNT_CAP = 1000;
const SCAN_DEFAULT_COUNT = 100;
const MAX_ARGS = 16;

/** Why Redis's own metadata for `name` rules it out, or null when it may run. */
export function refusalOf(name: string, meta: CommandMeta): string | null {
  const display = name.replace("|", " ").toUpperCase();
  const has = (flag: string) => meta.flags.includes(flag);
  if (has("write")) return `${display} changes data (Redis flags it write) — not a read-only diagnostic`;
  if (has("blocking")) return `${display} blocks the connection waiting for data (Redis flags it blocking)`;
  if (meta.acl.includes("scripting")) return `${display} runs a script, which is never run live`;
  if (has("pubsub")) return `${display} is a pub/sub command, not a diagnostic read`;
  if (INTROSPECTION.has(name)) return null;
  if (!has("readonly")) {
    return `${display} is not flagged read-only by Redis${has("admin") ? " (an administrative command)" : ""} — not run live`;
  }
  if (meta.acl.includes("dangerous")) {
    return `${display} is in Redis's @dangerous category (it can walk every key or stall the server)${name === "keys" ? "; use SCAN with a COUNT" : ""}`;
  }
  return null;
}

export type ReadDecision =
  | {
      ok: true;
      /** "llen", "memory|usage": the table's name of the command. */
      name: string;
      /** The words to send, command first; SCAN's COUNT capped. */
      words: string[];
      /** Key arguments, by Redis's key positions (for the ACL's key patterns). */
      keys: string[];
    }
  | { ok: false; reason: string };

function arityOk(arity: number, count: number): boolean {
  return arity >= 0 ? count === arity : count >= -arity;
}

/** `SCAN cursor [MATCH p] [COUNT n] [TYPE t]` (HSCAN/SSCAN/ZSCAN after the key) with COUNT at most the cap. */
function capScanCount(words: string[], name: string): string[] | { reason: string } {
  const out = [...words];
  const at = out.findIndex((word, i) => i > 1 && word.toUpperCase() === "COUNT");
  if (at < 0) return [...out, "COUNT", String(SCAN_DEFAULT_COUNT)];
  const count = out[at + 1];
  if (count === undefined || !/^\d{1,9}$/.test(count)) return { reason: `${name.toUpperCase()} COUNT takes a number` };
  if (Number(count) > SCAN_COUNT_CAP) out[at + 1] = String(SCAN_COUNT_CAP);
  return out;
}

/** Decides one Redis command's words (command first, as in a `redis` block or after redis-cli's options). */
export function decideRead(input: readonly string[]): ReadDecision {
  const [first, second] = input;
  if (first === undefined) return { ok: false, reason: "no Redis command" };
  const top = first.toLowerCase();
  const sub = second === undefined ? undefined : `${top}|${second.toLowerCase()}`;
  const name = sub !== undefined && TABLE[sub] ? sub : top;
  const meta = TABLE[name];
  if (meta === undefined) {
    const hasSubs = Object.keys(TABLE).some((known) => known.startsWith(`${top}|`));
    return {
      ok: false,
      reason: hasSubs
        ? `${first.toUpperCase()} ${second?.toUpperCase() ?? ""} is not a subcommand Redis lists (${COMMAND_TABLE_SOURCE})`.replace(
            "  ",
            " ",
          )
        : `${first.toUpperCase()} is not a command Redis lists (${COMMAND_TABLE_SOURCE})`,
    };
  }
  if (TABLE[top] !== undefined && name === top && Object.keys(TABLE).some((known) => known.startsWith(`${top}|`))) {
    return {
      ok: false,
      reason: `${first.toUpperCase()} needs a subcommand Redis lists, such as ${subcommandsOf(top)}`,
    };
  }
  const refusal = refusalOf(name, meta);
  if (refusal !== null) return { ok: false, reason: refusal };
  if (!arityOk(meta.arity, input.length)) {
    return {
      ok: false,
      reason: `${name.replace("|", " ").toUpperCase()} takes ${meta.arity >= 0 ? "exactly" : "at least"} ${Math.abs(meta.arity) - 1} argument(s) after the command name, by Redis's arity`,
    };
  }
  if (input.length > MAX_ARGS) return { ok: false, reason: `more than ${MAX_ARGS} words; copy it and run it yourself` };
  let words = [...input];
  if (/^[hsz]?scan$/.test(name)) {
    const capped = capScanCount(words, name);
    if (!Array.isArray(capped)) return { ok: false, reason: capped.reason };
    words = capped;
  }
  const keys: string[] = [];
  if (meta.firstKey > 0) {
    const last = meta.lastKey < 0 ? words.length + meta.lastKey : meta.lastKey;
    for (let i = meta.firstKey; i <= last && i < words.length; i += Math.max(1, meta.step)) {
      const key = words[i];
      if (key !== undefined) keys.push(key);
    }
  }
  return { ok: true, name, words, keys };
}

function subcommandsOf(top: string): string {
  const readable = Object.entries(TABLE)
    .filter(([known, meta]) => known.startsWith(`${top}|`) && refusalOf(known, meta) === null)
    .map(([known]) => known.split("|")[1]?.toUpperCase());
  return readable.length > 0 ? readable.slice(0, 6).join(", ") : "none that are read-only";
}
