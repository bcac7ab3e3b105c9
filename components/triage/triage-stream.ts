// Client side of POST /api/triage: posts the candidate slugs and calls back once per NDJSON message.
import type { TriageMessage } from "@/lib/triage/messages";

export async function readTriageStream(
  runbooks: readonly string[],
  onMessage: (message: TriageMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await fetch("/api/triage", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ runbooks }),
    signal,
  });
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => "");
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // Not JSON: show the text as it came.
    }
    throw new Error(message || `triage failed with HTTP ${response.status}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) onMessage(JSON.parse(line) as TriageMessage);
      newline = buffered.indexOf("\n");
    }
  }
}
