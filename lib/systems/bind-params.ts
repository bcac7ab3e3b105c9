// Fills a parsed operation's {param} templates with operator-supplied values, after validating each one.
import { fillTemplate, placeholderNames, validateParam } from "./core/params";
import type { OperationStep } from "./core/parsed";
import type { Operation } from "./operation";
import { systemOf } from "./registry";

export interface ParamError {
  param: string;
  message: string;
}

export type BindResult = { ok: true; operation: Operation; cli: string } | { ok: false; errors: ParamError[] };

/**
 * Validates `values` (falling back to each param's default) and substitutes them into the operation.
 * Values only ever land in template slots (Redis arguments, Mongo collection and filter), never in a target.
 */
export function bindParams(
  step: OperationStep<Operation>,
  values: Readonly<Record<string, string | undefined>>,
): BindResult {
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

  const system = systemOf(step.operation);
  const unknown = system.templates
    .flatMap(placeholderNames)
    .filter((name) => !step.params.some((spec) => spec.name === name));
  for (const name of unknown) errors.push({ param: name, message: `no parameter is declared for {${name}}` });
  if (errors.length > 0) return { ok: false, errors };

  const operation = system.fill((template) => fillTemplate(template, bound));
  return { ok: true, operation, cli: systemOf(operation).cli };
}
