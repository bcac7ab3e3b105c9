// Reads runbooks/ into the typed, validated model; a malformed file fails with file:line and what is wrong.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Code, Heading, RootContent } from "mdast";
import { LineCounter, parseDocument, isMap, isScalar, type Document } from "yaml";
import { z } from "zod";
import { splitSteps } from "../commands/split-steps";
import { ALL_CHECKS, type DeclaredCheck, isDeclaredCheck, SHOWN_CHECKS } from "../systems/registry";
import { type DeclaredThreshold, declaredThresholdSchema } from "../verdict/declared-threshold";
import { checksThatFit } from "../systems/step-checks";
import { isTeamBlock } from "./curated";
import { lineOf, parseMarkdown, slugify, sourceOf, textOf } from "./markdown";
import {
  type Category,
  type CodeStep,
  categorySchema,
  frontMatterSchema,
  type Runbook,
  type RunbookLibrary,
  type Section,
  type Solution,
} from "./model";

export interface RunbookProblem {
  file: string;
  line: number;
  message: string;
}

export class RunbookValidationError extends Error {
  constructor(readonly problems: RunbookProblem[]) {
    super(
      `${problems.length} problem(s) in runbooks:\n${problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join("\n")}`,
    );
    this.name = "RunbookValidationError";
  }
}

export const CATEGORIES_FILE = "categories.yaml";

/** 1-based line of the YAML key at `key`, given the line the YAML text starts on. */
function lineOfKey(doc: Document, counter: LineCounter, key: PropertyKey | undefined, firstLine: number): number {
  if (isMap(doc.contents) && typeof key === "string") {
    const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === key);
    const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    if (offset !== undefined) return firstLine + counter.linePos(offset).line - 1;
  }
  return Math.max(1, firstLine - 1);
}

/** 1-based line of `checks.<stepId>` in the front matter, else of `checks:` itself. */
function lineOfCheck(doc: Document, counter: LineCounter, stepId: string, firstLine: number): number {
  const checks = isMap(doc.contents) ? doc.contents.get("checks", true) : undefined;
  if (isMap(checks)) {
    const pair = checks.items.find((item) => isScalar(item.key) && item.key.value === stepId);
    const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    if (offset !== undefined) return firstLine + counter.linePos(offset).line - 1;
  }
  return lineOfKey(doc, counter, "checks", firstLine);
}

/** 1-based line of the YAML key at `keys` (checks.diagnosis-1.warning), else of its nearest parent. */
function lineOfPath(doc: Document, counter: LineCounter, keys: readonly string[], firstLine: number): number {
  let node: unknown = doc.contents;
  let line = Math.max(1, firstLine - 1);
  for (const key of keys) {
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
    const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    if (offset === undefined) break;
    line = firstLine + counter.linePos(offset).line - 1;
    node = pair?.value;
  }
  return line;
}

export interface ParseRunbookOptions {
  /** The importer reads a runbook before it has checks, to propose them; everything else requires them. */
  requireChecks?: boolean;
}

function parseYamlWithLines(text: string, file: string, firstLine: number, problems: RunbookProblem[]) {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  for (const error of doc.errors) {
    const line = firstLine + (error.linePos?.[0].line ?? 1) - 1;
    problems.push({ file, line, message: `invalid YAML: ${error.message.split("\n")[0]}` });
  }
  return { doc, counter };
}

function zodProblems(error: z.ZodError, file: string, lineFor: (key: PropertyKey | undefined) => number): RunbookProblem[] {
  return error.issues.map((issue) => {
    const key = issue.path[0];
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    const message =
      issue.code === "invalid_type" && issue.input === undefined ? `${where}is required` : `${where}${issue.message}`;
    return { file, line: lineFor(key), message };
  });
}

