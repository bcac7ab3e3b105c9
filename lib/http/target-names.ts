// What parsing, labels and copyable lines may know about named HTTP targets without reading config (no server-only).

/** Prometheus's read API: a path under /api/v1/, never the admin API (/api/v1/admin/…: snapshots, deleting series). */
export function isPrometheusReadPath(path: string): boolean {
  const pathname = path.split("?", 1)[0] ?? "";
  return pathname.startsWith("/api/v1/") && !pathname.startsWith("/api/v1/admin/");
}

/** The variable a named target's base URL stands as in copyable commands: prom-eu → PROM_EU_URL. */
export function namedTargetEnvVar(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_URL`;
}
