// A reply no built-in analyzer judges, shown as a table: status "shown" (shown, not judged). A runbook can
// judge it with a declared threshold (declared-threshold.ts), which reads the table and headline value built here.
import type { DetailTable, Verdict } from "./verdict";

/** Rows past this are left out of the table (the raw output keeps more, up to its own cap). */
export const SHOWN_ROWS_CAP = 200;

type Cell = string | number | null;

function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") return Number(value);
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  return JSON.stringify(value) ?? String(value);
}

function asNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(?:\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

/** `k=v k=v` lines (CLIENT LIST) become columns; other text one line per row. */
function textTable(title: string, text: string): DetailTable {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const pairs = lines.map((line) =>
    line
      .trim()
      .split(/\s+/)
      .map((word) => word.split("=")),
  );
  if (pairs.length > 0 && pairs.every((words) => words.every((kv) => kv.length >= 2 && kv[0] !== ""))) {
    const columns = [...new Set(pairs.flatMap((words) => words.map((kv) => kv[0] ?? "")))];
    const rows = pairs.map((words) => {
      const map = new Map(words.map((kv) => [kv[0], kv.slice(1).join("=")]));
      return columns.map((c) => cell(map.get(c) ?? null));
    });
    return { title, columns, rows };
  }
  return { title, columns: ["line"], rows: lines.map((line) => [line]) };
}

/** Rows of objects share their keys as columns; anything else is one "value" column. */
export function replyTable(title: string, reply: unknown): DetailTable {
  if (typeof reply === "string") return textTable(title, reply);
  if (!Array.isArray(reply)) return { title, columns: ["value"], rows: [[cell(reply)]] };
  if (reply.length > 0 && reply.every((row) => typeof row === "object" && row !== null && !Array.isArray(row))) {
    const columns = [...new Set(reply.flatMap((row) => Object.keys(row as object)))];
    return {
      title,
      columns,
      rows: reply.map((row) => columns.map((c) => cell((row as Record<string, unknown>)[c]))),
    };
  }
  return { title, columns: ["value"], rows: reply.map((item) => [cell(item)]) };
}

/** The shown verdict of one reply: a single number is the headline, everything is the table. */
export function shownReply(title: string, reply: unknown): Verdict {
  const table = replyTable(title, reply);
  const total = table.rows.length;
  const number = asNumber(reply);
  const headline =
    number !== null
      ? `${title}: ${number}`
      : reply === null || reply === undefined
        ? `${title}: (nil)`
        : `${title}: ${total} ${total === 1 ? "row" : "rows"}`;
  return {
    status: "shown",
    headline,
    headlineValue: number,
    figures: [],
    detail: `No built-in analyzer judges this reply; it is shown, not judged. A runbook can judge it by declaring thresholds under checks: in its front matter.${total > SHOWN_ROWS_CAP ? ` The table shows the first ${SHOWN_ROWS_CAP} of ${total} rows.` : ""}`,
    tables: [{ ...table, rows: table.rows.slice(0, SHOWN_ROWS_CAP) }],
  };
}
