"use server";
// Server action: move an incident investigating → mitigated → resolved (or reopen it), refusing stale views.
// Resolving takes a resolution note (filed on the timeline) and, while the latest evidence is red, a confirmation.
import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { getIncidentStore, IncidentStoreError } from "@/lib/incidents";
import { evidenceGroups } from "@/lib/incidents/evidence";
import { incidentIdSchema, NOTE_MAX, statusSchema } from "@/lib/incidents/model";
import { resolveProblem, stillRed } from "@/lib/incidents/resolve";

const inputSchema = z
  .object({
    incidentId: incidentIdSchema,
    to: statusSchema,
    from: statusSchema,
    /** Required to resolve: what fixed it. */
    note: z.string().max(NOTE_MAX).optional(),
    /** Resolve although the latest evidence is still red. */
    resolveAnyway: z.boolean().optional(),
  })
  .strict();

export const changeStatusAction = serverAction("changeStatusAction", {
  input: inputSchema,
  invalid: "invalid status change",
  expected: [IncidentStoreError],
  failure: "the status could not be changed (the incident store failed; see the dashboard's log)",
  run: async ({ incidentId, to, from, note, resolveAnyway }, { actor }) => {
    const store = await getIncidentStore();
    if (to === "resolved") {
      const red = stillRed(evidenceGroups(await store.timeline(incidentId)));
      const problem = resolveProblem({ to, note, red, resolveAnyway });
      if (problem) return { ok: false, error: problem };
    }
    const { incident } = await store.changeStatus(incidentId, to, actor, from);
    if (to === "resolved" && note) await store.addNote(incidentId, `**Resolution:** ${note.trim()}`, actor);
    return { ok: true, data: { status: incident.status } };
  },
});
