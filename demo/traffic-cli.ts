// Entry point of the traffic generator process: `tsx demo/traffic-cli.ts`, stopped by SIGTERM/SIGINT.
import { demoConfigFromProcess } from "./config";
import { startTraffic } from "./traffic";

function main(): void {
  const config = demoConfigFromProcess();
  const traffic = startTraffic({
    baseUrl: config.demoUrl,
    rps: config.trafficRps,
    concurrency: config.trafficConcurrency,
  });
  process.stdout.write(
    `traffic: ${config.trafficRps} req/s to ${config.demoUrl}, at most ${config.trafficConcurrency} in flight\n`,
  );
  const report = setInterval(() => {
    const s = traffic.stats();
    process.stdout.write(
      `${new Date().toISOString()} traffic sent=${s.sent} skipped=${s.skipped} network_errors=${s.networkErrors} in_flight=${s.inFlight} status=${JSON.stringify(s.byStatus)}\n`,
    );
  }, 30_000);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearInterval(report);
    setTimeout(() => process.exit(1), 5000).unref();
    traffic.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
