// Number formatting for verdict headlines: "42 %", "1.2 s", "1.5 MB", "20 000".

/** Rounds to at most `decimals` places and drops trailing zeros: 6.20 → "6.2", 42.0 → "42". */
export function formatNumber(value: number, decimals = 1): string {
  if (Number.isNaN(value)) return "n/a";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  const fixed = value.toFixed(decimals);
  const trimmed = fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
  return trimmed === "-0" ? "0" : trimmed;
}

/**
 * Integer with thousands grouped by spaces from five digits on ("20 000", but "1000"),
 * the ISO 31-0 convention, so "1000:1" reads as one number.
 */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return formatNumber(value);
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded));
  const sign = rounded < 0 ? "-" : "";
  if (digits.length < 5) return `${sign}${digits}`;
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/**
 * A percentage (already ×100) with one decimal, two below 1 %. Values just under 100 or
 * just over 0 are never rounded onto the boundary: "100 %" or "0 %" would hide a problem.
 */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return `${formatNumber(percent)} %`;
  const decimals = Math.abs(percent) < 1 ? 2 : 1;
  const text = formatNumber(percent, decimals);
  const shown = Number(text);
  if (percent < 100 && shown >= 100) return "> 99.9 %";
  if (percent > 0 && shown === 0) return "< 0.01 %";
  return `${text} %`;
}

/** A ratio in [0, 1] as a percentage: 0.062 → "6.2 %". */
export function formatRatio(ratio: number): string {
  return formatPercent(ratio * 100);
}

/** A duration in seconds, in the unit a person would say: "350 ms", "1.2 s", "2 min 5 s". */
export function formatSeconds(seconds: number): string {
  if (Number.isNaN(seconds)) return "n/a";
  if (!Number.isFinite(seconds)) return formatNumber(seconds);
  const sign = seconds < 0 ? "-" : "";
  const s = Math.abs(seconds);
  if (s === 0) return "0 s";
  if (s < 0.001) return `${sign}${formatNumber(s * 1e6, 0)} µs`;
  if (s < 1) {
    const ms = s * 1000;
    // Below 1 s the decimal only matters for single-digit milliseconds.
    const text = formatNumber(ms, ms < 10 ? 1 : 0);
    if (text !== "1000") return `${sign}${text} ms`;
  }
  if (s < 60) {
    const text = formatNumber(s, 1);
    if (text !== "60") return `${sign}${text} s`;
  }
  const totalSeconds = Math.round(s);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const rest = totalSeconds % 60;
    return `${sign}${minutes} min${rest ? ` ${rest} s` : ""}`;
  }
  const totalMinutes = Math.round(totalSeconds / 60);
  if (totalMinutes < 24 * 60) {
    const hours = Math.floor(totalMinutes / 60);
    const rest = totalMinutes % 60;
    return `${sign}${hours} h${rest ? ` ${rest} min` : ""}`;
  }
  const totalHours = Math.round(totalMinutes / 60);
  const days = Math.floor(totalHours / 24);
  const rest = totalHours % 24;
  return `${sign}${days} d${rest ? ` ${rest} h` : ""}`;
}

/** A duration in milliseconds: 1200 → "1.2 s". */
export function formatMillis(ms: number): string {
  return formatSeconds(ms / 1000);
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/**
 * Bytes in binary multiples labelled KB/MB/GB, the way Redis counts them (`maxmemory 2gb`
 * is 2 × 1024³ bytes), so our figures match what redis-cli shows.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return formatNumber(bytes);
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${sign}${formatNumber(value, unit === 0 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

/** Shortens text for a table cell or headline, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** "1 operation", "3 operations". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/**
 * A verdict figure for a person, in its unit: bytes as "256 MB", seconds as "297 ms", percentages with one
 * decimal, counts grouped; never float noise like "0.2965000000000003 s". Text values are shown as they are.
 */
export function formatFigureValue(value: string | number | null | undefined, unit?: string): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return unit ? `${value} ${unit}` : value;
  switch (unit) {
    case "B":
      return formatBytes(value);
    case "s":
      return formatSeconds(value);
    case "ms":
      return formatMillis(value);
    case "%":
      return formatPercent(value);
    case undefined:
    case "":
      return Number.isInteger(value) ? formatCount(value) : formatNumber(value, 3);
    default:
      return `${Number.isInteger(value) ? formatCount(value) : formatNumber(value, 3)} ${unit}`;
  }
}
