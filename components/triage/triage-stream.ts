// Client side of POST /api/triage: posts the candidate slugs and calls back once per NDJSON message.
import { postForNdjson } from "@/components/ui/read-ndjson";
import type { TriageMessage } from "@/lib/triage/messages";

export async function readTriageStream(
  runbooks: readonly string[],
  onMessage: (message: TriageMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  await postForNdjson("/api/triage", { runbooks }, (line) => onMessage(line as TriageMessage), signal);
}
