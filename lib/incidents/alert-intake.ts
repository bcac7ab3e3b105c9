// Alertmanager alerts → incidents: open or join the group's incident, dedupe by fingerprint and start, run diagnostics.
import "server-only";
import { ALERTMANAGER_ACTOR } from "../auth/actor";
import { logInfo } from "../log";
import { recordAlertReceived, recordIncidentOpened } from "../metrics";
import type { Runbook } from "../runbooks/model";
import { oneLine } from "../server/text";
import {
  automaticSteps,
  runbookForAlert,
  severityFromLabels,
  type WebhookAlert,
  type WebhookPayload,
} from "./alert-mapping";
import type { AlertInput } from "./model";
import { runAutomaticDiagnostics } from "./record-run";
import type { IncidentStore } from "./store";

function incidentTitle(alert: WebhookAlert, payload: WebhookPayload, runbook: Runbook): string {
  const name = alert.labels.alertname ?? "alert";
  const summary = alert.annotations.summary ?? payload.commonAnnotations.summary;
  return oneLine(summary ? `${name}: ${summary}` : `${name} — ${runbook.title}`, 200);
}

export interface IntakeDeps {
  store: IncidentStore;
  runbooks: readonly Runbook[];
  /** Runs work after the response (Next's `after`); tests pass a collector and await it. */
  schedule: (task: () => Promise<void>) => void;
}

export interface IntakeSummary {
  received: number;
  recorded: number;
  duplicates: number;
  /** Incidents opened or updated by this notification. */
  incidents: string[];
  /** Alert names no runbook claims (kept for the alerts page). */
  unmatched: string[];
  /** Diagnosis steps started in the background. */
  diagnostics: number;
}

// One notification at a time in this process, so two deliveries (of one group, or of two groups whose
// alerts map to the same runbook) cannot both find no open incident and open two.
const groupLocks = new Map<string, Promise<unknown>>();

async function withGroupLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = groupLocks.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(task);
  groupLocks.set(key, run);
  try {
    return await run;
  } finally {
    if (groupLocks.get(key) === run) groupLocks.delete(key);
  }
}

/** The newest open (not resolved) incident that concerns a runbook. */
export async function openForRunbook(store: IncidentStore, slug: string) {
  return (await store.listIncidents({ status: "open", runbook: slug, limit: 1 })).items[0] ?? null;
}

export async function ingestAlerts(payload: WebhookPayload, deps: IntakeDeps): Promise<IntakeSummary> {
  return withGroupLock("alert-intake", async () => {
    const { store, runbooks } = deps;
    const summary: IntakeSummary = {
      received: payload.alerts.length,
      recorded: 0,
      duplicates: 0,
      incidents: [],
      unmatched: [],
      diagnostics: 0,
    };
    const toDiagnose = new Map<string, { incidentId: string; runbook: Runbook }>();
    for (const alert of payload.alerts) {
      const alertname = alert.labels.alertname ?? "";
      if ((await store.getAlertReceipt(alert.fingerprint, alert.startsAt, alert.status)) !== null) {
        summary.duplicates++;
        continue;
      }
      const runbook = runbookForAlert(alert, payload.commonAnnotations, runbooks);
      let incidentId: string | null = null;
      if (runbook && alert.status === "firing") {
        // Grouped per runbook: the group's open incident, else any open incident of the runbook (another alert
        // name, or a runbook_url, for the same problem), else a new one.
        const open = (await store.findOpenByGroupKey(payload.groupKey)) ?? (await openForRunbook(store, runbook.slug));
        const incident =
          open ??
          (await store.createIncident(
            {
              title: incidentTitle(alert, payload, runbook),
              severity: severityFromLabels({ ...payload.commonLabels, ...alert.labels }),
              symptoms: runbook.symptoms.slice(0, 20),
              runbooks: [runbook.slug],
              groupKey: payload.groupKey,
            },
            ALERTMANAGER_ACTOR,
          ));
        incidentId = incident.id;
        if (open === null) recordIncidentOpened("alert");
      } else if (alert.status === "resolved") {
        // File the resolution where its firing went, else under the group's open incident.
        const firing = await store.getAlertReceipt(alert.fingerprint, alert.startsAt, "firing");
        incidentId = firing?.incidentId ?? (await store.findOpenByGroupKey(payload.groupKey))?.id ?? null;
      }
      const input: AlertInput = {
        fingerprint: alert.fingerprint,
        alertname: oneLine(alertname, 1024),
        status: alert.status,
        startsAt: alert.startsAt,
        ...(alert.endsAt !== undefined ? { endsAt: alert.endsAt } : {}),
        labels: alert.labels,
        annotations: alert.annotations,
        ...(alert.generatorURL !== undefined ? { generatorURL: alert.generatorURL } : {}),
        groupKey: payload.groupKey,
        receiver: payload.receiver,
        runbook: runbook?.slug ?? null,
      };
      const { isNew } = await store.recordAlert(input, incidentId, ALERTMANAGER_ACTOR);
      if (!isNew) {
        summary.duplicates++;
        continue;
      }
      summary.recorded++;
      recordAlertReceived(alert.status, runbook !== undefined && runbook !== null);
      if (!runbook && !summary.unmatched.includes(input.alertname)) summary.unmatched.push(input.alertname);
      if (incidentId !== null && !summary.incidents.includes(incidentId)) summary.incidents.push(incidentId);
      if (runbook && incidentId !== null && alert.status === "firing") {
        toDiagnose.set(`${incidentId}|${runbook.slug}`, { incidentId, runbook });
      }
    }
    for (const { incidentId, runbook } of toDiagnose.values()) {
      summary.diagnostics += automaticSteps(runbook).length;
      deps.schedule(async () => {
        const n = await runAutomaticDiagnostics(store, incidentId, runbook, ALERTMANAGER_ACTOR, "alert");
        logInfo(`alert diagnostics: recorded ${n} run(s) of ${runbook.slug} in incident ${incidentId}`);
      });
    }
    if ((payload.truncatedAlerts ?? 0) > 0) {
      logInfo(`Alertmanager truncated ${payload.truncatedAlerts} alert(s) of group ${payload.groupKey}`);
    }
    return summary;
  });
}
