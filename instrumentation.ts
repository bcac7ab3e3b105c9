// Runs once when the server starts: a bad configuration stops start-up with a message naming the variable.
import { ConfigError, getConfig } from "./lib/config";

export function register(): void {
  try {
    getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[runbook-dashboard] cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
