// The three roles, from least to most privileged, and what each may do.

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * What a request may do. `read` covers runbooks, incidents and alerts; the rest are the verbs
 * the issue names: operators run diagnostics and write incidents, admins remediate and read the audit trail.
 */
export type Permission = "read" | "run-diagnostics" | "write-incidents" | "remediate" | "read-audit";

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ["read"],
  operator: ["read", "run-diagnostics", "write-incidents"],
  admin: ["read", "run-diagnostics", "write-incidents", "remediate", "read-audit"],
};

export function roleGrants(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
