// The production server (`npm start`): Next's request handler behind a Node HTTP server that records each
// request's TCP peer in x-runbook-peer (after deleting any copy a client sent), so lib/auth can tell a
// trusted reverse proxy from anyone else. Next itself keeps a client-sent X-Forwarded-For, so it can't.
// In AUTH_MODE=none it listens on loopback only and refuses to start on any other address.
// Settings come from the environment and the project's .env files (Next's loader and precedence; exported
// variables win), read before anything is validated.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { isLoopbackAddress } from "./lib/auth/peer-address";
import { ConfigError, configSecrets, getConfig } from "./lib/config";
import { loadEnvFiles } from "./lib/config/env-files";
import { migrateStoresAtStart } from "./lib/operate/migrate-at-start";
import { PEER_HEADER } from "./lib/server/peer-header";
import { redactText } from "./lib/server/redact";

function fail(message: string): never {
  console.error(`[runbook-dashboard] cannot start: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof getConfig>;
  try {
    loadEnvFiles(path.resolve(__dirname));
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const { mode } = config.auth;
  const host = config.server.host ?? (mode === "none" ? "127.0.0.1" : "0.0.0.0");
  const { port } = config.server;
  if (mode === "none" && !isLoopbackAddress(host)) {
    fail(
      `AUTH_MODE=none turns sign-in off, so it only listens on a loopback address; HOST is ${host}. ` +
        "Set HOST=127.0.0.1, or choose AUTH_MODE=local, oidc or proxy.",
    );
  }

  // Schema migrations, before anything is served: one line per store with its version and what ran now.
  try {
    for (const line of await migrateStoresAtStart(config)) console.log(`[runbook-dashboard] ${line}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail(`the store could not be migrated: ${redactText(message, configSecrets(config))}`);
  }

  const app = next({ dev: false, dir: path.resolve(__dirname), hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer((req, res) => {
    // Node lower-cases header names, so this removes every spelling a client may have used.
    delete req.headers[PEER_HEADER];
    const peer = req.socket.remoteAddress;
    if (peer !== undefined) req.headers[PEER_HEADER] = peer;
    handle(req, res).catch((error: unknown) => {
      console.error(`[runbook-dashboard] request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    });
  });
  // Slow-loris guard: a client that never finishes its headers or body is cut off.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  server.on("error", (error: NodeJS.ErrnoException) => {
    fail(error.code === "EADDRINUSE" ? `${host}:${port} is already in use (set PORT)` : error.message);
  });
  server.listen(port, host, () => {
    const shown = host.includes(":") ? `[${host}]` : host;
    console.log(`[runbook-dashboard] listening on http://${shown}:${port} (AUTH_MODE=${mode})`);
    if (mode === "none") {
      console.log("[runbook-dashboard] sign-in is off: everyone who can reach this machine's 127.0.0.1 is an admin");
    }
  });

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    // Whatever is still open after 10 s does not keep the process alive.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
