// CLI: tsx scripts/redis-command-table.ts [redis://host:6379] > lib/systems/redis/command-table.json
// Snapshots the server's own command metadata (COMMAND: flags, ACL categories, key positions, subcommands),
// which decides at parse time which commands a guide line may run; the run re-checks the live server.
import Redis from "ioredis";

type Row = [string, number, string[], number, number, number, string[], unknown, unknown, Row[]?];

async function main(): Promise<void> {
  const redis = new Redis(process.argv[2] ?? "redis://127.0.0.1:6379", { lazyConnect: true });
  await redis.connect();
  const rows = (await redis.call("COMMAND")) as Row[];
  const version = /redis_version:(\S+)/.exec(String(await redis.info("server")))?.[1];
  const table: Record<
    string,
    { arity: number; flags: string[]; acl: string[]; firstKey: number; lastKey: number; step: number }
  > = {};
  const add = (row: Row) => {
    const [name, arity, flags, firstKey, lastKey, step, acl] = row;
    table[name.toLowerCase()] = {
      arity,
      flags: [...flags].sort(),
      acl: [...acl].map((c) => c.replace(/^@/, "")).sort(),
      firstKey,
      lastKey,
      step,
    };
    for (const sub of row[9] ?? []) add(sub);
  };
  for (const row of rows) add(row);
  const sorted = Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
  process.stdout.write(`${JSON.stringify({ source: `COMMAND of redis ${version}`, commands: sorted }, null, 1)}\n`);
  redis.disconnect();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
