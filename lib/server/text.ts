// Control characters and untrusted text: the one place that decides what counts as a control character,
// whether text may carry one, and how text is made safe to keep or show (replaced, encoded, capped).
// Pure and browser-safe: names, headers, notes, alert labels and audit fields all pass through here.

/** C0 controls (U+0000–U+001F) and DEL: CR/LF, ANSI escapes, NUL. */
function isC0OrDel(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

/** Tab, line feed and carriage return: the control characters multi-line text (a note) may keep. */
function isLineBreakOrTab(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d;
}

export interface ControlCheckOptions {
  /** Tab, LF and CR are allowed (multi-line text such as a note); every other control still is not. */
  allowLineBreaks?: boolean;
}

/** True when the text contains a C0 control character or DEL (e.g. CR/LF, ANSI escapes). */
export function hasControlCharacters(text: string, options: ControlCheckOptions = {}): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isC0OrDel(code) && !(options.allowLineBreaks && isLineBreakOrTab(code))) return true;
  }
  return false;
}

/** Each C0 control character and DEL replaced by `replacement` ("?" to show a value, " " to flatten a line). */
export function replaceControlCharacters(text: string, replacement: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += isC0OrDel(code) ? replacement : text[i];
  }
  return out;
}

/** One line of at most `max` characters: controls and runs of whitespace become one space, "…" when cut. */
export function oneLine(text: string, max: number): string {
  const flat = replaceControlCharacters(text, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const NAMED_ESCAPES: Record<number, string> = { 9: "\\t", 10: "\\n", 13: "\\r", 27: "\\x1b" };

/**
 * Characters that could forge a second log line, colour or move a terminal's cursor, or reorder what a
 * reader sees: C0 and C1 controls, DEL, Unicode line/paragraph separators, bidi controls, lone surrogates.
 */
function needsEncoding(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** `a\nb` → `a\\nb`, ESC → `\\x1b`, U+2028 → `\\u2028`: one visible line, no terminal control. */
export function encodeControlCharacters(text: string): string {
  let out = "";
  // for…of walks code points, so a lone surrogate arrives alone (and is encoded) while pairs stay whole.
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (!needsEncoding(code)) {
      out += ch;
      continue;
    }
    out +=
      NAMED_ESCAPES[code] ??
      (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
  }
  return out;
}

/** Cuts to `max` units with a visible marker, never splitting a surrogate pair. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = ` …[cut ${text.length - max}+ chars]`;
  let end = Math.max(0, max - marker.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + marker;
}