export function loadCategories(dir: string, problems: RunbookProblem[]): Category[] {
  const file = path.join(dir, CATEGORIES_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    problems.push({ file, line: 1, message: "missing: list the categories (id, title, order) here" });
    return [];
  }
  const { doc } = parseYamlWithLines(text, file, 1, problems);
  const parsed = z.array(categorySchema).safeParse(doc.toJS());
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, file, () => 1));
    return [];
  }
  return parsed.data.sort((a, b) => a.order - b.order);
}

interface StepContext {
  file: string;
  problems: RunbookProblem[];
}

/** Turns one fenced block into steps; ids continue the caller's counter. */
function stepsOfBlock(node: Code, idPrefix: string, startIndex: number, ctx: StepContext): CodeStep[] {
  if (!node.lang) {
    ctx.problems.push({
      file: ctx.file,
      line: lineOf(node),
      message: "code block has no language: write ```bash, ```python, ```yaml ... so it is shown and parsed right",
    });
  }
  const lang = node.lang ?? "text";
  const team = isTeamBlock(node);
  const blockLines = node.value.split("\n");
  return splitSteps(node.value, lang).map((step, i) => {
    const firstSourceLine = step.source.split("\n")[0] ?? "";
    const offset = Math.max(0, blockLines.findIndex((line) => line.trim() === firstSourceLine.trim()));
    return {
      id: `${idPrefix}-${startIndex + i}`,
      title: step.title,
      lang,
      code: step.commands.join("\n"),
      source: step.source,
      line: lineOf(node) + 1 + offset,
      ...(team ? { team: true } : {}),
    };
  });
}

/** Diagnosis steps: the guide's blocks first, then the team's (so re-importing the guide keeps every step id). */
function diagnosisSteps(nodes: RootContent[], ctx: StepContext): CodeStep[] {
  let steps: CodeStep[] = [];
  let teamSeen = false;
  for (const node of nodes) {
    if (node.type !== "code") continue;
    if (teamSeen && !isTeamBlock(node)) {
      ctx.problems.push({
        file: ctx.file,
        line: lineOf(node),
        message: "a guide block after a team block: put the team's blocks (```bash team) after the guide's",
      });
    }
    teamSeen ||= isTeamBlock(node);
    steps = steps.concat(stepsOfBlock(node, "diagnosis", steps.length + 1, ctx));
  }
  return steps;
}

/** Groups the body into level-2 sections, each with its nodes. */
function sectionsOf(children: RootContent[]): { heading: Heading | null; nodes: RootContent[] }[] {
  const sections: { heading: Heading | null; nodes: RootContent[] }[] = [{ heading: null, nodes: [] }];
  for (const node of children) {
    if (node.type === "yaml") continue;
    if (node.type === "heading" && node.depth <= 2) sections.push({ heading: node, nodes: [] });
    else sections.at(-1)?.nodes.push(node);
  }
  return sections;
}

function proseOf(source: string, nodes: RootContent[]): string {
  return nodes
    .filter((n) => n.type !== "code")
    .map((n) => sourceOf(source, n))
    .join("\n\n");
}

function parseSolutions(source: string, nodes: RootContent[], ctx: StepContext): Solution[] {
  const solutions: Solution[] = [];
  let current: { heading: Heading; nodes: RootContent[] } | null = null;
  const flush = () => {
    if (!current) return;
    const index = solutions.length + 1;
    const id = `solution-${index}`;
    let stepIndex = 1;
    const steps: CodeStep[] = [];
    for (const node of current.nodes) {
      if (node.type !== "code") continue;
      const blockSteps = stepsOfBlock(node, id, stepIndex, ctx);
      stepIndex += blockSteps.length;
      steps.push(...blockSteps);
    }
    const title = textOf(current.heading).trim().replace(/^\d+\.\s*/, "");
    solutions.push({ id, index, title, text: proseOf(source, current.nodes), steps });
  };
  for (const node of nodes) {
    if (node.type === "heading" && node.depth === 3) {
      flush();
      current = { heading: node, nodes: [] };
    } else if (current) current.nodes.push(node);
    else if (node.type !== "code")
      ctx.problems.push({ file: ctx.file, line: lineOf(node), message: "text under Solutions must follow a ### solution heading" });
  }
  flush();
  return solutions;
}

