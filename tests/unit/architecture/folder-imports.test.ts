// The layering rule of the README: data flows down, so no two folders of lib/ import each other,
// and no lib/ module reaches up into app/ or components/.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const LIB = path.join(ROOT, "lib");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function importSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) specs.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs;
}

/** "lib/systems/redis" for lib/systems/redis/client.ts; "lib/systems" for lib/systems/registry.ts. */
function folderOf(file: string): string {
  return path.relative(ROOT, path.dirname(file));
}

function resolveImport(from: string, spec: string): string | null {
  if (spec.startsWith("@/")) return path.join(ROOT, spec.slice(2));
  if (spec.startsWith(".")) return path.resolve(path.dirname(from), spec);
  return null;
}

/** Edges folder → folder (each edge with one example import, for the failure message). */
function folderEdges(): Map<string, Map<string, string>> {
  const edges = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(LIB)) {
    for (const spec of importSpecifiers(file)) {
      const target = resolveImport(file, spec);
      if (target === null) continue;
      const from = folderOf(file);
      const targetFolder = fs.existsSync(target) && fs.statSync(target).isDirectory() ? target : path.dirname(target);
      const to = path.relative(ROOT, targetFolder);
      if (from === to) continue;
      const out = edges.get(from) ?? new Map<string, string>();
      if (!out.has(to)) out.set(to, `${path.relative(ROOT, file)} imports "${spec}"`);
      edges.set(from, out);
    }
  }
  return edges;
}

describe("lib/ folder layering", () => {
  const edges = folderEdges();

  it("has no pair of folders that import each other", () => {
    const pairs: string[] = [];
    for (const [from, targets] of edges) {
      for (const [to, example] of targets) {
        const back = edges.get(to)?.get(from);
        if (back !== undefined && from < to) pairs.push(`${from} ⇄ ${to}: ${example}; ${back}`);
      }
    }
    expect(pairs).toEqual([]);
  });

  it("never imports from app/ or components/", () => {
    const upward = [...edges.entries()].flatMap(([from, targets]) =>
      [...targets.entries()]
        .filter(([to]) => to.startsWith("app") || to.startsWith("components"))
        .map(([, example]) => `${from}: ${example}`),
    );
    expect(upward).toEqual([]);
  });

  it("keeps no flat grab-bag folders of checks or targets", () => {
    expect(fs.existsSync(path.join(LIB, "checks"))).toBe(false);
    expect(fs.existsSync(path.join(LIB, "targets"))).toBe(false);
  });

  it("gives every system its own folder with an adapter (core holds what they share)", () => {
    const systems = fs
      .readdirSync(path.join(LIB, "systems"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== "core")
      .map((entry) => entry.name)
      .sort();
    expect(systems).toEqual(["http", "local", "mongo", "postgres", "prometheus", "redis"]);
    for (const system of systems) expect(fs.existsSync(path.join(LIB, "systems", system, "adapter.ts"))).toBe(true);
  });
});
