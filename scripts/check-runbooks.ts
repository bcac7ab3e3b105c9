// CLI: npm run runbooks:check — validates runbooks/ the way the build does, printing file:line problems.

import { runbooksDir } from "../lib/runbooks/library";
import { loadRunbookLibrary, RunbookValidationError } from "../lib/runbooks/load-runbooks";

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
