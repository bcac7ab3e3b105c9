// The sign-in library (better-auth) configured from lib/config/: local accounts and OIDC single sign-on,
// sessions kept in SQLite (DATA_DIR/auth.sqlite) or, with INCIDENT_STORE=mongo, in the incidents MongoDB
// database so every instance sees the same sessions. No "server-only" here: scripts/users.ts uses it too.
import fs from "node:fs";
import path from "node:path";
import { betterAuth } from "better-auth";
import { mongodbAdapter } from "better-auth/adapters/mongodb";
import { getMigrations } from "better-auth/db/migration";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import Database from "better-sqlite3";
import { type AppConfig, configSecrets, getConfig } from "../config";
import { clientCache } from "../server/cached-client";
import { openStoreDatabase } from "../server/mongo-client";
import { PEER_HEADER } from "../server/peer-header";
import { redactText } from "../server/redact";
import { roleFromGroups } from "./role-mapping";
import { isRole, type Role } from "./roles";

/** The provider id of the configured OpenID Connect issuer (callback path /api/auth/callback/oidc). */
export const OIDC_PROVIDER_ID = "oidc";

/** Minimum length for local passwords; the users CLI generates longer ones. */
export const MIN_PASSWORD_LENGTH = 12;

// The tables / collections carry an auth_ prefix so they never clash with the incident store's.
const MODEL_NAMES = {
  user: "auth_user",
  session: "auth_session",
  account: "auth_account",
  verification: "auth_verification",
} as const;

interface Storage {
  database: Database.Database | ReturnType<typeof mongodbAdapter>;
  /** Creates tables or indexes on first use; no manual migration step. */
  prepare: (options: Parameters<typeof getMigrations>[0]) => Promise<void>;
  close: () => Promise<void>;
}

function sqliteStorage(config: AppConfig): Storage {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, "auth.sqlite");
  // Password hashes and session tokens: readable by this user only (SQLite gives -wal/-shm the same mode).
  fs.closeSync(fs.openSync(file, "a", 0o600));
  fs.chmodSync(file, 0o600);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  return {
    database: db,
    prepare: async (options) => {
      const { runMigrations } = await getMigrations(options);
      await runMigrations();
    },
    close: async () => {
      db.close();
    },
  };
}

async function mongoStorage(config: AppConfig): Promise<Storage> {
  const url = config.incidentsMongodbUrl;
  if (url === undefined) throw new Error("INCIDENTS_MONGODB_URL must be set when INCIDENT_STORE=mongo");
  // The same client (and deadlines) as the incident store and the audit trail in that database.
  const lease = await openStoreDatabase(url, config.incidentsMongodbDatabase);
  const { client, db } = lease;
  return {
    // FerretDB and standalone MongoDB have no multi-document transactions.
    database: mongodbAdapter(db, { client, transaction: false }),
    // The adapter creates its own indexes (unique session token and e-mail); a ping fails fast when it is down.
    prepare: async () => {
      await db.command({ ping: 1 });
    },
    close: () => lease.release(),
  };
}

/**
 * Roles decided by the groups claim during an OIDC callback, by e-mail, until the session that callback
 * creates picks them up. The role field takes no user input, so it cannot come from the profile mapping.
 */
const pendingOidcRoles = new Map<string, Role>();

function rememberOidcRole(email: string, role: Role): void {
  if (pendingOidcRoles.size > 1000) pendingOidcRoles.clear();
  pendingOidcRoles.set(email.toLowerCase(), role);
}

/**
 * Without PUBLIC_URL, the origin a sign-in may come from is the address the request was sent to (its Host),
 * as Next's own server-action check does: a page on another site cannot make a browser send our Host.
 */
function sameHostOrigins(request?: Request): string[] {
  const host = request?.headers.get("host");
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) return [];
  return [`http://${host}`, `https://${host}`];
}

