"use server";
// Server action: add a Markdown note to an incident's timeline (sanitized when shown, never run as HTML).
import { z } from "zod";
import { guardAction } from "@/lib/auth/guard";
import { describeZodError } from "@/lib/diagnostics/run-request";
import type { ActionResult } from "@/lib/diagnostics/types";
import { getIncidentStore, IncidentStoreError } from "@/lib/incidents";
import { incidentIdSchema, NOTE_MAX } from "@/lib/incidents/model";
import { logError } from "@/lib/log";

// Length and content rules are the store's (one message for every caller); this only checks the shape.
const inputSchema = z
  .object({ incidentId: incidentIdSchema, markdown: z.string().max(NOTE_MAX * 2, "the note is far too long") })
  .strict();

export async function addNoteAction(input: unknown): Promise<ActionResult<{ entryId: string }>> {
  const granted = await guardAction("addNoteAction");
  if (!granted.ok) return { ok: false, error: granted.error };
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `invalid note: ${describeZodError(parsed.error)}` };
  try {
    const store = await getIncidentStore();
    const entry = await store.addNote(parsed.data.incidentId, parsed.data.markdown, granted.actor);
    return { ok: true, data: { entryId: entry.id } };
  } catch (error) {
    if (error instanceof IncidentStoreError) return { ok: false, error: error.message };
    logError("addNoteAction failed", error);
    return { ok: false, error: "the note could not be saved (the incident store failed; see the dashboard's log)" };
  }
}
