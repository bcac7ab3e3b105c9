// The one interface every system implements. Everything system-specific (how its lines parse, how its
// operations are labelled, bound, limited, searched, run and judged) is a field here, so a system that
// leaves one out does not compile.

import type { GrepFilter } from "../../commands/grep-stage";
import type { ShellWord } from "../../commands/tokenize";
import type { EvidenceWindow } from "../../evidence/window";
import type { OperationOutcome } from "./outcome";
import type { ParsedCommand } from "./parsed";

/** What a run is asked besides the step: the window counter checks cover (the page's ?window=). */
export interface RunContext {
  window: EvidenceWindow;
}

/** Where a line sits in a runbook: a diagnosis reads; a solution may name the change it makes. */
export type CommandContext = "diagnosis" | "solution";

export interface LineInput {
  /** The whole guide line, trimmed: what a manual step shows. */
  line: string;
  context: CommandContext;
}

export interface ShellInput extends LineInput {
  /** Words after the program name (shell quoting already resolved by the tokenizer). */
  args: readonly ShellWord[];
  /** `| grep word`, when the line ends with one. */
  grep: GrepFilter | undefined;
}

export type ShellParser<Op> = (input: ShellInput) => ParsedCommand<Op>;
export type LineParser<Op> = (input: LineInput) => ParsedCommand<Op>;

/**
 * `Parsed` is what this system's parsers may produce: its own operations, or (curl of Prometheus's API)
 * another system's, which the registry then routes by operation kind.
 */
export interface SystemAdapter<Op extends { kind: string }, Check extends string, Parsed = Op> {
  /** The folder name under lib/systems/: "redis", "postgres". */
  id: string;
  /** For people: "Redis", "MongoDB", "the dashboard's host". */
  label: string;
  /** Programs of a shell line this system parses ("redis-cli", "curl", "psql"). */
  programs: Readonly<Record<string, ShellParser<Parsed>>>;
  /** Code-fence languages whose every line is one of this system's commands ("redis", "mongosh", "sql"). */
  fences: Readonly<Record<string, LineParser<Parsed>>>;
  /** Lines of a shell block that are this system's own syntax, not a program ("db.…" for MongoDB). */
  bareLine?: { test: (line: string) => boolean; parse: LineParser<Parsed> };
  /** The equivalent command an operator can copy (never executed by us). */
  cli(operation: Op): string;
  /** Which target it runs against and the variable that names it: "Redis (REDIS_URL)". */
  targetLabel(operation: Op): string;
  /** Triage runs at most a few checks at once per key, so one slow target cannot starve the others. */
  limiterKey(operation: Op): string;
  /** Words the analyzer of this operation reports, so search finds the runbook by them. */
  vocabulary(operation: Op): string;
  /** Template slots of the operation where `{param}` values may land (never a target). */
  templates(operation: Op): readonly string[];
  /** The operation with each template slot passed through `fill`. */
  fill(operation: Op, fill: (template: string) => string): Op;
  /** Every check this system has. */
  checks: readonly Check[];
  /** The checks that fit this operation, the one the importer proposes first (it may read the grep word). */
  fits(operation: Op): readonly Check[];
  /** Runs the operation (client with deadlines and caps → typed reading) and judges it with `check`. */
  run(operation: Op, check: Check, context: RunContext): Promise<OperationOutcome>;
}
