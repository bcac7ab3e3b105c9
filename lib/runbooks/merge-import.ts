// Plans an import as a merge into the runbooks already there: a guide adds its categories and runbooks
// beside the other guides' (and the hand-written ones), re-importing it rewrites only its own files and keeps
// their hand-curated fields, and a slug or category id another source already has is a conflict naming both
// sources — never an overwrite. Pure: the caller reads the directory and writes the plan.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { ImportedGuide } from "./import-guide";
import { CATEGORIES_FILE } from "./load-runbooks";
import { type Category, categorySchema, type GuideSource, guideSourceSchema } from "./model";
import { curatedFieldsOf } from "./curated";
import { type CuratedFields, renderCategoriesFile, renderRunbookFile } from "./write-runbook";

/** What the planner needs of a runbook file already in the directory. */
export interface ExistingRunbook {
  /** File name in the runbooks directory: "high-error-rates.md". */
  name: string;
  slug: string;
  guide: GuideSource | null;
  curated: CuratedFields;
}

export interface ExistingLibrary {
  categories: Category[];
  runbooks: ExistingRunbook[];
}

export interface ImportPlan {
  /** File name → new content; only files whose content changes. */
  writes: Map<string, string>;
  /** Slugs or category ids another source already has; nothing is written when there is one. */
  conflicts: string[];
  /** This guide's runbooks and categories no longer in it: kept, and reported. */
  stale: string[];
}

function frontMatterOf(text: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---/.exec(text);
  const data: unknown = match?.[1] ? parseYaml(match[1]) : null;
  return data && typeof data === "object" ? (data as Record<string, unknown>) : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads the directory's categories and the front matter of its runbooks (a missing directory is empty). */
export function readExistingLibrary(dir: string): ExistingLibrary & { texts: Map<string, string> } {
  const texts = new Map<string, string>();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".md") || name === CATEGORIES_FILE);
  } catch {
    return { categories: [], runbooks: [], texts };
  }
  for (const name of names) texts.set(name, readFileSync(path.join(dir, name), "utf8"));
  const categoriesText = texts.get(CATEGORIES_FILE);
  const parsedCategories: unknown = categoriesText ? parseYaml(categoriesText) : [];
  const categories = (Array.isArray(parsedCategories) ? parsedCategories : []).flatMap((entry) => {
    const parsed = categorySchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
  const runbooks = [...texts.entries()]
    .filter(([name]) => name.endsWith(".md"))
    .map(([name, text]) => {
      const data = frontMatterOf(text);
      const guide = guideSourceSchema.safeParse(data.guide);
      return {
        name,
        slug: typeof data.slug === "string" ? data.slug : name.replace(/\.md$/, ""),
        guide: guide.success ? guide.data : null,
        // Front matter fields and team steps (```bash team), which the re-import keeps.
        curated: curatedFieldsOf(text),
      };
    });
  return { categories, runbooks, texts };
}

function sourceOf(guide: GuideSource | null | undefined): string {
  return guide ? `${guide.file} (section "${guide.section}")` : "written by hand";
}

/**
 * The files importing `guide` (read from `guideFile`, a project-relative path) into `existing` writes.
 * `texts` holds the current content, so unchanged files are left alone.
 */
export function planImport(
  guideFile: string,
  guide: ImportedGuide,
  existing: ExistingLibrary,
  texts: ReadonlyMap<string, string> = new Map(),
): ImportPlan {
  const conflicts: string[] = [];
  const stale: string[] = [];
  const ours = (owner: string | undefined) => owner === guideFile;

  // Categories: this guide's keep their curated title and order; new ones go after every other.
  const categories = [...existing.categories];
  let nextOrder = Math.max(0, ...categories.map((c) => c.order));
  for (const category of guide.categories) {
    const there = categories.find((c) => c.id === category.id);
    if (there && !ours(there.guide)) {
      conflicts.push(
        `category "${category.id}" of ${guideFile}:${category.line} is already in ${CATEGORIES_FILE}, ${there.guide ? `from ${there.guide}` : "written by hand"}: rename the section "${category.title}" in one guide`,
      );
    } else if (!there) {
      nextOrder += 1;
      categories.push({ id: category.id, title: category.title, order: nextOrder, guide: guideFile });
    }
  }
  for (const category of existing.categories) {
    if (ours(category.guide) && !guide.categories.some((c) => c.id === category.id)) {
      stale.push(`category "${category.id}" is no longer in ${guideFile}; kept in ${CATEGORIES_FILE}`);
    }
  }

  // Runbooks: a new one is placed after the runbooks of every other source; ours keep their fields.
  const others = existing.runbooks.filter((r) => !ours(r.guide?.file));
  const orderOffset = Math.max(0, ...others.map((r) => r.curated.order ?? 0));
  const writes = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const runbook of guide.runbooks) {
    const source: GuideSource = { file: guideFile, section: runbook.section };
    const earlier = seen.get(runbook.slug);
    if (earlier !== undefined) {
      conflicts.push(`slug "${runbook.slug}" comes twice from ${guideFile}: lines ${earlier} and ${runbook.line}`);
      continue;
    }
    seen.set(runbook.slug, runbook.line);
    const name = `${runbook.slug}.md`;
    const clash = existing.runbooks.find((r) => (r.slug === runbook.slug || r.name === name) && !ours(r.guide?.file));
    if (clash) {
      conflicts.push(
        `slug "${runbook.slug}" of ${guideFile}:${runbook.line} (section "${runbook.section}") is already ${clash.name}, ${clash.guide ? `imported from ${sourceOf(clash.guide)}` : "written by hand"}`,
      );
      continue;
    }
    const mine = existing.runbooks.find((r) => r.name === name);
    const curated = mine?.curated ?? { order: orderOffset + runbook.order };
    const text = renderRunbookFile(runbook, curated, source);
    if (texts.get(name) !== text) writes.set(name, text);
  }
  for (const runbook of existing.runbooks) {
    if (ours(runbook.guide?.file) && !seen.has(runbook.slug)) {
      stale.push(`${runbook.name} is no longer in ${guideFile}: delete it, or remove its guide: to keep it by hand`);
    }
  }

  const categoriesText = renderCategoriesFile(categories);
  if (texts.get(CATEGORIES_FILE) !== categoriesText) writes.set(CATEGORIES_FILE, categoriesText);
  return { writes: conflicts.length > 0 ? new Map() : writes, conflicts, stale };
}

/** The guide's path as recorded in front matter: relative to the project, with forward slashes. */
export function guideFileId(guidePath: string, projectDir: string): string {
  return path.relative(projectDir, path.resolve(guidePath)).split(path.sep).join("/");
}
