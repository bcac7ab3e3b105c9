// Alertmanager's webhook payload (version 4) and how an alert finds its runbook, severity and automatic steps. Pure.
import { z } from "zod";
import { allSteps, planStep } from "../diagnostics/plan";
import type { Runbook } from "../runbooks/model";
import type { Severity } from "./labels";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const labelsSchema = z.record(z.string().max(1024), z.string().max(16_384));

export const webhookAlertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: labelsSchema.refine(
    (l) => typeof l.alertname === "string" && l.alertname !== "",
    "labels.alertname is required",
  ),
  annotations: labelsSchema.default({}),
  startsAt: z.string().regex(RFC3339, "startsAt must be an RFC 3339 time"),
  endsAt: z.string().max(64).optional(),
  generatorURL: z.string().max(4096).optional(),
  fingerprint: z.string().regex(/^[0-9a-fA-F]{1,64}$/, "fingerprint must be hex"),
});

/** Alertmanager's webhook payload, version 4 (docs: configuration.md#webhook_config). */
export const webhookPayloadSchema = z.object({
  version: z.literal("4"),
  groupKey: z.string().min(1).max(4096),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().max(1024),
  groupLabels: labelsSchema.default({}),
  commonLabels: labelsSchema.default({}),
  commonAnnotations: labelsSchema.default({}),
  externalURL: z.string().max(4096).optional(),
  alerts: z.array(webhookAlertSchema).max(1000, "at most 1000 alerts per notification"),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type WebhookAlert = z.infer<typeof webhookAlertSchema>;

/** The runbook slug of a URL whose path is /runbooks/<slug> (any host: the dashboard's public name varies). */
export function runbookSlugFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let pathname: string;
  try {
    pathname = new URL(url, "http://runbooks.invalid").pathname;
  } catch {
    return undefined;
  }
  return /^\/runbooks\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(pathname)?.[1];
}

/** By the runbook's own `alerts` names first, then by annotations.runbook_url (the alert's, then the group's). */
export function runbookForAlert(
  alert: Pick<WebhookAlert, "labels" | "annotations">,
  commonAnnotations: Record<string, string>,
  runbooks: readonly Runbook[],
): Runbook | undefined {
  const name = alert.labels.alertname ?? "";
  const claimed = runbooks.find((r) => r.alerts.includes(name));
  if (claimed) return claimed;
  for (const url of [alert.annotations.runbook_url, commonAnnotations.runbook_url]) {
    const slug = runbookSlugFromUrl(url);
    const found = slug === undefined ? undefined : runbooks.find((r) => r.slug === slug);
    if (found) return found;
  }
  return undefined;
}

/** Prometheus `severity` label → incident severity; an unknown label is a sev3. */
export function severityFromLabels(labels: Record<string, string>): Severity {
  const value = (labels.severity ?? "").toLowerCase();
  if (/^sev[1-4]$/.test(value)) return value as Severity;
  if (value === "page" || value === "emergency") return "sev1";
  if (value === "critical" || value === "error" || value === "high") return "sev2";
  if (value === "info" || value === "low" || value === "none") return "sev4";
  return "sev3";
}

/** The runbook's diagnosis steps that run read-only with no input from a person (every parameter has a default). */
export function automaticSteps(runbook: Runbook): { stepId: string; params: Record<string, string> }[] {
  return allSteps(runbook)
    .filter(({ context }) => context === "diagnosis")
    .map(({ step, context }) => planStep(step, context))
    .filter((plan) => plan.kind === "operation" && plan.params.every((p) => p.defaultValue !== undefined))
    .map((plan) => ({
      stepId: plan.stepId,
      params: Object.fromEntries(plan.params.map((p) => [p.name, p.defaultValue ?? ""])),
    }));
}
