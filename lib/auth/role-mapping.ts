// Turns an identity provider's group list (OIDC groups claim, oauth2-proxy groups header) into a role.
import type { Role } from "./roles";

export interface GroupRoles {
  adminGroups: readonly string[];
  operatorGroups: readonly string[];
}

/**
 * The claim or header value as a list of group names. Claims are arrays or one string; headers
 * (oauth2-proxy's X-Forwarded-Groups) are comma-separated. Anything else counts as no groups.
 */
export function groupList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [];
  return items
    .filter((g): g is string => typeof g === "string")
    .map((g) => g.trim())
    .filter((g) => g !== "");
}

/** The most privileged role any group grants; viewer when none matches (least privilege by default). */
export function roleFromGroups(groups: unknown, mapping: GroupRoles): Role {
  const names = new Set(groupList(groups));
  if (mapping.adminGroups.some((g) => names.has(g))) return "admin";
  if (mapping.operatorGroups.some((g) => names.has(g))) return "operator";
  return "viewer";
}
