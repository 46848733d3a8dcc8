import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface TlsCertificate {
  /** PEM private key. */
  key: string;
  /** PEM self-signed certificate, valid for 127.0.0.1 and localhost; also its own certificate authority. */
  cert: string;
}

/**
 * Creates a self-signed P-256 certificate for 127.0.0.1 and localhost by running the `openssl` command,
 * which must be on PATH (OpenSSL 1.1.1 or later, for -addext).
 */
export async function createSelfSignedCertificate(): Promise<TlsCertificate> {
  const directory = await mkdtemp(join(tmpdir(), "kubernetes-emulator-"));
  const keyPath = join(directory, "key.pem");
  const certPath = join(directory, "cert.pem");
  try {
    await execFileAsync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyPath,
        "-out",
        certPath,
        "-days",
        "365",
        "-subj",
        "/CN=cop-pilot-kubernetes-emulator",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
      ],
      { timeout: 20_000 },
    );
    return { key: await readFile(keyPath, "utf8"), cert: await readFile(certPath, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new Error("Cannot create the emulator's TLS certificate: the openssl command is not on PATH; install OpenSSL.", { cause: error });
    }
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new Error(`Cannot create the emulator's TLS certificate: openssl failed: ${stderr || (error as Error).message}`, { cause: error });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
