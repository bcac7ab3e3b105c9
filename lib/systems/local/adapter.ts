// The dashboard's own host as one system: allowlisted log and config files, git history, environment,
// resources and sockets — the guide's tail, git log, env, cat, top and ss lines.
import type { SystemAdapter } from "../core/adapter";
import { loadOnce } from "../core/load-once";
import { localCli } from "./cli";
import type { LocalOperation } from "./operation";
import { LOCAL_PROGRAMS } from "./parse";

const loadRun = loadOnce(() => import("./run"));

export const LOCAL_CHECKS = [
  "log-errors",
  "recent-changes",
  "env-vars",
  "config-file",
  "host-resources",
  "host-sockets",
] as const;
export type LocalCheck = (typeof LOCAL_CHECKS)[number];

function checkOf(operation: LocalOperation): LocalCheck {
  switch (operation.kind) {
    case "log-tail":
      return "log-errors";
    case "git-log":
      return "recent-changes";
    case "env":
      return "env-vars";
    case "config-file":
      return "config-file";
    case "system":
      return operation.what === "resources" ? "host-resources" : "host-sockets";
  }
}

function targetLabel(operation: LocalOperation): string {
  switch (operation.kind) {
    case "log-tail":
      return `log file ${operation.file} (LOG_FILES allowlist)`;
    case "git-log":
      return "deployment history (GIT_REPO_PATH)";
    case "env":
      return `environment of the dashboard process (${operation.prefix}*)`;
    case "config-file":
      return `config file ${operation.file} (CONFIG_FILES allowlist)`;
    case "system":
      return "the host the dashboard runs on (not the API's host)";
  }
}

export const localAdapter: SystemAdapter<LocalOperation, LocalCheck> = {
  id: "local",
  label: "the dashboard's host",
  programs: LOCAL_PROGRAMS,
  fences: {},
  cli: localCli,
  targetLabel,
  limiterKey: () => "local",
  vocabulary: () => "",
  templates: () => [],
  fill: (operation) => operation,
  checks: LOCAL_CHECKS,
  fits: (operation) => [checkOf(operation)],
  // Loaded on first run, so parsing and planning stay free of clients (build time, scripts).
  run: async (operation, _check, context) => (await loadRun()).runLocal(operation, context),
};
