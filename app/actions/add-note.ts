"use server";
// Server action: add a Markdown note to an incident's timeline (sanitized when shown, never run as HTML).
import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { getIncidentStore, IncidentStoreError } from "@/lib/incidents";
import { incidentIdSchema, NOTE_MAX } from "@/lib/incidents/model";

// Length and content rules are the store's (one message for every caller); this only checks the shape.
const inputSchema = z
  .object({ incidentId: incidentIdSchema, markdown: z.string().max(NOTE_MAX * 2, "the note is far too long") })
  .strict();

export const addNoteAction = serverAction("addNoteAction", {
  input: inputSchema,
  invalid: "invalid note",
  expected: [IncidentStoreError],
  failure: "the note could not be saved (the incident store failed; see the dashboard's log)",
  run: async ({ incidentId, markdown }, { actor }) => {
    const store = await getIncidentStore();
    const entry = await store.addNote(incidentId, markdown, actor);
    return { ok: true, data: { entryId: entry.id } };
  },
});
