// Shared Markdown helpers: one remark parser setup and small mdast utilities.
import type { Root, RootContent, PhrasingContent } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml"]);

export function parseMarkdown(source: string): Root {
  return parser.parse(source);
}

/** Plain text of a node, the way a reader sees it. */
export function textOf(node: RootContent | PhrasingContent | Root): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  if ("children" in node) return (node.children as (RootContent | PhrasingContent)[]).map(textOf).join("");
  return "";
}

/** The exact source text of a node (keeps the author's formatting). */
export function sourceOf(source: string, node: { position?: { start: { offset?: number }; end: { offset?: number } } }): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return "";
  return source.slice(start, end);
}

export function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 1;
}

/** "API Issues" → "api-issues"; "1. High Error Rates" → "high-error-rates". */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/^\s*\d+\.\s*/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
