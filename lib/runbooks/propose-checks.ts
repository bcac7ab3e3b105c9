// Proposes the check of every step of a runbook file: a hand-curated choice that still fits its command
// is kept, otherwise the first check that fits. The importer writes the result into the front matter,
// where it is reviewed like code.
import { parseRunbookFile, type RunbookProblem } from "./load-runbooks";
import { type DeclaredCheck, SHOWN_CHECKS } from "../systems/registry";
import { checksThatFit } from "../systems/step-checks";

export function proposeChecks(
  file: string,
  source: string,
  curated: Readonly<Record<string, unknown>> = {},
): Record<string, DeclaredCheck | Readonly<Record<string, unknown>>> {
  const problems: RunbookProblem[] = [];
  const runbook = parseRunbookFile(file, source, [], problems, { requireChecks: false });
  if (runbook === null) return {};
  const steps = [
    ...runbook.diagnosis.map((step) => ({ step, context: "diagnosis" as const })),
    ...runbook.solutions.flatMap((solution) => solution.steps.map((step) => ({ step, context: "solution" as const }))),
    ...runbook.sections.flatMap((extra) => extra.steps.map((step) => ({ step, context: "diagnosis" as const }))),
  ];
  const proposals: Record<string, DeclaredCheck | Readonly<Record<string, unknown>>> = {};
  for (const { step, context } of steps) {
    const fits = checksThatFit(step.code, step.lang, context);
    // Declared thresholds stay while the step is still shown as a table; runbooks:check validates them.
    const thresholds = curated[step.id];
    if (typeof thresholds === "object" && thresholds !== null && fits.some((c) => SHOWN_CHECKS.includes(c as never))) {
      proposals[step.id] = thresholds as Readonly<Record<string, unknown>>;
      continue;
    }
    const kept = fits.find((check) => check === curated[step.id]);
    const proposal = kept ?? fits[0];
    if (proposal !== undefined) proposals[step.id] = proposal;
  }
  return proposals;
}
