// CLI: npm run runbooks:import -- <guide.md> [--out runbooks/]   (default: RUNBOOKS_DIR, else runbooks/)
// Merges the guide's runbooks and categories into the directory beside the ones already there (other guides',
// hand-written ones); re-importing a guide rewrites only its own files and keeps their hand-curated fields.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadEnvFiles } from "../lib/config/env-files";
import { GuideImportError, importGuide } from "../lib/runbooks/import-guide";
import { runbooksDir } from "../lib/runbooks/library";
import { guideFileId, planImport, readExistingLibrary } from "../lib/runbooks/merge-import";

// The same settings as `npm start`: the environment, then the project's .env files.
loadEnvFiles(path.resolve(__dirname, ".."), { quiet: true });

function main(): void {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf("--out");
  const guidePath = args.find((a, i) => !a.startsWith("--") && (outIndex < 0 || i !== outIndex + 1));
  const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1] ?? "runbooks") : runbooksDir();
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
  const existing = readExistingLibrary(outDir);
  const plan = planImport(guideFileId(guidePath, process.cwd()), guide, existing, existing.texts);
  for (const note of plan.stale) console.warn(`note: ${note}`);
  if (plan.conflicts.length > 0) {
    console.error(
      `${plan.conflicts.length} conflict(s), nothing written:\n${plan.conflicts.map((c) => `  ${c}`).join("\n")}`,
    );
    process.exit(1);
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of plan.writes) {
    const file = path.join(outDir, name);
    writeFileSync(file, text);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  const issues = guide.runbooks.filter((r) => r.kind === "issue").length;
  console.log(
    `${issues} issues in ${guide.categories.length} categories, ${guide.runbooks.length - issues} other pages; ${plan.writes.size} file(s) changed`,
  );
}

main();
