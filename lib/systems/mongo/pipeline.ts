// Which aggregation stages a guide's pipeline may hold: the parse refuses the rest with the reason, and the run
// checks the same list again before sending (a pipeline can also arrive from a curated runbook file).
// Free of server-only imports so parsing (build time, scripts) can use it.

/** Stages that write (the dashboard's diagnostics never change data). */
const WRITE_STAGES = new Set(["$out", "$merge"]);

/** Stages that do not read this collection's documents: server state, sessions, or a stream that waits. */
const OTHER_STAGES = new Set([
  "$changeStream",
  "$changeStreamSplitLargeEvent",
  "$currentOp",
  "$listLocalSessions",
  "$listSessions",
  "$listSampledQueries",
  "$listSearchIndexes",
  "$documents",
]);

/** Operators whose value is JavaScript the server runs. */
const CODE_OPERATORS = new Set(["$where", "$function", "$accumulator"]);

function refusalOf(key: string): string | null {
  if (WRITE_STAGES.has(key)) return `${key} writes to a collection — not read-only`;
  if (CODE_OPERATORS.has(key)) return `${key} runs JavaScript on the server`;
  if (OTHER_STAGES.has(key)) return `${key} does not read the collection's documents; only plain reads run live`;
  return null;
}

/** Why the pipeline is refused (a write stage, server-side JavaScript anywhere, a stage reading other things), or null. */
export function pipelineRefusal(pipeline: unknown): string | null {
  if (!Array.isArray(pipeline)) return "the pipeline must be an array of stages such as [{$match: {…}}]";
  for (const [i, stage] of pipeline.entries()) {
    if (typeof stage !== "object" || stage === null || Array.isArray(stage) || Object.keys(stage).length !== 1) {
      return `stage ${i + 1} must be one {$stage: …} document`;
    }
    const name = Object.keys(stage)[0] ?? "";
    if (!name.startsWith("$")) return `stage ${i + 1} ("${name}") is not a $stage`;
  }
  return nestedRefusal(pipeline);
}

/** Looks at every key, so a $lookup or $facet sub-pipeline cannot carry a $merge or a $function either. */
function nestedRefusal(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = nestedRefusal(item);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof node !== "object" || node === null) return null;
  for (const [key, value] of Object.entries(node)) {
    const found = refusalOf(key) ?? nestedRefusal(value);
    if (found !== null) return found;
  }
  return null;
}
