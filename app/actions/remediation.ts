"use server";
// Server actions: preview and apply one allowlisted remediation (admin only, off unless REMEDIATIONS_ENABLED).
import { z } from "zod";
import type { GuardOptions } from "@/lib/auth/guard";
import { serverAction } from "@/lib/auth/server-action";
import { incidentIdSchema } from "@/lib/incidents/model";
import { applyRemediation } from "@/lib/remediation/apply";
import { previewRemediation } from "@/lib/remediation/preview";
import type { RemediationOutcome, RemediationPreview } from "@/lib/remediation/types";
import type { ActionResult } from "@/lib/server/action-result";
import { isIncidentId } from "@/lib/server/id-format";

/** The change itself is checked against the allowlist in lib/remediation; this is the envelope. */
const envelopeSchema = z.object({ remediation: z.unknown(), incidentId: incidentIdSchema.optional() }).strict();

const INVALID_ENVELOPE = "invalid request: expected { remediation, incidentId? }";

/** What a denial's audit record says it was aimed at, read loosely (the input is not validated yet). */
function roughTarget(input: unknown): string | undefined {
  const kind = (input as { remediation?: { change?: { kind?: unknown } } } | null)?.remediation?.change?.kind;
  if (kind === "redis-config") return "redis";
  if (kind === "mongo-create-index" || kind === "mongo-profiling") return "mongo";
  return undefined;
}

function roughIncident(input: unknown): string | undefined {
  const id = (input as { incidentId?: unknown } | null)?.incidentId;
  return typeof id === "string" && isIncidentId(id) ? id : undefined;
}

function denialContext(input: unknown): GuardOptions {
  const target = roughTarget(input);
  const incident = roughIncident(input);
  return {
    ...(target === undefined ? {} : { target }),
    ...(incident === undefined ? {} : { incidentId: incident }),
  };
}

export const previewRemediationAction = serverAction("previewRemediationAction", {
  input: envelopeSchema,
  invalid: () => INVALID_ENVELOPE,
  failure: "the preview failed (internal error; see the dashboard's log)",
  run: ({ remediation }): Promise<ActionResult<RemediationPreview>> => previewRemediation(remediation),
});

export const applyRemediationAction = serverAction("applyRemediationAction", {
  input: envelopeSchema,
  invalid: () => INVALID_ENVELOPE,
  denialContext,
  failure: ({ requestId }) => `the remediation failed (internal error; request ${requestId})`,
  run: async ({ remediation, incidentId }, { actor, requestId }) => {
    const outcome: RemediationOutcome = await applyRemediation(remediation, actor, requestId, incidentId);
    if (outcome.status !== "ok") return { ok: false, error: outcome.error ?? `the remediation ${outcome.status}` };
    return { ok: true, data: outcome };
  },
});
