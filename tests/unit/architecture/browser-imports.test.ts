// What the pages' first-load JavaScript may hold: starting at every "use client" module, follows the static
// imports of our own files (type-only imports and `import()` excluded, server actions stop the walk) and
// lists the packages reached. zod must not be among them: it is a third of a runbook page's script, and in the
// browser it probes for eval, which the CSP refuses. Packages a page needs only on demand (the search index,
// the dialogs' code, charts, Markdown) are loaded with import() or next/dynamic and so are not reached here.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const SOURCES = ["app", "components", "lib"];
/** Kept out of every page's first load. */
const SERVER_OR_ON_DEMAND = ["zod", "minisearch", "better-auth", "react-markdown", "uplot"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const parsed = new Map<string, ts.SourceFile>();

function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (source === undefined) {
    source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
    parsed.set(file, source);
  }
  return source;
}

function directive(source: ts.SourceFile): string | undefined {
  const first = source.statements[0];
  return first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression)
    ? first.expression.text
    : undefined;
}

/** Static, value-carrying imports and re-exports. */
function staticImports(source: ts.SourceFile): string[] {
  const specs: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        clause.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      if (!allTypes) specs.push(statement.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      specs.push(statement.moduleSpecifier.text);
    }
  }
  return specs;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith("@/")
    ? path.join(ROOT, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function packageName(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? spec);
}

interface Walk {
  /** Every package a "use client" module reaches statically, with one import chain that reaches it. */
  packages: Map<string, string>;
  clientModules: number;
}

/**
 * From `entries`, follows static imports; a "use client" module and everything it imports is browser code. Started
 * at a page (a server component), this is what the page's own first load can hold: code behind next/dynamic or
 * import() is not followed, nor is a server action.
 */
function walk(entries: string[], everyFileIsBrowser = false): Walk {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = entries.map((file) => ({ file, chain: path.relative(ROOT, file), browser: everyFileIsBrowser }));
  let clientModules = 0;
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined) continue;
    const source = parse(next.file);
    const mark = directive(source);
    // A server action is a reference in the browser bundle, not its code.
    if (mark === "use server") continue;
    const browser = next.browser || mark === "use client";
    const key = `${browser}:${next.file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (browser) clientModules++;
    for (const spec of staticImports(source)) {
      const local = resolveLocal(next.file, spec);
      if (local !== null) {
        queue.push({ file: local, chain: `${next.chain} → ${path.relative(ROOT, local)}`, browser });
      } else if (browser && !spec.startsWith(".") && !spec.startsWith("@/")) {
        const name = packageName(spec);
        if (!packages.has(name)) packages.set(name, `${next.chain} → ${spec}`);
      }
    }
  }
  return { packages, clientModules };
}

function offending(reached: Map<string, string>, banned: readonly string[]): string[] {
  return banned.flatMap((name) => {
    const chain = reached.get(name);
    return chain === undefined ? [] : [`${name}: ${chain}`];
  });
}

// Parsing every source file takes a few seconds on a busy machine.
describe("browser bundles", { timeout: 30_000 }, () => {
  it("never include zod (a third of a page's script; in the browser it probes for eval, which the CSP refuses)", () => {
    const clientFiles = SOURCES.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).filter(
      (file) => directive(parse(file)) === "use client",
    );
    const { packages, clientModules } = walk(clientFiles);
    expect(clientModules).toBeGreaterThan(20);
    expect(offending(packages, ["zod"])).toEqual([]);
    // Next runs instrumentation-client.ts in the browser before hydration, "use client" or not.
    const instrumentation = path.join(ROOT, "instrumentation-client.ts");
    if (fs.existsSync(instrumentation)) expect(offending(walk([instrumentation], true).packages, ["zod"])).toEqual([]);
  });

  it("leave search, sign-out, dialogs' Markdown and charts out of the header and a runbook page's first load", () => {
    const { packages, clientModules } = walk([
      path.join(ROOT, "app", "layout.tsx"),
      path.join(ROOT, "app", "runbooks", "[slug]", "page.tsx"),
    ]);
    expect(clientModules).toBeGreaterThan(5);
    expect(offending(packages, SERVER_OR_ON_DEMAND)).toEqual([]);
  });
});
