// The typed runbook model the pages render, validated with zod.
import { z } from "zod";
import type { DeclaredCheck } from "../systems/registry";
import type { DeclaredThreshold } from "../verdict/declared-threshold";

export const RUNBOOK_KINDS = ["issue", "general", "escalation"] as const;

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slug must be lowercase words joined by hyphens");

/** Where an imported runbook came from: the guide file (relative to the project) and its heading. */
export const guideSourceSchema = z
  .object({ file: z.string().trim().min(1, "guide.file must name the guide"), section: z.string().trim().min(1) })
  .strict();
export type GuideSource = z.infer<typeof guideSourceSchema>;

export const frontMatterSchema = z
  .object({
    slug: slugSchema,
    title: z.string().trim().min(1, "title must not be empty"),
    kind: z.enum(RUNBOOK_KINDS).default("issue"),
    category: z.string().min(1).optional(),
    order: z.number().int().nonnegative().default(0),
    symptoms: z.array(z.string().trim().min(1)).default([]),
    alerts: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "alert names are Prometheus identifiers")).default([]),
    /** Which solution (1-based) a finding points at: { "cache-hit-ratio": 1 }. */
    suggests: z.record(z.string(), z.number().int().positive()).default({}),
    /**
     * The check each step's verdict comes from, by step id: { "diagnosis-1": "error-ratio" }; or, for a step
     * shown as a table, the thresholds that judge it: { value: reply, warning: "> 1000", unit: jobs }.
     */
    checks: z.record(z.string(), z.union([z.string(), z.record(z.string(), z.unknown())])).default({}),
    /** Set by the importer; absent on a hand-written runbook. */
    guide: guideSourceSchema.optional(),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export const categorySchema = z
  .object({
    id: slugSchema,
    title: z.string().min(1),
    order: z.number().int(),
    /** The guide file that created it; absent on a hand-written category. */
    guide: z.string().min(1).optional(),
  })
  .strict();
export type Category = z.infer<typeof categorySchema>;

/** One runnable (or copyable) command group: a comment line and the commands below it. */
export interface CodeStep {
  /** Stable anchor and step id: "diagnosis-2", "solution-1-1", "general-3". */
  id: string;
  /** The comment above the command, without "# ". */
  title: string;
  lang: string;
  /** The command text, verbatim, without the comment. */
  code: string;
  /** Comment + code, verbatim as in the guide. */
  source: string;
  /** 1-based line in the runbook file. */
  line: number;
  /**
   * A step the team added beside the guide's own: its block is fenced ```bash team. The page marks it, and
   * re-importing the guide keeps it (lib/runbooks/curated.ts).
   */
  team?: boolean;
}

export interface Solution {
  /** "solution-1" */
  id: string;
  index: number;
  title: string;
  /** Prose of the solution beyond its title, Markdown. */
  text: string;
  steps: CodeStep[];
}

export interface Section {
  id: string;
  title: string;
  steps: CodeStep[];
  /** Prose of the section, Markdown. */
  text: string;
}

export interface Runbook {
  slug: string;
  title: string;
  kind: (typeof RUNBOOK_KINDS)[number];
  category: Category | null;
  order: number;
  symptoms: string[];
  alerts: string[];
  suggests: Record<string, number>;
  /** The declared check of every step, by step id (validated against the step's command when loaded). */
  checks: Record<string, DeclaredCheck>;
  /** Thresholds the runbook declares for steps shown as a table, by step id. */
  thresholds: Record<string, DeclaredThreshold>;
  /** Intro prose (Markdown) before the first section. */
  summary: string;
  diagnosis: CodeStep[];
  solutions: Solution[];
  /** Extra titled sections (general steps, escalation prose). */
  sections: Section[];
  /** The guide and section it was imported from; null when written by hand. */
  guide: GuideSource | null;
  /** sha256 of the file, so a stored run can say which version it ran. */
  contentHash: string;
  file: string;
}

export interface RunbookLibrary {
  categories: Category[];
  runbooks: Runbook[];
}