function buildAuth(config: AppConfig, storage: Storage) {
  const { auth } = config;
  const oidc = auth.oidc;
  const oidcEnabled = auth.mode === "oidc" && oidc.issuer !== undefined && oidc.clientId !== undefined;
  const secrets = configSecrets(config);
  return betterAuth({
    appName: "Runbooks",
    secret: auth.secret,
    ...(auth.publicUrl === undefined
      ? { trustedOrigins: sameHostOrigins }
      : { baseURL: auth.publicUrl, trustedOrigins: [auth.publicUrl] }),
    basePath: "/api/auth",
    database: storage.database,
    telemetry: { enabled: false },
    logger: {
      level: "warn",
      log: (level, message) => {
        // Without PUBLIC_URL the origin comes from each request on purpose (any address the server answers on).
        if (auth.publicUrl === undefined && message.includes("Base URL is not set")) return;
        const line = `[runbook-dashboard] sign-in (${level}): ${redactText(message, secrets)}`;
        if (level === "error") console.error(line);
        else console.warn(line);
      },
    },
    user: {
      modelName: MODEL_NAMES.user,
      additionalFields: {
        // input: false — no sign-up, profile update or identity-provider profile can set it.
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
      },
    },
    session: { modelName: MODEL_NAMES.session },
    account: { modelName: MODEL_NAMES.account },
    verification: { modelName: MODEL_NAMES.verification },
    emailAndPassword: {
      enabled: auth.mode === "local",
      // Accounts come from the operator CLI (scripts/users.ts), never from the public.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 256,
    },
    // Only the endpoints the sign-in page and the user menu need are reachable.
    disabledPaths: ["/sign-up/email", "/update-user", "/change-email", "/delete-user", "/link-social"],
    rateLimit: {
      enabled: true,
      // Instances sharing a MongoDB share the sign-in attempt counters too.
      storage: config.incidentStore === "mongo" ? "database" : "memory",
      modelName: "auth_rate_limit",
      window: 60,
      max: 100,
      // Per peer address: password guessing is slowed; SSO redirects (no secret typed here) get more room than
      // the library's default of 3 per 10 s.
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
        "/sign-in/social": { window: 60, max: 30 },
      },
    },
    advanced: {
      // server.ts sets this from the socket; a client's own copy is deleted first.
      ipAddress: { ipAddressHeaders: [PEER_HEADER] },
      cookiePrefix: "runbooks",
      // Secure cookies when people reach the dashboard over https (PUBLIC_URL says so); without PUBLIC_URL the
      // scheme is unknown and a Secure cookie would silently never come back over plain http.
      useSecureCookies: auth.publicUrl?.startsWith("https://") ?? false,
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session, ctx) => {
            // Generic OAuth providers sign in through the social routes (/callback/oidc) in better-auth 1.7.
            const path = ctx?.path ?? "";
            if (!ctx || (!path.startsWith("/callback/") && !path.startsWith("/oauth2/callback/"))) return;
            const user = await ctx.context.internalAdapter.findUserById(session.userId);
            const email = user?.email.toLowerCase() ?? "";
            // A callback whose mapping we did not see gets the least privilege, never a stale role.
            const role = pendingOidcRoles.get(email) ?? "viewer";
            pendingOidcRoles.delete(email);
            await ctx.context.internalAdapter.updateUser(session.userId, { role });
          },
        },
      },
    },
    plugins: oidcEnabled
      ? [
          genericOAuth({
            config: [
              {
                providerId: OIDC_PROVIDER_ID,
                name: oidc.displayName,
                discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
                requireIdTokenVerification: true,
                clientId: oidc.clientId ?? "",
                ...(oidc.clientSecret === undefined ? {} : { clientSecret: oidc.clientSecret }),
                scopes: ["openid", "profile", "email"],
                pkce: true,
                overrideUserInfo: true,
                mapProfileToUser: (profile) => {
                  const role = roleFromGroups(profile[oidc.groupsClaim], auth);
                  const email = typeof profile.email === "string" ? profile.email : "";
                  if (email !== "") rememberOidcRole(email, role);
                  const name =
                    typeof profile.name === "string" && profile.name !== ""
                      ? profile.name
                      : typeof profile.preferred_username === "string"
                        ? profile.preferred_username
                        : email;
                  return { name };
                },
              },
            ],
          }),
        ]
      : [],
  });
}

export type AuthInstance = ReturnType<typeof buildAuth>;

interface Prepared {
  auth: AuthInstance;
  close: () => Promise<void>;
}

// One instance per process, kept across dev hot reloads (lib/server/cached-client.ts).
const authCache = clientCache<Promise<Prepared>>("auth");

/** Builds the instance and prepares its storage; one per process. */
export function getAuth(config: AppConfig = getConfig()): Promise<AuthInstance> {
  let prepared = authCache.peek("");
  if (prepared === undefined) {
    const opening = openAuth(config);
    prepared = opening;
    authCache.set("", opening);
    // A failed start (database down) is retried by the next caller rather than cached forever.
    opening.catch(() => void authCache.drop("", opening));
  }
  return prepared.then((p) => p.auth);
}

async function openAuth(config: AppConfig): Promise<Prepared> {
  if (config.auth.mode !== "local" && config.auth.mode !== "oidc") {
    throw new Error(`sign-in accounts are only used when AUTH_MODE is local or oidc (it is ${config.auth.mode})`);
  }
  const storage = config.incidentStore === "mongo" ? await mongoStorage(config) : sqliteStorage(config);
  try {
    const auth = buildAuth(config, storage);
    await storage.prepare(auth.options);
    return { auth, close: storage.close };
  } catch (error) {
    await storage.close().catch(() => undefined);
    throw error;
  }
}

/** Closes the database behind the instance (CLI exit, tests). */
export async function closeAuth(): Promise<void> {
  const prepared = authCache.peek("");
  if (prepared === undefined) return;
  await authCache.drop("", prepared);
  const p = await prepared.catch(() => undefined);
  await p?.close();
}

/** A stored role value as a Role; anything unexpected reads as viewer. */
export function storedRole(value: unknown): Role {
  return isRole(value) ? value : "viewer";
}
