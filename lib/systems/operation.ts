// Every typed operation a guide command line can turn into: the union of each system's own operations.
// Nothing here is ever passed to a shell.
import type { ParsedCommand as ParsedCommandOf } from "./core/parsed";
import type { HttpOperation } from "./http/operation";
import type { LocalOperation } from "./local/operation";
import type { MongoOperation } from "./mongo/operation";
import type { PostgresOperation } from "./postgres/operation";
import type { PrometheusOperation } from "./prometheus/operation";
import type { RedisOperation } from "./redis/operation";

export type { HttpTarget } from "../http/target-get";
export type { ParamSpec } from "./core/params";
export type { OperationStep, Remediation } from "./core/parsed";
export type { MongoReadOp } from "./mongo/operation";
export type { RedisReadCommand } from "./redis/operation";

export type Operation =
  | RedisOperation
  | MongoOperation
  | HttpOperation
  | PrometheusOperation
  | LocalOperation
  | PostgresOperation;

export type OperationKind = Operation["kind"];

export type ParsedCommand = ParsedCommandOf<Operation>;
