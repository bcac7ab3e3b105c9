// CLI: npm run runbooks:import -- <guide.md> [--out runbooks/]
// Writes one runbook file per issue of the guide, keeping hand-curated fields and team steps of existing files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadEnvFiles } from "../lib/config/env-files";
import { type CuratedFields, curatedFieldsOf } from "../lib/runbooks/curated";
import { GuideImportError, importGuide } from "../lib/runbooks/import-guide";
import { renderCategoriesFile, renderRunbookFile } from "../lib/runbooks/write-runbook";

// The same settings as `npm start`: the environment, then the project's .env files.
loadEnvFiles(path.resolve(__dirname, ".."), { quiet: true });

/** Front matter fields and team steps (```bash team) of the existing file, which the re-import keeps. */
function curatedFieldsOfFile(file: string): CuratedFields {
  return existsSync(file) ? curatedFieldsOf(readFileSync(file, "utf8")) : {};
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
    writeFileSync(file, renderRunbookFile(runbook, curatedFieldsOfFile(file)));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  const issues = guide.runbooks.filter((r) => r.kind === "issue").length;
  console.log(
    `${issues} issues in ${guide.categories.length} categories, ${guide.runbooks.length - issues} other pages`,
  );
}

main();
