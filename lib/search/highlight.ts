// Splits text into plain and matched pieces, so the words a search matched can be wrapped in <mark>.
import { processTerm } from "./options";

export interface TextPiece {
  text: string;
  match: boolean;
}

const SPLIT_KEEPING_SEPARATORS = /([\n\r\p{Z}\p{P}\p{S}]+)/u;

/** A word is matched when it processes (lowercase, singular) to one of the document terms the search matched. */
export function highlightPieces(text: string, matchedTerms: readonly string[]): TextPiece[] {
  const terms = new Set(matchedTerms);
  const pieces: TextPiece[] = [];
  for (const part of text.split(SPLIT_KEEPING_SEPARATORS)) {
    if (!part) continue;
    const processed = SPLIT_KEEPING_SEPARATORS.test(part) ? null : processTerm(part);
    const match = processed !== null && terms.has(processed);
    const last = pieces[pieces.length - 1];
    if (last && last.match === match) last.text += part;
    else pieces.push({ text: part, match });
  }
  return joinMarkedRuns(pieces);
}

/** "Hit" " " "Rate" → one marked "Hit Rate": a phrase reads better as one mark than as two. */
function joinMarkedRuns(pieces: TextPiece[]): TextPiece[] {
  const out: TextPiece[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (!piece) continue;
    const prev = out[out.length - 1];
    const next = pieces[i + 1];
    if (prev?.match && !piece.match && /^[ \t]+$/.test(piece.text) && next?.match) {
      prev.text += piece.text + next.text;
      i++;
      continue;
    }
    out.push({ ...piece });
  }
  return out;
}

/** True when any word of `text` is one of the matched terms. */
export function mentionsAny(text: string, matchedTerms: readonly string[]): boolean {
  return highlightPieces(text, matchedTerms).some((p) => p.match);
}
