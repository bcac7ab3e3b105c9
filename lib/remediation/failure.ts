// One way to say why a remediation did not go through, shared by preview and apply.
import "server-only";
import { configSecrets, getConfig } from "../config";
import { redactText } from "../server/redact";
import { TargetError } from "../systems/core/target-error";

export const REMEDIATIONS_OFF = "remediations are off: set REMEDIATIONS_ENABLED=true";

/** Whether remediations are switched on (a broken config counts as off). */
export function remediationsEnabled(): boolean {
  try {
    return getConfig().remediation.enabled;
  } catch {
    return false;
  }
}

const KIND_WORDS: Partial<Record<TargetError["kind"], string>> = {
  unsupported: "unsupported: the server does not have this command",
  // Not "not authorized:": the audit store masks the word after any "auth…:" as a secret.
  auth: "denied by the server",
  timeout: "timed out",
  refused: "could not connect",
  "not-configured": "not configured",
};

/** A target failure in words that keep the server's own message: "unsupported: … (no such command: 'profile')". */
export function describeFailure(error: unknown, command?: string): string {
  if (error instanceof TargetError) {
    const words = KIND_WORDS[error.kind];
    let text = words ? `${words}: ${error.message}` : error.message;
    if (error.kind === "timeout" && command?.includes("createIndex")) {
      text += " (the index may still be building on the server: check getIndexes before trying again)";
    }
    return text;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Masks every configured secret (and any user:pass@ in a URL) in text bound for the browser or the audit. */
export function masked(text: string): string {
  let secrets: string[] = [];
  try {
    secrets = configSecrets(getConfig());
  } catch {
    // URL masking below still applies.
  }
  return redactText(text, secrets);
}
