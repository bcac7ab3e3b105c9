// Operator CLI for local accounts (AUTH_MODE=local): `npm run users -- <command>`.
//   add <email> --name <name> --role viewer|operator|admin   password from stdin, or generated and printed
//   set-password <email>                                      same password rules as add
//   set-role <email> <role>                                   ends that person's open sessions
//   remove <email>
//   list
// It reads the same settings as the dashboard (DATA_DIR, INCIDENT_STORE, AUTH_SECRET, ...): the environment
// and the project's .env files, loaded the same way as by `npm start`. Exit codes: 0 done, 1 error, 2 usage, 3 the account already exists.
import path from "node:path";
import { parseArgs } from "node:util";
import {
  type Account,
  AccountError,
  addAccount,
  generatePassword,
  listAccounts,
  removeAccount,
  setPassword,
  setRole,
} from "../lib/auth/accounts";
import { closeAuth, getAuth } from "../lib/auth/better-auth";
import { ROLES } from "../lib/auth/roles";
import { ConfigError, configSecrets, getConfig } from "../lib/config";
import { loadEnvFiles } from "../lib/config/env-files";
import { redactText } from "../lib/server/redact";

const USAGE = `usage: npm run users -- <command>
  add <email> --name <name> --role <${ROLES.join("|")}>   password from stdin, or generated and printed
  set-password <email>                                  password from stdin, or generated and printed
  set-role <email> <${ROLES.join("|")}>
  remove <email>
  list`;

class UsageError extends Error {}

function knownSecrets(): string[] {
  try {
    return configSecrets();
  } catch {
    return [];
  }
}

/** The password piped on stdin (first line), or undefined when stdin is a terminal or empty. */
async function passwordFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  const line = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  return line === "" ? undefined : line;
}

async function passwordToUse(): Promise<{ password: string; generated: boolean }> {
  const piped = await passwordFromStdin();
  return piped === undefined
    ? { password: generatePassword(), generated: true }
    : { password: piped, generated: false };
}

function describeAccount(account: Account): string {
  return `${account.email}  ${account.role}  ${account.name}`;
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: "string" }, role: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  loadEnvFiles(path.resolve(__dirname, ".."), { quiet: true });
  const mode = getConfig().auth.mode;
  if (mode !== "local") {
    throw new UsageError(
      `local accounts are only used when AUTH_MODE=local (it is ${mode}); set AUTH_MODE=local first`,
    );
  }
  const auth = await getAuth();
  switch (command) {
    case "add": {
      const [email] = rest;
      if (email === undefined || values.name === undefined || values.role === undefined || rest.length !== 1) {
        throw new UsageError("add needs <email> --name <name> --role <role>");
      }
      const { password, generated } = await passwordToUse();
      const account = await addAccount(auth, { email, name: values.name, role: values.role, password });
      console.log(`added ${describeAccount(account)}`);
      if (generated) console.log(`password: ${password}`);
      return 0;
    }
    case "set-password": {
      const [email] = rest;
      if (email === undefined || rest.length !== 1) throw new UsageError("set-password needs <email>");
      const { password, generated } = await passwordToUse();
      const account = await setPassword(auth, email, password);
      console.log(`new password set for ${account.email}; their open sessions have ended`);
      if (generated) console.log(`password: ${password}`);
      return 0;
    }
    case "set-role": {
      const [email, role] = rest;
      if (email === undefined || role === undefined || rest.length !== 2) {
        throw new UsageError("set-role needs <email> <role>");
      }
      const account = await setRole(auth, email, role);
      console.log(`${account.email} is now ${account.role}; their open sessions have ended`);
      return 0;
    }
    case "remove": {
      const [email] = rest;
      if (email === undefined || rest.length !== 1) throw new UsageError("remove needs <email>");
      const account = await removeAccount(auth, email);
      console.log(`removed ${account.email}`);
      return 0;
    }
    case "list": {
      const accounts = await listAccounts(auth);
      if (accounts.length === 0)
        console.log("no accounts yet: npm run users -- add <email> --name <name> --role admin");
      for (const account of accounts) console.log(describeAccount(account));
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function main(): Promise<void> {
  let code: number;
  try {
    code = await run(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      code = 2;
    } else if (error instanceof AccountError) {
      console.error(error.message);
      code = error.code === "exists" ? 3 : 1;
    } else if (error instanceof ConfigError) {
      console.error(error.message);
      code = 1;
    } else if (error instanceof Error && error.name === "TypeError" && "code" in error) {
      // parseArgs: an unknown option or a missing value.
      console.error(`${error.message}\n\n${USAGE}`);
      code = 2;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`users: ${redactText(message, knownSecrets())}`);
      code = 1;
    }
  } finally {
    await closeAuth().catch(() => undefined);
  }
  process.exit(code);
}

void main();
