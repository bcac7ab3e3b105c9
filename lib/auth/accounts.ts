// Local accounts for AUTH_MODE=local, managed by the operator CLI (scripts/users.ts): the library hashes
// the passwords and stores them; nobody can sign up through the web.

import { randomBytes } from "node:crypto";
import { z } from "zod";
import { hasControlCharacters } from "../server/text";
import { type AuthInstance, MIN_PASSWORD_LENGTH, storedRole } from "./better-auth";
import { isRole, ROLES, type Role } from "./roles";

export interface Account {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

/** A mistake in what the operator typed or asked for; the CLI prints its message and exits non-zero. */
export class AccountError extends Error {
  constructor(
    message: string,
    readonly code: "invalid" | "exists" | "not-found" = "invalid",
  ) {
    super(message);
    this.name = "AccountError";
  }
}

const emailSchema = z.email();

function checkEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (!emailSchema.safeParse(normalized).success) throw new AccountError(`"${email}" is not an e-mail address`);
  return normalized;
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw new AccountError(`role must be one of ${ROLES.join(", ")}, got "${role}"`);
  return role;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AccountError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > 256) throw new AccountError("the password must be at most 256 characters");
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > 100 || hasControlCharacters(trimmed)) {
    throw new AccountError("the name must be 1-100 characters without control characters");
  }
  return trimmed;
}

/** 24 random characters from a 62-letter alphabet (about 143 bits). */
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  let out = "";
  while (out.length < 24) {
    for (const byte of randomBytes(32)) {
      // Rejection sampling keeps every letter equally likely.
      if (byte < 256 - (256 % alphabet.length) && out.length < 24) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

function toAccount(
  user: { id: string; email: string; name: string; createdAt: Date } & Record<string, unknown>,
): Account {
  return { id: user.id, email: user.email, name: user.name, role: storedRole(user.role), createdAt: user.createdAt };
}

async function findByEmail(auth: AuthInstance, email: string) {
  const ctx = await auth.$context;
  const found = await ctx.internalAdapter.findUserByEmail(checkEmail(email));
  if (found === null) throw new AccountError(`no account for ${email}`, "not-found");
  return { ctx, user: found.user };
}

export interface NewAccount {
  email: string;
  name: string;
  role: string;
  password: string;
}

/** Creates a user with a credential account whose password the library hashes. */
export async function addAccount(auth: AuthInstance, input: NewAccount): Promise<Account> {
  const email = checkEmail(input.email);
  const name = checkName(input.name);
  const role = checkRole(input.role);
  checkPassword(input.password);
  const ctx = await auth.$context;
  if ((await ctx.internalAdapter.findUserByEmail(email)) !== null) {
    throw new AccountError(`an account for ${email} already exists`, "exists");
  }
  const hash = await ctx.password.hash(input.password);
  const user = await ctx.internalAdapter.createUser(
    { email, name, role, emailVerified: true },
    { method: "email-password" },
  );
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: hash,
  });
  return toAccount(user);
}

export async function listAccounts(auth: AuthInstance): Promise<Account[]> {
  const ctx = await auth.$context;
  const users = await ctx.internalAdapter.listUsers(10_000, 0, { field: "email", direction: "asc" });
  return users.map(toAccount);
}

/** Changes a role; the person's open sessions end so the new role applies from their next sign-in. */
export async function setRole(auth: AuthInstance, email: string, role: string): Promise<Account> {
  const checked = checkRole(role);
  const { ctx, user } = await findByEmail(auth, email);
  const updated = await ctx.internalAdapter.updateUser(user.id, { role: checked });
  await ctx.internalAdapter.deleteUserSessions(user.id);
  return toAccount(updated);
}

/** Replaces the password (hashed by the library) and ends every open session of that account. */
export async function setPassword(auth: AuthInstance, email: string, password: string): Promise<Account> {
  checkPassword(password);
  const { ctx, user } = await findByEmail(auth, email);
  const hash = await ctx.password.hash(password);
  const credential = await ctx.internalAdapter.findCredentialAccount(user.id);
  if (credential === null) {
    await ctx.internalAdapter.linkAccount({
      userId: user.id,
      providerId: "credential",
      accountId: user.id,
      password: hash,
    });
  } else {
    await ctx.internalAdapter.updatePassword(user.id, hash);
  }
  await ctx.internalAdapter.deleteUserSessions(user.id);
  return toAccount(user);
}

/** Deletes the account, its sign-in methods and its sessions. */
export async function removeAccount(auth: AuthInstance, email: string): Promise<Account> {
  const { ctx, user } = await findByEmail(auth, email);
  await ctx.internalAdapter.deleteUserSessions(user.id);
  await ctx.internalAdapter.deleteAccounts(user.id);
  await ctx.internalAdapter.deleteUser(user.id);
  return toAccount(user);
}
