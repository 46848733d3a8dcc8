import { describe, expect, it } from "vitest";
import { checkKubeconfig } from "./kubeconfig";

function kubeconfig(server: string, user: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: edge",
    "    cluster:",
    `      server: ${server}`,
    "users:",
    "  - name: admin",
    "    user:",
    user,
    "contexts:",
    "  - name: edge",
    "    context: { cluster: edge, user: admin }",
    "current-context: edge",
    "",
  ].join("\n");
}

const tokenUser = "      token: abc";

describe("kubeconfig check", () => {
  it("accepts a token kubeconfig", () => {
    expect(checkKubeconfig(kubeconfig("https://127.0.0.1:6443", tokenUser))).toEqual({ clusterName: "edge", server: "https://127.0.0.1:6443", host: "127.0.0.1", port: 6443 });
  });

  it.each([
    ["malformed YAML", "clusters: [unclosed", /not a valid kubeconfig/],
    ["no current context", "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n", /no current-context/],
    ["an exec plugin", kubeconfig("https://127.0.0.1:6443", "      exec:\n        apiVersion: client.authentication.k8s.io/v1\n        command: aws"), /exec plugin/],
    ["an auth provider", kubeconfig("https://127.0.0.1:6443", "      auth-provider:\n        name: oidc"), /auth-provider "oidc"/],
    ["a metadata address", kubeconfig("http://169.254.169.254", tokenUser), /link-local or cloud metadata/],
    ["no credentials", kubeconfig("https://127.0.0.1:6443", "      {}"), /no token/],
    ["certificate files", kubeconfig("https://127.0.0.1:6443", "      client-certificate: /etc/kube/admin.crt\n      client-key: /etc/kube/admin.key"), /refers to other files/],
  ])("rejects %s", (_case, text, message) => {
    expect(() => checkKubeconfig(text)).toThrow(message);
  });
});
