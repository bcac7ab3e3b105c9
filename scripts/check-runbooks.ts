// CLI: npm run runbooks:check — validates runbooks/ (or RUNBOOKS_DIR) the way the build does, printing file:line
// problems.

import path from "node:path";
import { loadEnvFiles } from "../lib/config/env-files";
import { runbooksDir } from "../lib/runbooks/library";
import { loadRunbookLibrary, RunbookValidationError } from "../lib/runbooks/load-runbooks";

// The same settings as `npm start`: the environment, then the project's .env files.
loadEnvFiles(path.resolve(__dirname, ".."), { quiet: true });

try {
  const library = loadRunbookLibrary(runbooksDir());
  const issues = library.runbooks.filter((r) => r.kind === "issue").length;
  console.log(
    `runbooks ok: ${issues} issues in ${library.categories.length} categories, ${library.runbooks.length} pages`,
  );
} catch (error) {
  if (error instanceof RunbookValidationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
