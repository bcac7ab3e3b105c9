// Runs the guide's local views: log tail, deployment history, environment, config file, host snapshot.
import "server-only";
import { windowSeconds } from "../../evidence/window";
import type { RunContext } from "../core/adapter";
import { asJson, type OperationOutcome } from "../core/outcome";
import {
  analyzeConfigFile,
  analyzeEnv,
  analyzeGitLog,
  analyzeHostResources,
  analyzeListeningSockets,
  analyzeLogTail,
} from "./checks";
import { envWithPrefix, readConfigFile, tailLog } from "./files";
import { gitLog } from "./git";
import { systemNetwork, systemResources } from "./host";
import type { LocalOperation } from "./operation";

const TAIL_LINES = 200;

export async function runLocal(operation: LocalOperation, context: RunContext): Promise<OperationOutcome> {
  switch (operation.kind) {
    case "log-tail": {
      const tail = await tailLog(operation.file, TAIL_LINES);
      const verdict = analyzeLogTail({
        guidePath: operation.file,
        lines: tail.lines,
        modifiedAt: tail.modifiedAt,
        nowMs: Date.now(),
        windowSeconds: windowSeconds(context.window),
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
