// Fills a parsed operation's {param} templates with operator-supplied values, after validating each one.
import type { Operation } from "./operation";
import { operationCli } from "./operation-cli";
import { fillTemplate, placeholderNames, validateParam } from "./params";
import type { OperationStep } from "./parsed";

export interface ParamError {
  param: string;
  message: string;
}

export type BindResult = { ok: true; operation: Operation; cli: string } | { ok: false; errors: ParamError[] };

function templates(operation: Operation): string[] {
  if (operation.kind === "redis") return operation.args;
  if (operation.kind === "mongo") return [operation.collection ?? "", operation.filter ?? ""];
  return [];
}

/**
 * Validates `values` (falling back to each param's default) and substitutes them into the operation.
 * Values only ever land in template slots (Redis arguments, Mongo collection and filter), never in a target.
 */
export function bindParams(step: OperationStep, values: Readonly<Record<string, string | undefined>>): BindResult {
  const errors: ParamError[] = [];
  const bound: Record<string, string> = {};
  for (const spec of step.params) {
    const value = values[spec.name] ?? spec.defaultValue;
    if (value === undefined || value === "") {
      errors.push({ param: spec.name, message: `${spec.label} is required` });
      continue;
    }
    const checked = validateParam(spec, value);
    if (checked.ok) bound[spec.name] = checked.value;
    else errors.push({ param: spec.name, message: checked.message });
  }

  const unknown = templates(step.operation)
    .flatMap(placeholderNames)
    .filter((name) => !step.params.some((spec) => spec.name === name));
  for (const name of unknown) errors.push({ param: name, message: `no parameter is declared for {${name}}` });
  if (errors.length > 0) return { ok: false, errors };

  const fill = (template: string): string => fillTemplate(template, bound);
  let operation: Operation = step.operation;
  if (operation.kind === "redis") {
    operation = { ...operation, args: operation.args.map(fill) };
  } else if (operation.kind === "mongo") {
    operation = {
      ...operation,
      ...(operation.collection === undefined ? {} : { collection: fill(operation.collection) }),
      ...(operation.filter === undefined ? {} : { filter: fill(operation.filter) }),
    };
  }
  return { ok: true, operation, cli: operationCli(operation) };
}
