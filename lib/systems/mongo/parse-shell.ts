// Parses `mongosh [address] --eval '<script>'` lines: the script is MongoDB's, the address is ignored.
import type { ShellWord } from "../../commands/tokenize";
import type { ShellParser } from "../core/adapter";
import { manual } from "../core/parsed";
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
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (word === undefined) break;
    if (word.value === "--eval") {
      i += 1;
      script = words[i];
    } else if (MONGOSH_OPTIONS_WITH_VALUE.has(word.value)) {
      i += 1;
    } else if (MONGOSH_FLAGS.has(word.value)) {
      // Output formatting only.
    } else if (word.value.startsWith("-")) {
      return manual(`mongosh option ${word.value} is not run live`, line);
    } else if (positional === 0) {
      positional += 1; // connection string or database name: the target comes from config
    } else {
      return manual("mongosh with more than one address or a script file", line);
    }
  }
  if (script === undefined) return manual("mongosh without --eval opens an interactive shell", line);
  if (script.expands) return manual("the --eval script uses shell expansion ($…); quote it with single quotes", line);
  return parseMongoExpression(script.value, line, context);
};
