// Entry point of the demo API + external service process: `tsx demo/server.ts`, stopped by SIGTERM/SIGINT.
import { demoConfigFromProcess } from "./config";
import { startDemoService } from "./demo-service";

async function main(): Promise<void> {
  const config = demoConfigFromProcess();
  const service = await startDemoService(config);
  process.stdout.write(`demo-api ${service.apiUrl}  external-service ${service.externalUrl}  logs ${config.logDir}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`demo-api: ${signal}, switching faults off and stopping\n`);
    // Hard exit if a close step hangs: `demo-stack.sh down` must always end with the port free.
    setTimeout(() => process.exit(1), 15_000).unref();
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo-api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
