// Turns one guide command line into a typed Operation of some system, a Remediation (shown, never run)
// or a copyable manual step. The tokenizer splits the line; the registry says which system's parser reads it.
import { type GrepFilter, isGrepFilter, parseGrepStage } from "../commands/grep-stage";
import { isCommandLine } from "../commands/split-steps";
import { splitPipeline, TokenizeError, tokenize } from "../commands/tokenize";
import type { CommandContext } from "./core/adapter";
import { manual } from "./core/parsed";
import type { ParsedCommand } from "./operation";
import { BARE_LINES, FENCES, PROGRAMS } from "./registry";

export { type CodeBlockStep, isCommandLine, splitSteps } from "../commands/split-steps";
export type { CommandContext } from "./core/adapter";
export { isValidSince } from "./local/parse";

export interface ParseOptions {
  /**
   * Where the line sits in the runbook. In a diagnosis, db.setProfilingLevel(...) becomes its read-only
   * counterpart (read the profiler); in a solution it is the remediation it says. Default "diagnosis".
   */
  context?: CommandContext;
}

const SHELL_LANGS = new Set(["", "bash", "sh", "shell", "zsh"]);
const MAX_LINE_LENGTH = 4000;

function parseShellLine(text: string, context: CommandContext): ParsedCommand {
  const bare = BARE_LINES.find((candidate) => candidate.test(text));
  if (bare) return bare.parse({ line: text, context });
  let tokens: ReturnType<typeof tokenize>;
  try {
    tokens = tokenize(text);
  } catch (error) {
    if (error instanceof TokenizeError) return manual(`cannot be split into words: ${error.message}`, text);
    throw error;
  }
  if (tokens.length === 0) return manual("a comment or blank line, not a command", text);
  const stages = splitPipeline(tokens);
  if (stages === null) {
    return manual("uses shell operators (;, &&, ||, >, <, &, parentheses) that are never run", text);
  }
  const [first, second, ...more] = stages;
  if (first === undefined) return manual("not a command", text);
  if (more.length > 0) return manual("a pipeline longer than `command | grep word` is not run live", text);

  let grep: GrepFilter | undefined;
  if (second !== undefined) {
    const parsed = parseGrepStage(second);
    if (!isGrepFilter(parsed)) return manual(parsed.reason, text);
    grep = parsed;
  }

  // sudo changes nothing for us: nothing runs locally with anyone's privileges.
  const words = first[0]?.value === "sudo" && !(first[1]?.value.startsWith("-") ?? true) ? first.slice(1) : first;
  const [command, ...args] = words;
  if (command === undefined) return manual("not a command", text);
  const parser = PROGRAMS.get(command.value);
  if (parser === undefined) {
    if (grep !== undefined) return manual(`piping ${command.value} into grep is not run live`, text);
    if (words.some((word) => word.expands)) return manual("uses shell expansion ($…), which is never evaluated", text);
    return manual(`"${command.value}" is not a diagnostic command this dashboard runs live`, text);
  }
  return parser({ args, grep, line: text, context });
}

/**
 * Parses one command line of a guide code block (its `# comment` already split off by splitSteps).
 * Nothing is executed and nothing ever reaches a shell; what is not understood becomes a manual step.
 */
export function parseCommand(line: string, lang: string, options: ParseOptions = {}): ParsedCommand {
  const text = line.trim();
  const context = options.context ?? "diagnosis";
  if (!isCommandLine(text, lang)) return manual("a comment or blank line, not a command", text);
  if (text.length > MAX_LINE_LENGTH) return manual(`longer than ${MAX_LINE_LENGTH} characters; copy it`, text);
  if (/[\r\n]/.test(text)) return manual("more than one line: one command per line runs live", text);
  const language = lang.trim().toLowerCase();
  if (SHELL_LANGS.has(language)) return parseShellLine(text, context);
  const fence = FENCES.get(language);
  if (fence) return fence({ line: text, context });
  return manual(`code, not a command (${lang.trim() || "unknown"} block)`, text);
}

/** The one parsed command of a step's code, or why the step stays manual. */
export function parseStepCode(code: string, lang: string, context: CommandContext): ParsedCommand {
  const commands = code.split("\n").filter((line) => isCommandLine(line, lang));
  const first = commands[0];
  if (!first) return { type: "manual", reason: "no command in this step", cli: code };
  if (commands.length > 1) {
    const parsed = parseCommand(first, lang, { context });
    if (parsed.type === "manual") return parsed;
    return { type: "manual", reason: "several commands in one step: copy and run them yourself", cli: code };
  }
  return parseCommand(first, lang, { context });
}
