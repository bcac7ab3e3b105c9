// Test helper: pulls the fenced code blocks out of the guide fixture with a plain line scan (tests only).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface GuideBlock {
  /** The nearest "###"/"####" heading above the block. */
  heading: string;
  /** "diagnosis" under **Diagnosis:**, "solution" under **Solutions:**, "general" in General Troubleshooting. */
  section: "diagnosis" | "solution" | "general";
  lang: string;
  code: string;
}

/** The guide runbooks/ was imported from, kept in the repo byte for byte, so the suite needs nothing outside it. */
export const GUIDE_PATH = fileURLToPath(new URL("../../../guides/troubleshooting-guide.md", import.meta.url));

export function guideBlocks(markdown: string = readFileSync(GUIDE_PATH, "utf8")): GuideBlock[] {
  const blocks: GuideBlock[] = [];
  let heading = "";
  let section: GuideBlock["section"] = "general";
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? "";
    const headingMatch = /^#{2,4} (.*)$/.exec(line);
    if (headingMatch) {
      heading = headingMatch[1] ?? "";
      if (line.startsWith("## ")) section = "general";
      continue;
    }
    if (line.trim() === "**Diagnosis:**") section = "diagnosis";
    if (line.trim() === "**Solutions:**") section = "solution";
    const fence = /^(\s*)```(\S*)\s*$/.exec(line);
    if (!fence) continue;
    const indent = fence[1]?.length ?? 0;
    const body: string[] = [];
    for (i += 1; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ""); i += 1) {
      const text = lines[i] ?? "";
      const strip = Math.min(indent, text.length - text.trimStart().length);
      body.push(text.slice(strip));
    }
    blocks.push({ heading, section, lang: fence[2] ?? "", code: body.join("\n") });
  }
  return blocks;
}
