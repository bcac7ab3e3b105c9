// Renders text with the words a search matched wrapped in <mark> (the pieces come from the search engine).
import type { TextPiece } from "@/lib/search/highlight";

export function HighlightedText({ pieces }: { pieces: readonly TextPiece[] }) {
  return (
    <>
      {pieces.map((piece, i) =>
        piece.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional and never reorder
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-inherit dark:bg-amber-500/40">
            {piece.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional and never reorder
          <span key={i}>{piece.text}</span>
        ),
      )}
    </>
  );
}
