import { migrateDatabase } from "@cop-pilot/db";
import { startDoEmulator } from "./do-emulator";

// Stands in for `next start` of the do-portal app in tests of the local DO
// runtime: the ESO spawns it with the same arguments and environment, and it
// serves the DO emulator with the API_TOKEN and the starter catalogue it got.
// It runs as its own process, so it reads its settings from process.env.

const portIndex = process.argv.indexOf("--port");
const port = Number(process.argv[portIndex + 1]);
// A DO creates its tables at start, and the ESO then adds the owner's account to them.
if (process.env.DATABASE_URL) await migrateDatabase("do", process.env.DATABASE_URL);
const emulator = await startDoEmulator({ token: process.env.API_TOKEN ?? "", domainId: process.env.DOMAIN_ID ?? "lulea", port });
process.on("SIGTERM", () => {
  void emulator.close().then(() => process.exit(0));
});
