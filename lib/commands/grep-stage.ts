// Reads the `| grep [-i] word` stage a guide line may end with; anything fancier is left to a human.
import type { ShellWord } from "./tokenize";

export interface GrepFilter {
  pattern: string;
  ignoreCase: boolean;
}

const MAX_PATTERN_LENGTH = 200;

/** The grep filter of a pipeline stage, or a reason it cannot be applied live. */
export function parseGrepStage(words: readonly ShellWord[]): GrepFilter | { reason: string } {
  const [command, ...rest] = words;
  if (command === undefined || command.value !== "grep") {
    return { reason: `only "| grep word" can follow the command, not "| ${command?.value ?? ""}"` };
  }
  let ignoreCase = false;
  const patterns: ShellWord[] = [];
  for (const word of rest) {
    if (word.value === "-i" || word.value === "--ignore-case") {
      ignoreCase = true;
    } else if (word.value.startsWith("-") && patterns.length === 0) {
      return { reason: `grep option ${word.value} is not supported live (only -i)` };
    } else {
      patterns.push(word);
    }
  }
  const [pattern, ...extra] = patterns;
  if (pattern === undefined) return { reason: "grep without a pattern" };
  if (extra.length > 0) return { reason: "grep with more than one pattern or a file argument" };
  if (pattern.expands) return { reason: "the grep pattern uses shell expansion, which is never evaluated" };
  if (pattern.value === "" || pattern.value.length > MAX_PATTERN_LENGTH || /[\r\n]/.test(pattern.value)) {
    return { reason: `the grep pattern must be one line of 1–${MAX_PATTERN_LENGTH} characters` };
  }
  return { pattern: pattern.value, ignoreCase };
}

export function isGrepFilter(value: GrepFilter | { reason: string }): value is GrepFilter {
  return "pattern" in value;
}
