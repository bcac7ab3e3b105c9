// Runs the guide's local views: log tail, deployment history, environment, config file, host snapshot.
import "server-only";
import {
  analyzeConfigFile,
  analyzeEnv,
  analyzeGitLog,
  analyzeHostResources,
  analyzeListeningSockets,
  analyzeLogTail,
} from "../checks/host-and-files";
import type { Operation } from "../commands/operation";
import { envWithPrefix, readConfigFile, tailLog } from "../targets/files";
import { gitLog } from "../targets/git";
import { systemNetwork, systemResources } from "../targets/system";
import { asJson, type OperationOutcome } from "./outcome";

type LocalOperation = Extract<Operation, { kind: "log-tail" | "git-log" | "env" | "config-file" | "system" }>;

const TAIL_LINES = 200;

export async function runLocal(operation: LocalOperation): Promise<OperationOutcome> {
  switch (operation.kind) {
    case "log-tail": {
      const tail = await tailLog(operation.file, TAIL_LINES);
      const verdict = analyzeLogTail({
        guidePath: operation.file,
        lines: tail.lines,
        modifiedAt: tail.modifiedAt,
        nowMs: Date.now(),
      });
      return { verdict, raw: tail.lines.join("\n") };
    }
    case "git-log": {
      const log = await gitLog(operation.since);
      const raw = log.commits.map((c) => `${c.hash.slice(0, 10)} ${c.date} ${c.author}  ${c.subject}`).join("\n");
      return { verdict: analyzeGitLog(log), raw };
    }
    case "env": {
      const view = await envWithPrefix(operation.prefix);
      return { verdict: analyzeEnv(view), raw: view.variables.map((v) => `${v.name}=${v.value}`).join("\n") };
    }
    case "config-file": {
      const view = await readConfigFile(operation.file);
      return { verdict: analyzeConfigFile(view), raw: view.text };
    }
    case "system": {
      if (operation.what === "network") {
        const network = await systemNetwork();
        return {
          verdict: analyzeListeningSockets({ listening: network.listening, note: network.host.note }),
          raw: asJson(network),
        };
      }
      const resources = await systemResources();
      const verdict = analyzeHostResources({
        cpuPercent: resources.cpu.currentLoadPercent,
        cores: resources.cpu.cores,
        loadAverage: resources.loadAverage,
        memory: resources.memory,
        topProcesses: resources.topProcesses,
        note: resources.host.note,
      });
      return { verdict, raw: asJson(resources) };
    }
  }
}
