// Waits until a MongoDB-compatible server answers ping: wait-mongo.mjs <url> <seconds>.
import { MongoClient } from "mongodb";

const [url, seconds = "30"] = process.argv.slice(2);
if (!url) {
  console.error("usage: wait-mongo.mjs <mongodb-url> [seconds]");
  process.exit(2);
}
const deadline = Date.now() + Number(seconds) * 1000;
let lastError = "no attempt";
while (Date.now() < deadline) {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.db("admin").command({ ping: 1 });
    await client.close();
    process.exit(0);
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error);
    await client.close().catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
console.error(`no ping answer within ${seconds} s: ${lastError.replace(/\/\/[^@/]*@/, "//***@")}`);
process.exit(1);
