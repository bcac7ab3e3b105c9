// Reads of the dashboard's own host: allowlisted log and config files, deployment history, environment, resources.

export type LocalOperation =
  | { kind: "log-tail"; file: string; follow: boolean }
  | { kind: "git-log"; since: string }
  | { kind: "env"; prefix: string }
  | { kind: "config-file"; file: string }
  | { kind: "system"; what: "resources" | "network" };
