// Who may use the dashboard and how they prove it (see lib/auth).
import { z } from "zod";
import {
  HTTP,
  nameListField,
  oneOf,
  optionalText,
  secretField,
  splitList,
  textField,
  trimSlashOrUndefined,
  urlField,
} from "./fields";

/** IPv4/IPv6 addresses or CIDR blocks, e.g. 127.0.0.1,10.0.0.0/8,::1. */
const proxyListField = optionalText.transform((v, ctx) => {
  if (v === undefined) return [];
  const out: string[] = [];
  for (const entry of splitList(v)) {
    const [address, bits, extra] = entry.split("/");
    const isV4 = address !== undefined && /^\d{1,3}(\.\d{1,3}){3}$/.test(address);
    const isV6 = address?.includes(":") && /^[0-9a-f:.]+$/i.test(address);
    const maxBits = isV4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if ((!isV4 && !isV6) || !bitsOk || extra !== undefined) {
      ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR block (e.g. 10.0.0.0/8)` });
      continue;
    }
    out.push(entry);
  }
  return out;
});

const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;

function headerNameField(fallback: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (!HEADER_NAME.test(v)) {
      ctx.addIssue({ code: "custom", message: `must be an HTTP header name (letters, digits, -), got "${v}"` });
      return fallback;
    }
    return v.toLowerCase();
  });
}

export const authConfig = z
  .object({
    AUTH_MODE: oneOf(["local", "oidc", "proxy", "none"] as const, "local"),
    AUTH_SECRET: secretField(32, "openssl rand -hex 32"),
    PUBLIC_URL: urlField(HTTP, "https://runbooks.example.com"),
    AUTH_TRUSTED_PROXIES: proxyListField,
    AUTH_PROXY_USER_HEADER: headerNameField("x-forwarded-user"),
    AUTH_PROXY_EMAIL_HEADER: headerNameField("x-forwarded-email"),
    AUTH_PROXY_GROUPS_HEADER: headerNameField("x-forwarded-groups"),
    AUTH_ADMIN_GROUPS: nameListField,
    AUTH_OPERATOR_GROUPS: nameListField,
    OIDC_ISSUER: urlField(HTTP, "https://login.example.com/realms/eng"),
    OIDC_CLIENT_ID: optionalText,
    OIDC_CLIENT_SECRET: secretField(8, "the client secret your identity provider issued"),
    OIDC_GROUPS_CLAIM: textField("groups"),
    OIDC_DISPLAY_NAME: textField("single sign-on"),
  })
  // Settings each sign-in mode cannot work without.
  .superRefine((e, ctx) => {
    const need = (variable: keyof typeof e, why: string) => {
      const value = e[variable];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) {
        ctx.addIssue({ code: "custom", path: [variable], message: why });
      }
    };
    if (e.AUTH_MODE === "local" || e.AUTH_MODE === "oidc") {
      need("AUTH_SECRET", `must be set when AUTH_MODE=${e.AUTH_MODE} (e.g. openssl rand -hex 32)`);
    }
    if (e.AUTH_MODE === "oidc") {
      need("OIDC_ISSUER", "must be set when AUTH_MODE=oidc");
      need("OIDC_CLIENT_ID", "must be set when AUTH_MODE=oidc");
      need("OIDC_CLIENT_SECRET", "must be set when AUTH_MODE=oidc");
      need("PUBLIC_URL", "must be set when AUTH_MODE=oidc (the identity provider redirects back to it)");
    }
    if (e.AUTH_MODE === "proxy") {
      need("AUTH_TRUSTED_PROXIES", "must list the proxy addresses when AUTH_MODE=proxy");
    }
  })
  .transform((e) => ({
    /** Who may use the dashboard and how they prove it (see lib/auth). */
    auth: {
      /** local accounts, OpenID Connect, trusted reverse-proxy headers, or none (loopback only, with a banner). */
      mode: e.AUTH_MODE,
      /** Signs and encrypts session cookies (AUTH_SECRET); required for local and oidc. */
      secret: e.AUTH_SECRET,
      /** The address people open the dashboard at (PUBLIC_URL), e.g. https://runbooks.example.com. */
      publicUrl: trimSlashOrUndefined(e.PUBLIC_URL),
      /** Peers whose identity headers are believed (AUTH_TRUSTED_PROXIES): IPs or CIDRs. */
      trustedProxies: Object.freeze(e.AUTH_TRUSTED_PROXIES),
      proxyUserHeader: e.AUTH_PROXY_USER_HEADER,
      proxyEmailHeader: e.AUTH_PROXY_EMAIL_HEADER,
      proxyGroupsHeader: e.AUTH_PROXY_GROUPS_HEADER,
      /** Group names (OIDC groups claim or proxy groups header) that make someone an admin / operator. */
      adminGroups: Object.freeze(e.AUTH_ADMIN_GROUPS),
      operatorGroups: Object.freeze(e.AUTH_OPERATOR_GROUPS),
      oidc: {
        issuer: trimSlashOrUndefined(e.OIDC_ISSUER),
        clientId: e.OIDC_CLIENT_ID,
        clientSecret: e.OIDC_CLIENT_SECRET,
        groupsClaim: e.OIDC_GROUPS_CLAIM,
        /** The sign-in button's text, e.g. "Okta". */
        displayName: e.OIDC_DISPLAY_NAME,
      },
    },
  }));

export type AuthConfig = z.output<typeof authConfig>["auth"];
export type AuthMode = AuthConfig["mode"];
