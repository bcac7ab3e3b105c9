// Renders an imported runbook as a Markdown file with YAML front matter.
import { stringify } from "yaml";
import { type CuratedFields, TEAM_MARK } from "./curated";
import type { ImportedCodeBlock, ImportedRunbook } from "./import-guide";
import type { Category, GuideSource } from "./model";
import { proposeChecks } from "./propose-checks";

export type { CuratedFields } from "./curated";

function fence(block: ImportedCodeBlock): string {
  const longest = Math.max(2, ...(block.code.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${block.lang}${block.team ? ` ${TEAM_MARK}` : ""}\n${block.code}\n${ticks}`;
}

function section(title: string, text: string, blocks: ImportedCodeBlock[], depth: number): string {
  const parts = [`${"#".repeat(depth)} ${title}`];
  if (text.trim()) parts.push(text.trim());
  parts.push(...blocks.map(fence));
  return parts.join("\n\n");
}

/** The runbook file, with the check of every step proposed (or kept from `curated`) in its front matter. */
export function renderRunbookFile(runbook: ImportedRunbook, curated: CuratedFields = {}, source?: GuideSource): string {
  const draft = renderWithChecks(runbook, curated, {}, source);
  return renderWithChecks(runbook, curated, proposeChecks(`${runbook.slug}.md`, draft, curated.checks), source);
}

function renderWithChecks(
  runbook: ImportedRunbook,
  curated: CuratedFields,
  checks: Record<string, unknown>,
  source: GuideSource | undefined,
): string {
  const frontMatter: Record<string, unknown> = {
    slug: runbook.slug,
    title: runbook.title,
    kind: runbook.kind,
    ...(runbook.category ? { category: runbook.category } : {}),
    order: curated.order ?? runbook.order,
    ...(source ? { guide: { file: source.file, section: source.section } } : {}),
    symptoms: runbook.symptoms,
    alerts: curated.alerts ?? [],
    suggests: curated.suggests ?? {},
    checks,
  };
  const body: string[] = [];
  if (runbook.summary.trim()) body.push(runbook.summary.trim());
  // The guide's blocks, then the team's kept from the existing file (their step ids follow the guide's).
  const diagnosis = [...runbook.diagnosis, ...(curated.teamDiagnosis ?? [])];
  if (diagnosis.length > 0) body.push(["## Diagnosis", ...diagnosis.map(fence)].join("\n\n"));
  if (runbook.solutions.length > 0) {
    body.push("## Solutions");
    runbook.solutions.forEach((solution, i) => {
      body.push(section(`${i + 1}. ${solution.title}`, solution.text, solution.blocks, 3));
    });
  }
  for (const extra of runbook.sections) body.push(section(extra.title, extra.text, extra.blocks, 2));
  return `---\n${stringify(frontMatter).trimEnd()}\n---\n\n${body.join("\n\n")}\n`;
}

export function renderCategoriesFile(categories: readonly Category[]): string {
  const entries = categories.map(({ id, title, order, guide }) => ({ id, title, order, ...(guide ? { guide } : {}) }));
  return `# Categories of the runbooks, in display order. A runbook's \`category\` must be one of these ids.\n${stringify(entries)}`;
}
