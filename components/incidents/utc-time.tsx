// A time as operators read it across time zones: "2026-11-28 19:25 UTC", with the exact instant in dateTime.

export function formatUtc(iso: string, seconds = false): string {
  return `${iso.slice(0, seconds ? 19 : 16).replace("T", " ")} UTC`;
}

export function UtcTime({ iso, seconds = false }: { iso: string; seconds?: boolean }) {
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {formatUtc(iso, seconds)}
    </time>
  );
}
