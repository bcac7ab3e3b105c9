// The shell line equivalent to a local read, for operators to copy (never executed by a shell here).
import { DOUBLE_QUOTE_SAFE, shellQuote } from "../../commands/tokenize";
import type { LocalOperation } from "./operation";

export function localCli(operation: LocalOperation): string {
  switch (operation.kind) {
    case "log-tail":
      return `tail ${operation.follow ? "-f" : "-n 100"} ${shellQuote(operation.file)}`;
    case "git-log":
      return DOUBLE_QUOTE_SAFE.test(operation.since.replaceAll(" ", ""))
        ? `git log --since="${operation.since}"`
        : `git log ${shellQuote(`--since=${operation.since}`)}`;
    case "env":
      return `env | grep ${shellQuote(`^${operation.prefix}`)}`;
    case "config-file":
      return `cat ${shellQuote(operation.file)}`;
    case "system":
      return operation.what === "resources" ? "top -b -n 1" : "ss -tulpn";
  }
}
