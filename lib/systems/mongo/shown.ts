// find, aggregate, counts and stats have no built-in analyzer: their reply is shown as a table, "shown, not
// judged" (lib/verdict/shown-reply.ts), and a runbook judges it with a threshold declared in its front matter:
// `value: reply` is the count (documents read, or counted), `rows` the same for documents, a column its largest value.
import { shownReply } from "../../verdict/shown-reply";
import type { Verdict } from "../../verdict/verdict";
import type { PlainDocument } from "./client";

/** Documents as a table, one column per field; the headline value is how many came back. */
export function shownDocuments(title: string, documents: PlainDocument[], limit: number): Verdict {
  const shown = shownReply(title, documents);
  const count = documents.length;
  const capped =
    count >= limit
      ? `The server was asked for at most ${limit} documents, so there may be more than the ${count} shown. `
      : "";
  return {
    ...shown,
    headline: `${title}: ${count} ${count === 1 ? "document" : "documents"}`,
    headlineValue: count,
    headlineUnit: "documents",
    detail: `${capped}${shown.detail ?? ""}`,
  };
}

/** A count, as its own headline value. */
export function shownCount(title: string, count: number): Verdict {
  return { ...shownReply(title, count), headlineUnit: "documents" };
}

function at(document: PlainDocument, path: string): unknown {
  let value: unknown = document;
  for (const key of path.split(".")) {
    value = typeof value === "object" && value !== null ? (value as PlainDocument)[key] : undefined;
  }
  return value;
}

/**
 * A stats document as one row of its top-level numbers and strings (each a column, `value: size` judges it), or the
 * field the guide named. Nested sections (MongoDB's wiredTiger runs to kilobytes) stay in the raw output.
 */
export function shownStats(title: string, stats: PlainDocument, field: string | undefined): Verdict {
  if (field !== undefined) {
    const value = at(stats, field) ?? null;
    const section = typeof value === "object" && value !== null && !Array.isArray(value);
    return shownReply(`${title}.${field}`, section ? [value] : value);
  }
  const scalars = Object.entries(stats).filter(([, value]) => typeof value !== "object" || value === null);
  const nested = Object.keys(stats).filter((key) => !scalars.some(([name]) => name === key));
  const shown = shownReply(title, [Object.fromEntries(scalars)]);
  if (nested.length === 0) return shown;
  const note = `Nested sections (${nested.join(", ")}) are in the raw output; name one to see it as a table, e.g. .stats().${nested[0]}.`;
  return { ...shown, detail: `${note} ${shown.detail ?? ""}`.trim() };
}