export function parseRunbookFile(
  file: string,
  source: string,
  categories: Category[],
  problems: RunbookProblem[],
  options: ParseRunbookOptions = {},
): Runbook | null {
  const tree = parseMarkdown(source);
  const yamlNode = tree.children[0]?.type === "yaml" ? tree.children[0] : undefined;
  if (!yamlNode) {
    problems.push({ file, line: 1, message: "missing YAML front matter (--- slug, title, category, symptoms ---)" });
    return null;
  }
  const firstLine = lineOf(yamlNode) + 1;
  const before = problems.length;
  const { doc, counter } = parseYamlWithLines(yamlNode.value, file, firstLine, problems);
  if (problems.length > before) return null;
  const lineFor = (key: PropertyKey | undefined) => lineOfKey(doc, counter, key, firstLine);
  const parsed = frontMatterSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, file, lineFor));
    return null;
  }
  const fm = parsed.data;
  let category: Category | null = null;
  if (fm.kind === "issue") {
    category = categories.find((c) => c.id === fm.category) ?? null;
    if (!fm.category) problems.push({ file, line: lineFor("slug"), message: "category: is required for an issue runbook" });
    else if (!category)
      problems.push({
        file,
        line: lineFor("category"),
        message: `unknown category "${fm.category}" (known: ${categories.map((c) => c.id).join(", ")})`,
      });
  }

  const ctx: StepContext = { file, problems };
  let summary = "";
  let diagnosis: CodeStep[] = [];
  let solutions: Solution[] = [];
  const sections: Section[] = [];
  for (const { heading, nodes } of sectionsOf(tree.children)) {
    const title = heading ? textOf(heading).trim() : "";
    if (!heading) summary = proseOf(source, nodes);
    else if (title.toLowerCase() === "diagnosis") diagnosis = diagnosisSteps(nodes, ctx);
    else if (title.toLowerCase() === "solutions") solutions = parseSolutions(source, nodes, ctx);
    else {
      const id = slugify(title);
      let index = 1;
      const steps: CodeStep[] = [];
      for (const node of nodes) {
        if (node.type !== "code") continue;
        const blockSteps = stepsOfBlock(node, id, index, ctx);
        index += blockSteps.length;
        steps.push(...blockSteps);
      }
      sections.push({ id, title, steps, text: proseOf(source, nodes) });
    }
  }
  for (const [finding, solution] of Object.entries(fm.suggests)) {
    if (solution > solutions.length)
      problems.push({ file, line: lineFor("suggests"), message: `suggests.${finding}: there is no solution ${solution}` });
  }
  const steps = [
    ...diagnosis.map((step) => ({ step, context: "diagnosis" as const })),
    ...solutions.flatMap((solution) => solution.steps.map((step) => ({ step, context: "solution" as const }))),
    ...sections.flatMap((extra) => extra.steps.map((step) => ({ step, context: "diagnosis" as const }))),
  ];
  const checks: Record<string, DeclaredCheck> = {};
  const thresholds: Record<string, DeclaredThreshold> = {};
  const checkLine = (stepId: string) => lineOfCheck(doc, counter, stepId, firstLine);
  for (const { step, context } of steps) {
    const fits = checksThatFit(step.code, step.lang, context);
    const value = fm.checks[step.id];
    const command = step.code.split("\n")[0] ?? "";
    if (value === undefined) {
      if (options.requireChecks !== false) {
        problems.push({
          file,
          line: step.line,
          message: `step ${step.id} (${command}) declares no check: add "${step.id}: ${fits[0]}" under checks: in the front matter`,
        });
      }
      continue;
    }
    if (typeof value !== "string") {
      const declared = declaredThresholdOf(step.id, value, fits, command, (keys) =>
        lineOfPath(doc, counter, ["checks", step.id, ...keys], firstLine),
      );
      if ("problems" in declared) problems.push(...declared.problems.map((p) => ({ file, ...p })));
      else {
        checks[step.id] = declared.check;
        thresholds[step.id] = declared.threshold;
      }
    } else if (!isDeclaredCheck(value)) {
      problems.push({
        file,
        line: checkLine(step.id),
        message: `checks.${step.id}: unknown check "${value}" (known: ${ALL_CHECKS.join(", ")})`,
      });
    } else if (!fits.includes(value)) {
      problems.push({
        file,
        line: checkLine(step.id),
        message: `checks.${step.id}: "${value}" does not fit the step's command (${command}); it fits: ${fits.join(", ")}`,
      });
    } else {
      checks[step.id] = value;
    }
  }
  for (const stepId of Object.keys(fm.checks)) {
    if (!steps.some(({ step }) => step.id === stepId)) {
      problems.push({ file, line: checkLine(stepId), message: `checks.${stepId}: there is no step ${stepId}` });
    }
  }
  return {
    slug: fm.slug,
    title: fm.title,
    kind: fm.kind,
    category,
    order: fm.order,
    symptoms: fm.symptoms,
    alerts: fm.alerts,
    suggests: fm.suggests,
    checks,
    thresholds,
    guide: fm.guide ?? null,
    summary,
    diagnosis,
    solutions,
    sections,
    contentHash: createHash("sha256").update(source).digest("hex"),
    file,
  };
}

