// Incident statuses, severities, their labels, the allowed status moves and input limits: plain constants for server and browser.

export const INCIDENT_STATUSES = ["investigating", "mitigated", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, string> = {
  sev1: "SEV1 — critical: outage, all hands",
  sev2: "SEV2 — major: many users affected",
  sev3: "SEV3 — minor: some users or a degraded feature",
  sev4: "SEV4 — low: no visible user impact yet",
};

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  mitigated: "Mitigated",
  resolved: "Resolved",
};

/** Which status an incident may move to from each status. Anything else is refused. */
export const STATUS_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  investigating: ["mitigated", "resolved"],
  mitigated: ["resolved", "investigating"],
  // Reopening: the problem came back.
  resolved: ["investigating"],
};

/** The button that makes each move, as an operator would say it. */
export const TRANSITION_LABELS: Record<IncidentStatus, Partial<Record<IncidentStatus, string>>> = {
  investigating: { mitigated: "Mark mitigated", resolved: "Resolve" },
  mitigated: { resolved: "Resolve", investigating: "Back to investigating" },
  resolved: { investigating: "Reopen" },
};

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

export const TITLE_MAX = 200;
export const NOTE_MAX = 10_000;
export const SYMPTOM_MAX = 200;
export const SYMPTOMS_MAX = 20;
export const RUNBOOKS_MAX = 20;
