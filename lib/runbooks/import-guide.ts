// Converts a troubleshooting guide (H3 category, H4 numbered issue, Symptoms/Diagnosis/Solutions)
// into runbook files. Walks the remark syntax tree; never pattern-matches the raw text.
import type { Code, List, ListItem, Root, RootContent } from "mdast";
import { lineOf, parseMarkdown, slugify, sourceOf, textOf } from "./markdown";

export interface ImportedCodeBlock {
  lang: string;
  code: string;
  /** A team step kept from the existing runbook file, never from the guide (curated.ts). */
  team?: boolean;
}

export interface ImportedSolution {
  title: string;
  text: string;
  blocks: ImportedCodeBlock[];
}

export interface ImportedSection {
  title: string;
  text: string;
  blocks: ImportedCodeBlock[];
}

export interface ImportedRunbook {
  slug: string;
  title: string;
  kind: "issue" | "general" | "escalation";
  category?: string;
  order: number;
  symptoms: string[];
  diagnosis: ImportedCodeBlock[];
  solutions: ImportedSolution[];
  sections: ImportedSection[];
  summary: string;
  /** The guide heading it came from: the category (H3) of an issue, the H2 of a general or escalation page. */
  section: string;
  /** Line of the heading in the guide, for error messages. */
  line: number;
}

export interface ImportedGuide {
  /** `line`: of the category heading in the guide, for conflict reports. */
  categories: { id: string; title: string; order: number; line: number }[];
  runbooks: ImportedRunbook[];
}

export class GuideImportError extends Error {}

type Part = "symptoms" | "diagnosis" | "solutions" | null;

const PART_LABELS: Record<string, Exclude<Part, null>> = {
  "symptoms:": "symptoms",
  "diagnosis:": "diagnosis",
  "solutions:": "solutions",
};

/** A paragraph that is only a bold label such as **Symptoms:** names the part that follows. */
function partLabel(node: RootContent): Exclude<Part, null> | undefined {
  if (node.type !== "paragraph") return undefined;
  const first = node.children[0];
  if (!first || first.type !== "strong") return undefined;
  return PART_LABELS[textOf(first).trim().toLowerCase()];
}

function codeBlock(node: Code): ImportedCodeBlock {
  return { lang: node.lang ?? "", code: node.value };
}

/** Title and prose of a list item: its first paragraph is the title, the rest is text. */
function listItemParts(source: string, item: ListItem): { title: string; text: string; blocks: ImportedCodeBlock[] } {
  let title = "";
  const text: string[] = [];
  const blocks: ImportedCodeBlock[] = [];
  for (const child of item.children) {
    if (child.type === "code") blocks.push(codeBlock(child));
    else if (!title && child.type === "paragraph") title = textOf(child).trim().replace(/:$/, "");
    else text.push(sourceOf(source, child));
  }
  return { title, text: text.join("\n\n"), blocks };
}

export function importGuide(source: string): ImportedGuide {
  const tree: Root = parseMarkdown(source);
  const categories: ImportedGuide["categories"] = [];
  const runbooks: ImportedRunbook[] = [];
  let h2 = "";
  let category: { id: string; title: string } | null = null;
  let issue: ImportedRunbook | null = null;
  let part: Part = null;
  let prose: ImportedRunbook | null = null; // the general / escalation page being filled

  for (const node of tree.children) {
    if (node.type === "heading" && node.depth <= 2) {
      h2 = textOf(node).trim();
      category = null;
      issue = null;
      part = null;
      prose = null;
      const lower = h2.toLowerCase();
      if (lower.startsWith("general troubleshooting")) {
        prose = newPage(h2, "general", runbooks.length, lineOf(node));
        runbooks.push(prose);
      } else if (lower.startsWith("support") || lower.startsWith("escalation")) {
        prose = newPage(h2, "escalation", runbooks.length, lineOf(node));
        runbooks.push(prose);
      } else if (lower.startsWith("additional resources")) {
        // Reference links belong on the escalation page, beside the support channels.
        prose = runbooks.find((r) => r.kind === "escalation") ?? null;
        if (prose) prose.sections.push({ title: h2, text: "", blocks: [] });
      }
      continue;
    }
    if (node.type === "heading" && node.depth === 3 && !prose) {
      const title = textOf(node).trim();
      category = { id: slugify(title), title };
      categories.push({ ...category, order: categories.length + 1, line: lineOf(node) });
      issue = null;
      continue;
    }
    if (node.type === "heading" && node.depth === 4 && category) {
      const title = textOf(node)
        .trim()
        .replace(/^\d+\.\s*/, "");
      issue = {
        slug: slugify(title),
        title,
        kind: "issue",
        category: category.id,
        order: runbooks.filter((r) => r.kind === "issue").length + 1,
        symptoms: [],
        diagnosis: [],
        solutions: [],
        sections: [],
        summary: "",
        section: category.title,
        line: lineOf(node),
      };
      runbooks.push(issue);
      part = null;
      continue;
    }
    if (issue) {
      part = partLabel(node) ?? part;
      if (partLabel(node)) continue;
      fillIssuePart(source, issue, part, node);
      continue;
    }
    if (prose) fillProsePage(source, prose, node);
    else if (h2 && !category) continue; // overview text and headings outside issues
  }

  const issues = runbooks.filter((r) => r.kind === "issue");
  if (issues.length === 0) {
    throw new GuideImportError(
      "no issues found: expected ### category headings with #### numbered issue headings below them",
    );
  }
  return { categories, runbooks };
}

function newPage(title: string, kind: "general" | "escalation", order: number, line: number): ImportedRunbook {
  return {
    slug: slugify(title),
    title,
    kind,
    order,
    symptoms: [],
    diagnosis: [],
    solutions: [],
    sections: [],
    summary: "",
    section: title,
    line,
  };
}

function fillIssuePart(source: string, issue: ImportedRunbook, part: Part, node: RootContent): void {
  if (part === "symptoms" && node.type === "list") {
    issue.symptoms.push(...node.children.map((item) => textOf(item).trim()));
  } else if (part === "diagnosis" && node.type === "code") {
    issue.diagnosis.push(codeBlock(node));
  } else if (part === "solutions" && node.type === "list") {
    issue.solutions.push(...(node as List).children.map((item) => listItemParts(source, item)));
  } else if (part === "solutions" && node.type === "code") {
    const last = issue.solutions.at(-1);
    if (last) last.blocks.push(codeBlock(node));
  } else if (part === null) {
    issue.summary += `${sourceOf(source, node)}\n\n`;
  }
}

/** General steps are a numbered list of **Title** + code; escalation pages are prose under H3s. */
function fillProsePage(source: string, page: ImportedRunbook, node: RootContent): void {
  if (node.type === "list" && node.ordered && page.kind === "general") {
    for (const item of node.children) {
      const { title, text, blocks } = listItemParts(source, item);
      page.sections.push({ title, text, blocks });
    }
    return;
  }
  if (node.type === "heading") {
    page.sections.push({ title: textOf(node).trim(), text: "", blocks: [] });
    return;
  }
  const section = page.sections.at(-1);
  const chunk = sourceOf(source, node);
  if (!section) page.summary += `${chunk}\n\n`;
  else if (node.type === "code") section.blocks.push(codeBlock(node));
  else section.text = section.text ? `${section.text}\n\n${chunk}` : chunk;
}