/** A step's declared thresholds, checked against its command: only a step shown as a table takes them. */
function declaredThresholdOf(
  stepId: string,
  value: Record<string, unknown>,
  fits: readonly DeclaredCheck[],
  command: string,
  lineOf: (keys: readonly string[]) => number,
): { check: DeclaredCheck; threshold: DeclaredThreshold } | { problems: { line: number; message: string }[] } {
  const shown = fits.find((check) => (SHOWN_CHECKS as readonly string[]).includes(check));
  if (shown === undefined) {
    return {
      problems: [
        {
          line: lineOf([]),
          message: `checks.${stepId}: thresholds judge a step shown as a table (${SHOWN_CHECKS.join(", ")}); this step (${command}) has the built-in check ${fits.join(", ")}`,
        },
      ],
    };
  }
  const parsed = declaredThresholdSchema.safeParse(value);
  if (parsed.success) return { check: shown, threshold: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) => {
      const keys = issue.path.map(String);
      const where = ["checks", stepId, ...keys].join(".");
      const message =
        issue.code === "unrecognized_keys"
          ? `unknown field(s) ${issue.keys.join(", ")} (known: value, warning, critical, unit)`
          : issue.code === "invalid_type" && issue.input === undefined
            ? "is required"
            : issue.message;
      return { line: lineOf(issue.code === "unrecognized_keys" ? [issue.keys[0] ?? ""] : keys), message: `${where}: ${message}` };
    }),
  };
}

/** Loads every runbook in `dir`; throws RunbookValidationError listing every problem found. */
export function loadRunbookLibrary(dir: string): RunbookLibrary {
  const problems: RunbookProblem[] = [];
  const categories = loadCategories(dir, problems);
  const runbooks: Runbook[] = [];
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort();
  for (const name of files) {
    const file = path.join(dir, name);
    const runbook = parseRunbookFile(file, readFileSync(file, "utf8"), categories, problems);
    if (!runbook) continue;
    const clash = runbooks.find((r) => r.slug === runbook.slug);
    if (clash) {
      problems.push({ file, line: 2, message: `duplicate slug "${runbook.slug}" (also used by ${path.basename(clash.file)})` });
      continue;
    }
    runbooks.push(runbook);
  }
  if (problems.length > 0) throw new RunbookValidationError(problems);
  runbooks.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
  return { categories, runbooks };
}
