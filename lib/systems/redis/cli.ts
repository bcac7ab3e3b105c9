// The redis-cli line equivalent to a Redis operation, for operators to copy (never executed by us).
import { grepSuffix, shellQuote } from "../../commands/tokenize";
import type { RedisOperation } from "./operation";

export function redisCli(operation: RedisOperation): string {
  const command = operation.command === "READ" ? [] : [operation.command];
  const words = [...command, ...operation.args.map(shellQuote)].join(" ");
  return `redis-cli ${words}${grepSuffix(operation.grep, operation.grepIgnoreCase)}`;
}
