// Which .env file each variable was read from (filled by env-files.ts), so a bad value can name its file.
// Kept apart from env-files.ts so the app's bundle, which only reads it, does not pull in the loader.

/** Variable name → the file (relative to the project directory) its value was read from. */
export type EnvSources = Record<string, string>;

// On globalThis: server.ts loads lib/config through tsx while Next's bundled server has its own copy of it;
// both must see the same sources.
const holder = globalThis as typeof globalThis & { __runbookEnvSources?: EnvSources };

/** The file each variable read from a .env file came from (empty before loadEnvFiles, and in tests). */
export function envFileSources(): EnvSources {
  return holder.__runbookEnvSources ?? {};
}

export function recordEnvFileSources(sources: EnvSources): void {
  holder.__runbookEnvSources = { ...envFileSources(), ...sources };
}
