// Names, headers and return paths reach pages and logs; a control character in one is never legitimate.

/** True when the text contains C0 control characters or DEL (e.g. CR/LF, ANSI escapes). */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
