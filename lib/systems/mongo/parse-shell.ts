// Parses `mongosh [address] --eval '<script>'` lines: the script is MongoDB's; a host the address names is only
// a key into MONGODB_TARGETS (lib/systems/mongo/client.ts), never dialled itself.
import type { ShellWord } from "../../commands/tokenize";
import type { ShellParser } from "../core/adapter";
import { manual } from "../core/parsed";
import { mongoCli } from "./cli";
import type { MongoOperation } from "./operation";
import { parseMongoExpression } from "./parse";

// mongosh connection options are dropped: the MongoDB target comes from config, never from the guide's text.
const MONGOSH_OPTIONS_WITH_VALUE = new Set([
  "--host",
  "--port",
  "-u",
  "--username",
  "-p",
  "--password",
  "--authenticationDatabase",
  "--authenticationMechanism",
  "--tlsCAFile",
  "--tlsCertificateKeyFile",
]);
const MONGOSH_FLAGS = new Set(["--quiet", "--norc", "--tls", "--json", "--json=relaxed", "--json=canonical"]);

export const parseMongoShell: ShellParser<MongoOperation> = ({ args: words, line, context }) => {
  let script: ShellWord | undefined;
  let positional = 0;
  let host: string | undefined;
  let port: string | undefined;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (word === undefined) break;
    if (word.value === "--eval") {
      i += 1;
      script = words[i];
    } else if (MONGOSH_OPTIONS_WITH_VALUE.has(word.value)) {
      if (word.value === "--host") host = words[i + 1]?.value;
      if (word.value === "--port") port = words[i + 1]?.value;
      i += 1;
    } else if (MONGOSH_FLAGS.has(word.value)) {
      // Output formatting only.
    } else if (word.value.startsWith("-")) {
      return manual(`mongosh option ${word.value} is not run live`, line);
    } else if (positional === 0) {
      positional += 1; // a connection string names a server; a bare database name names none
      const named = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/,?]+)/i.exec(word.value)?.[1];
      if (named !== undefined) [host, port] = named.split(":");
    } else {
      return manual("mongosh with more than one address or a script file", line);
    }
  }
  if (script === undefined) return manual("mongosh without --eval opens an interactive shell", line);
  if (script.expands) return manual("the --eval script uses shell expansion ($…); quote it with single quotes", line);
  const parsed = parseMongoExpression(script.value, line, context);
  const target = namedServer(host, port);
  if (parsed.type !== "operation" || target === undefined) return parsed;
  const operation: MongoOperation = { ...parsed.operation, target };
  return { ...parsed, operation, cli: mongoCli(operation) };
};

/** A host name; none for localhost or an IP literal (MONGODB_URL, as before). */
function namedServer(host: string | undefined, port: string | undefined): MongoOperation["target"] {
  const name = host?.toLowerCase();
  if (
    name === undefined ||
    name === "localhost" ||
    /^[\d.]+$/.test(name) ||
    !/^[a-z0-9][a-z0-9._-]{0,252}$/.test(name)
  ) {
    return undefined;
  }
  return port !== undefined && /^\d{1,5}$/.test(port) ? { name, port } : { name };
}
