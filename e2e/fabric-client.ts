import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface FabricClient {
  /** Everything the client wrote to stdout and stderr so far. */
  output(): string;
  /** Stops the client by its process id, unless it has exited already. */
  stop(): void;
}

/** Starts the repository's fabric client (`npm run fabric-client`) with an enrollment token, polling the simulated fabric every second. */
export function startFabricClient(tokenFile: string): FabricClient {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/src/fabric-client.ts", "--token", tokenFile, "--interval-ms", "1000"], {
    cwd: repositoryRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return {
    output: () => output,
    stop() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
  };
}
