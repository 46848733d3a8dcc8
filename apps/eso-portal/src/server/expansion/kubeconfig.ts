import { KubeConfig } from "@kubernetes/client-node";
import { TmfError } from "@cop-pilot/tmf-server";
import { endpointProblem } from "./endpoints";

export interface KubeconfigSummary {
  clusterName: string;
  server: string;
  /** Host and port of the API server, which the fabric's host.v1 config forwards to. */
  host: string;
  port: number;
}

/**
 * Checks an uploaded kubeconfig before the ESO connects with it: it must
 * parse, select a cluster through its current context, name an http(s) API
 * server outside link-local and metadata addresses, and authenticate with a
 * token or client certificate. Exec plugins and auth providers are rejected
 * because they would run programs or reach identity providers from the ESO.
 */
export function checkKubeconfig(text: string): KubeconfigSummary {
  const config = new KubeConfig();
  try {
    config.loadFromString(text);
  } catch (error) {
    throw new TmfError("unprocessable", `kubeconfig: the file is not a valid kubeconfig: ${(error as Error).message}`);
  }
  const context = config.getCurrentContext() as string | undefined;
  if (!context) throw new TmfError("unprocessable", "kubeconfig: the file sets no current-context; set it to the context of the cluster to register");
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new TmfError("unprocessable", `kubeconfig: context "${context}" refers to a cluster that the file does not define`);
  const problem = endpointProblem(cluster.server);
  if (problem) throw new TmfError("unprocessable", `kubeconfig: the API server ${cluster.server} of cluster "${cluster.name}" ${problem}`);

  const user = config.getCurrentUser();
  if (!user) throw new TmfError("unprocessable", `kubeconfig: context "${context}" names no user the file defines`);
  if (user.exec) {
    throw new TmfError("unprocessable", `kubeconfig: user "${user.name}" authenticates with an exec plugin, which the ESO does not run; use a service account token or a client certificate`);
  }
  if (user.authProvider) {
    throw new TmfError("unprocessable", `kubeconfig: user "${user.name}" authenticates with the auth-provider "${user.authProvider.name ?? "unknown"}", which the ESO does not support; use a service account token or a client certificate`);
  }
  if (user.certFile || user.keyFile || cluster.caFile) {
    throw new TmfError("unprocessable", "kubeconfig: the file refers to other files (client certificate, key or CA file); embed them as *-data fields");
  }
  const hasToken = Boolean(user.token);
  const hasCertificate = Boolean((user.certData || user.certFile) && (user.keyData || user.keyFile));
  if (!hasToken && !hasCertificate && !user.username) {
    throw new TmfError("unprocessable", `kubeconfig: user "${user.name}" has no token, client certificate or basic credentials`);
  }

  const url = new URL(cluster.server);
  const defaultPort = url.protocol === "https:" ? 443 : 80;
  const port = url.port ? Number(url.port) : defaultPort;
  return { clusterName: cluster.name, server: cluster.server, host: url.hostname.replace(/^\[|\]$/g, ""), port };
}
