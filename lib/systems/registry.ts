// The list of systems. Nothing else switches on a system: parsing, planning, triage, search and runs reach
// a system's adapter through here, and an operation kind without an adapter does not compile.
import type { LineParser, RunContext, ShellParser, SystemAdapter } from "./core/adapter";
import type { OperationOutcome } from "./core/outcome";
import { httpAdapter } from "./http/adapter";
import { localAdapter } from "./local/adapter";
import { mongoAdapter } from "./mongo/adapter";
import type { Operation } from "./operation";
import { postgresAdapter } from "./postgres/adapter";
import { prometheusAdapter } from "./prometheus/adapter";
import { redisAdapter } from "./redis/adapter";

export const SYSTEMS = [
  redisAdapter,
  mongoAdapter,
  httpAdapter,
  prometheusAdapter,
  localAdapter,
  postgresAdapter,
] as const;

export type SystemId = (typeof SYSTEMS)[number]["id"];

/** Every check any system has: what a runbook step declares in its front matter `checks`. */
export type CheckKind = (typeof SYSTEMS)[number]["checks"][number];

/** What a step that runs nothing declares: a copy-only step, or a change shown with its guarded Fix control. */
export const NON_RUNNING_CHECKS = ["manual", "remediation"] as const;
export type DeclaredCheck = CheckKind | (typeof NON_RUNNING_CHECKS)[number];

export const ALL_CHECKS: readonly DeclaredCheck[] = [
  ...new Set<DeclaredCheck>([...SYSTEMS.flatMap((system) => system.checks), ...NON_RUNNING_CHECKS]),
];

/** Checks that show a reply as a table, "shown, not judged": the ones a runbook may give declared thresholds. */
export const SHOWN_CHECKS: readonly CheckKind[] = ["redis-reply", "pg-rows", "mongo-reply"];

export function isDeclaredCheck(value: string): value is DeclaredCheck {
  return (ALL_CHECKS as readonly string[]).includes(value);
}

/** An operation seen through its system: everything the rest of the app asks of it. */
export interface SystemOperation {
  system: SystemId;
  systemLabel: string;
  cli: string;
  targetLabel: string;
  limiterKey: string;
  vocabulary: string;
  /** The checks that fit, the importer's proposal first. */
  checks: readonly CheckKind[];
  templates: readonly string[];
  fill(fill: (template: string) => string): Operation;
  /** Runs it and judges the reply with `check`, which must be one of `checks`. */
  run(check: CheckKind, context: RunContext): Promise<OperationOutcome>;
}

function isCheckOf<C extends string>(checks: readonly C[], value: string): value is C {
  return (checks as readonly string[]).includes(value);
}

function view<Op extends Operation, C extends CheckKind, P>(
  adapter: SystemAdapter<Op, C, P>,
  operation: Op,
): SystemOperation {
  const fits = adapter.fits(operation);
  return {
    system: adapter.id,
    systemLabel: adapter.label,
    cli: adapter.cli(operation),
    targetLabel: adapter.targetLabel(operation),
    limiterKey: adapter.limiterKey(operation),
    vocabulary: adapter.vocabulary(operation),
    checks: fits,
    templates: adapter.templates(operation),
    fill: (fill) => adapter.fill(operation, fill),
    run: (check, context) => {
      if (!isCheckOf(fits, check)) {
        return Promise.reject(
          new Error(`check "${check}" does not fit ${adapter.cli(operation)}; it fits ${fits.join(", ")}`),
        );
      }
      return adapter.run(operation, check, context);
    },
  };
}

export function systemOf(operation: Operation): SystemOperation {
  switch (operation.kind) {
    case "redis":
      return view(redisAdapter, operation);
    case "mongo":
      return view(mongoAdapter, operation);
    case "http":
      return view(httpAdapter, operation);
    case "prometheus-targets":
      return view(prometheusAdapter, operation);
    case "log-tail":
    case "git-log":
    case "env":
    case "config-file":
    case "system":
      return view(localAdapter, operation);
    case "postgres":
      return view(postgresAdapter, operation);
  }
}

function merged<P>(pick: (system: (typeof SYSTEMS)[number]) => Readonly<Record<string, P>>): ReadonlyMap<string, P> {
  const map = new Map<string, P>();
  for (const system of SYSTEMS) {
    for (const [name, parser] of Object.entries(pick(system))) {
      if (map.has(name)) throw new Error(`two systems claim "${name}"`);
      map.set(name, parser);
    }
  }
  return map;
}

/** Program name → the parser of its system ("redis-cli", "curl", "mongosh", "psql", "tail"...). */
export const PROGRAMS = merged<ShellParser<Operation>>((system) => system.programs);
/** Code-fence language → the parser of each of its lines ("redis", "mongosh", "sql"). */
export const FENCES = merged<LineParser<Operation>>((system) => system.fences);
/** Lines of a shell block written in a system's own syntax ("db.…"). */
export const BARE_LINES = SYSTEMS.flatMap((system) =>
  "bareLine" in system && system.bareLine ? [system.bareLine] : [],
);
