// Client side of POST /api/triage: posts the candidate slugs and calls back once per NDJSON message.
import { windowFromLocation } from "@/components/evidence/window-location";
import { postForNdjson } from "@/components/ui/read-ndjson";
import type { TriageMessage } from "@/lib/triage/messages";

export async function readTriageStream(
  runbooks: readonly string[],
  onMessage: (message: TriageMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  // Counter checks cover the page's ?window= (5 min when absent), like a runbook page's runs.
  const body = { runbooks, window: windowFromLocation() };
  await postForNdjson("/api/triage", body, (line) => onMessage(line as TriageMessage), signal);
}
