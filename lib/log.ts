// Server-side logging with secrets stripped: connection-string passwords never reach the log.
import { redactText } from "./redact";

export function logError(context: string, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[runbook-dashboard] ${context}: ${redactText(message, [])}`);
}

export function logInfo(message: string): void {
  console.log(`[runbook-dashboard] ${redactText(message, [])}`);
}
