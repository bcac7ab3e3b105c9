// Splits one fenced code block of the guide into titled steps: a "# comment" line (or SQL's "-- comment", or
// JavaScript's "// comment" in a javascript/js/mongosh block) and the command lines under it.

export interface CodeBlockStep {
  /** The comment text without "#" or "--", or the first command when the block opens without a comment. */
  title: string;
  /** The step's command lines, dedented, continuation lines joined, blank lines dropped. */
  commands: string[];
  /** The step's lines (comments, commands, inner blank lines) exactly as in the block, dedented. */
  source: string;
}

const COMMENT = /^(?:#+|--|\/\/+)\s?(.*)$/;

/** Fences whose language is JavaScript (a Mongo shell's): there "// …" is a comment line. */
const SLASH_COMMENT_LANGS = new Set(["javascript", "js", "mongo", "mongosh", "mongodb", "typescript", "ts"]);

function slashComments(lang: string | undefined): boolean {
  return lang !== undefined && SLASH_COMMENT_LANGS.has(lang.trim().toLowerCase());
}

export function isBlankLine(line: string): boolean {
  return line.trim() === "";
}

/**
 * "# …" (shell) or "-- …" (SQL): a line starting with "--" and a space is never a command in either.
 * In a block of `lang` javascript/js/mongosh, "// …" too.
 */
export function isCommentLine(line: string, lang?: string): boolean {
  const start = line.trimStart();
  return start.startsWith("#") || /^--(?:\s|$)/.test(start) || (slashComments(lang) && start.startsWith("//"));
}

/** Whether a line would be a command at all: not blank and not a comment (of the block's `lang`). */
export function isCommandLine(line: string, lang?: string): boolean {
  return !isBlankLine(line) && !isCommentLine(line, lang);
}

function dedent(lines: string[]): string[] {
  let indent = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (isBlankLine(line)) continue;
    const width = line.length - line.trimStart().length;
    if (width < indent) indent = width;
  }
  if (!Number.isFinite(indent) || indent === 0) return lines.map((line) => (isBlankLine(line) ? "" : line));
  return lines.map((line) => (isBlankLine(line) ? "" : line.slice(indent)));
}

/** An odd number of trailing backslashes continues the line (POSIX line continuation). */
function continues(line: string): boolean {
  const trailing = /\\+$/.exec(line);
  return trailing !== null && trailing[0].length % 2 === 1;
}

export function splitSteps(code: string, lang?: string): CodeBlockStep[] {
  const lines = dedent(code.replace(/\r\n?/g, "\n").split("\n"));
  const steps: { title: string; commands: string[]; sourceLines: string[]; pendingBlank: number }[] = [];

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? "";
    const current = steps[steps.length - 1];

    if (isBlankLine(line)) {
      if (current !== undefined) current.pendingBlank += 1;
      continue;
    }

    if (isCommentLine(line, lang)) {
      const title = (COMMENT.exec(line.trim())?.[1] ?? "").trim();
      // Adjacent comment lines before any command belong to one step; the first names it.
      if (current !== undefined && current.commands.length === 0 && current.pendingBlank === 0) {
        current.sourceLines.push(line);
        continue;
      }
      steps.push({ title, commands: [], sourceLines: [line], pendingBlank: 0 });
      continue;
    }

    // Join backslash-continued lines the way a shell would: drop the backslash and the newline.
    let command = line;
    const raw = [line];
    while (continues(command) && i + 1 < lines.length) {
      i += 1;
      const next = lines[i] ?? "";
      raw.push(next);
      command = command.slice(0, -1) + next;
    }

    const step = current ?? { title: command.trim(), commands: [], sourceLines: [], pendingBlank: 0 };
    if (current === undefined) steps.push(step);
    step.sourceLines.push(...Array<string>(step.pendingBlank).fill(""), ...raw);
    step.pendingBlank = 0;
    step.commands.push(command.trimEnd());
  }

  return steps
    .filter((step) => step.commands.length > 0)
    .map((step) => ({ title: step.title, commands: step.commands, source: step.sourceLines.join("\n") }));
}
