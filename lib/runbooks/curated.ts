// What a team curates by hand in a runbook file, which re-importing the guide keeps: front matter fields
// (alerts, suggests, checks) and team steps, the Diagnosis blocks fenced ```bash team that the guide does not have.
import type { Code } from "mdast";
import { parse as parseYaml } from "yaml";
import type { ImportedCodeBlock } from "./import-guide";
import { parseMarkdown, textOf } from "./markdown";

/** The word after the language that marks a team block: ```bash team. */
export const TEAM_MARK = "team";

/** Fields a team curates by hand; a re-import keeps them rather than losing them. */
export interface CuratedFields {
  /** Display order, once a runbook exists (a second guide's runbooks are placed after the first's). */
  order?: number;
  alerts?: string[];
  suggests?: Record<string, number>;
  /** Checks chosen by hand (a check kind, or a declared threshold); kept while they still fit their step's command. */
  checks?: Record<string, unknown>;
  /** The team's Diagnosis blocks, written back after the guide's. */
  teamDiagnosis?: ImportedCodeBlock[];
}

export function isTeamBlock(node: Code): boolean {
  return (node.meta ?? "").split(/\s+/).includes(TEAM_MARK);
}

/** The curated fields of an existing runbook file (empty when it has no front matter). */
export function curatedFieldsOf(source: string): CuratedFields {
  const tree = parseMarkdown(source);
  const yamlNode = tree.children[0]?.type === "yaml" ? tree.children[0] : undefined;
  const data = yamlNode ? (parseYaml(yamlNode.value) as Record<string, unknown> | null) : null;
  const teamDiagnosis: ImportedCodeBlock[] = [];
  let inDiagnosis = false;
  for (const node of tree.children) {
    if (node.type === "heading" && node.depth <= 2) inDiagnosis = textOf(node).trim().toLowerCase() === "diagnosis";
    else if (inDiagnosis && node.type === "code" && isTeamBlock(node)) {
      teamDiagnosis.push({ lang: node.lang ?? "", code: node.value, team: true });
    }
  }
  return {
    order: typeof data?.order === "number" ? data.order : undefined,
    alerts: Array.isArray(data?.alerts) ? (data.alerts as string[]) : undefined,
    suggests:
      data?.suggests && typeof data.suggests === "object" ? (data.suggests as Record<string, number>) : undefined,
    checks: data?.checks && typeof data.checks === "object" ? (data.checks as Record<string, unknown>) : undefined,
    ...(teamDiagnosis.length > 0 ? { teamDiagnosis } : {}),
  };
}
