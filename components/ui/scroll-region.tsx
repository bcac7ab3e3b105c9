// A horizontally scrollable area (a wide table) as a labelled, focusable region, so keyboard users can
// reach and scroll it (axe: scrollable-region-focusable) and screen readers hear what it holds.
import type { ReactNode } from "react";

export function ScrollRegion({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
      aria-label={label}
      className={`overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 ${className ?? ""}`}
    >
      {children}
    </section>
  );
}
