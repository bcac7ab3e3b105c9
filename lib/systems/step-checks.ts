// Which declared checks fit a step's command: its system's checks for an operation, "manual" for a copy-only
// step, "remediation" for a change. The importer proposes the first; runbooks:check rejects the rest.
import type { CommandContext } from "./core/adapter";
import { parseStepCode } from "./parse-command";
import { type DeclaredCheck, systemOf } from "./registry";

export function checksThatFit(code: string, lang: string, context: CommandContext): readonly DeclaredCheck[] {
  const parsed = parseStepCode(code, lang, context);
  if (parsed.type === "manual") return ["manual"];
  if (parsed.type === "remediation") return ["remediation"];
  return systemOf(parsed.operation).checks;
}
