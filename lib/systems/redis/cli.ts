// The redis-cli line equivalent to a Redis operation, for operators to copy (never executed by us).
import { grepSuffix, shellQuote } from "../../commands/tokenize";
import type { RedisOperation } from "./operation";

export function redisCli(operation: RedisOperation): string {
  const command = operation.command === "READ" ? [] : [operation.command];
  const words = [...command, ...operation.args.map(shellQuote)].join(" ");
  const target = operation.target
    ? `-h ${shellQuote(operation.target.name)} ${operation.target.port ? `-p ${operation.target.port} ` : ""}`
    : "";
  return `redis-cli ${target}${words}${grepSuffix(operation.grep, operation.grepIgnoreCase)}`;
}
