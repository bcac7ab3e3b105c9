"use server";
// Server action: move an incident investigating → mitigated → resolved (or reopen it), refusing stale views.
import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { getIncidentStore, IncidentStoreError } from "@/lib/incidents";
import { incidentIdSchema, statusSchema } from "@/lib/incidents/model";

const inputSchema = z.object({ incidentId: incidentIdSchema, to: statusSchema, from: statusSchema }).strict();

export const changeStatusAction = serverAction("changeStatusAction", {
  input: inputSchema,
  invalid: "invalid status change",
  expected: [IncidentStoreError],
  failure: "the status could not be changed (the incident store failed; see the dashboard's log)",
  run: async ({ incidentId, to, from }, { actor }) => {
    const store = await getIncidentStore();
    const { incident } = await store.changeStatus(incidentId, to, actor, from);
    return { ok: true, data: { status: incident.status } };
  },
});
