// Files, the git work tree and the environment of the dashboard host: the allowlists the "tail",
// "cat config.yaml", "git log" and "env | grep" steps may read, and the demo stack's status file.
import { z } from "zod";
import { absolutePathField, optionalText, pairList } from "./fields";

export const ENV_PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{1,63}$/;

const envPrefixField = optionalText.transform((v, ctx) => {
  if (v === undefined) return "APP_";
  if (!ENV_PREFIX_PATTERN.test(v)) {
    ctx.addIssue({ code: "custom", message: `must be 2-64 letters, digits or _ (e.g. APP_), got "${v}"` });
    return "APP_";
  }
  return v;
});

const logFilesField = optionalText.transform((v, ctx) =>
  pairList(v, ctx, "/var/log/error.log=/srv/app/error.log").map(({ key, realPath }) => ({
    /** The path the guide names. */
    guidePath: key,
    /** The file actually read. */
    realPath,
  })),
);

const configFilesField = optionalText.transform((v, ctx) =>
  pairList(v, ctx, "config.yaml=/etc/app/config.yaml").map(({ key, realPath }) => ({
    /** The name the guide uses (`config.yaml`). */
    name: key,
    /** The file actually read. */
    realPath,
  })),
);

export const localConfig = z
  .object({
    LOG_FILES: logFilesField,
    CONFIG_FILES: configFilesField,
    GIT_REPO_PATH: absolutePathField("a git work tree"),
    ENV_PREFIX: envPrefixField,
    DEMO_STATUS_FILE: absolutePathField("the demo stack's status.json"),
  })
  .transform((e) => ({
    logFiles: Object.freeze(e.LOG_FILES),
    configFiles: Object.freeze(e.CONFIG_FILES),
    gitRepoPath: e.GIT_REPO_PATH,
    envPrefix: e.ENV_PREFIX,
    /** status.json written by scripts/demo-stack.sh: which parts of the demo stack are up, and why not. */
    demoStatusFile: e.DEMO_STATUS_FILE,
  }));

/** One allowlisted log file: the path the guide names → the file actually read. */
export type LogFileEntry = z.output<typeof logFilesField>[number];
/** One allowlisted config file: the name the guide uses (`config.yaml`) → the file actually read. */
export type ConfigFileEntry = z.output<typeof configFilesField>[number];

/** Environment variables whose names start with `prefix`, sorted by name (values unmasked: callers mask). */
export function readPrefixedEnv(prefix: string): { name: string; value: string }[] {
  if (!ENV_PREFIX_PATTERN.test(prefix)) throw new Error("prefix must be 2-64 letters, digits or _");
  return Object.entries(process.env)
    .filter((entry): entry is [string, string] => entry[0].startsWith(prefix) && entry[1] !== undefined)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The environment for child processes (git): PATH and HOME only, so the dashboard's own
 * secrets are not handed to a subprocess, and a C locale so output is not translated.
 */
export function childProcessEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: process.env.HOME,
    NODE_ENV: process.env.NODE_ENV ?? "production",
    LANG: "C",
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
  };
}
