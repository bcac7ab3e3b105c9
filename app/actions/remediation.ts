"use server";
// Server actions: preview and apply one allowlisted remediation (admin only, off unless REMEDIATIONS_ENABLED).
import { z } from "zod";
import { guardAction } from "@/lib/auth/guard";
import type { ActionResult } from "@/lib/diagnostics/types";
import { isIncidentId } from "@/lib/incidents/id-format";
import { incidentIdSchema } from "@/lib/incidents/model";
import { logError } from "@/lib/log";
import { applyRemediation } from "@/lib/remediation/apply";
import { previewRemediation } from "@/lib/remediation/preview";
import type { RemediationOutcome, RemediationPreview } from "@/lib/remediation/types";

/** The change itself is checked against the allowlist in lib/remediation; this is the envelope. */
const envelopeSchema = z.object({ remediation: z.unknown(), incidentId: incidentIdSchema.optional() }).strict();

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

export async function previewRemediationAction(input: unknown): Promise<ActionResult<RemediationPreview>> {
  const granted = await guardAction("previewRemediationAction");
  if (!granted.ok) return { ok: false, error: granted.error };
  const parsed = envelopeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid request: expected { remediation, incidentId? }" };
  try {
    return await previewRemediation(parsed.data.remediation);
  } catch (error) {
    logError("previewRemediationAction failed", error);
    return { ok: false, error: "the preview failed (internal error; see the dashboard's log)" };
  }
}

export async function applyRemediationAction(input: unknown): Promise<ActionResult<RemediationOutcome>> {
  const target = roughTarget(input);
  const incident = roughIncident(input);
  const granted = await guardAction("applyRemediationAction", {
    ...(target === undefined ? {} : { target }),
    ...(incident === undefined ? {} : { incidentId: incident }),
  });
  if (!granted.ok) return { ok: false, error: granted.error };
  const parsed = envelopeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid request: expected { remediation, incidentId? }" };
  try {
    const { remediation, incidentId } = parsed.data;
    const outcome = await applyRemediation(remediation, granted.actor, granted.requestId, incidentId);
    if (outcome.status !== "ok") return { ok: false, error: outcome.error ?? `the remediation ${outcome.status}` };
    return { ok: true, data: outcome };
  } catch (error) {
    logError(`applyRemediationAction failed (${granted.requestId})`, error);
    return { ok: false, error: `the remediation failed (internal error; request ${granted.requestId})` };
  }
}
