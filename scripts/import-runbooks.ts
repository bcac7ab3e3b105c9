// CLI: npm run runbooks:import -- <guide.md> [--out runbooks/]
// Writes one runbook file per issue of the guide, keeping hand-curated fields of existing files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { loadEnvFiles } from "../lib/config/env-files";
import { GuideImportError, importGuide } from "../lib/runbooks/import-guide";
import { type CuratedFields, renderCategoriesFile, renderRunbookFile } from "../lib/runbooks/write-runbook";

// The same settings as `npm start`: the environment, then the project's .env files.
loadEnvFiles(path.resolve(__dirname, ".."), { quiet: true });

function curatedFieldsOf(file: string): CuratedFields {
  if (!existsSync(file)) return {};
  const match = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, "utf8"));
  if (!match?.[1]) return {};
  const data = parseYaml(match[1]) as Record<string, unknown> | null;
  return {
    alerts: Array.isArray(data?.alerts) ? (data.alerts as string[]) : undefined,
    suggests:
      data?.suggests && typeof data.suggests === "object" ? (data.suggests as Record<string, number>) : undefined,
    checks: data?.checks && typeof data.checks === "object" ? (data.checks as Record<string, string>) : undefined,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const guidePath = args.find((a) => !a.startsWith("--"));
  const outIndex = args.indexOf("--out");
  const outDir = path.resolve(outIndex >= 0 ? (args[outIndex + 1] ?? "runbooks") : "runbooks");
  if (!guidePath) {
    console.error("usage: npm run runbooks:import -- <guide.md> [--out runbooks/]");
    process.exit(2);
  }
  let guide: ReturnType<typeof importGuide>;
  try {
    guide = importGuide(readFileSync(guidePath, "utf8"));
  } catch (error) {
    if (error instanceof GuideImportError) {
      console.error(`${guidePath}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "categories.yaml"), renderCategoriesFile(guide));
  for (const runbook of guide.runbooks) {
    const file = path.join(outDir, `${runbook.slug}.md`);
    writeFileSync(file, renderRunbookFile(runbook, curatedFieldsOf(file)));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  const issues = guide.runbooks.filter((r) => r.kind === "issue").length;
  console.log(
    `${issues} issues in ${guide.categories.length} categories, ${guide.runbooks.length - issues} other pages`,
  );
}

main();
