// Validates the configuration when the server starts; a bad value stops it with a message naming the variable.
import { ConfigError, getConfig } from "./config";

export function checkConfigAtStartup(): void {
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
