import { z } from "zod";

// Validation of the endpoints users enter for fabric controllers and of the
// API servers in uploaded kubeconfigs. Loopback stays allowed because the
// stand-ins and emulators listen there.

const metadataHostnames = new Set(["metadata.google.internal", "metadata", "metadata.azure.internal", "instance-data", "instance-data.ec2.internal"]);

function ipv4Octets(host: string): number[] | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/** Returns the IPv4 address that an IPv4-mapped IPv6 address (::ffff:a9fe:a9fe) carries. */
function mappedIpv4(host: string): string | undefined {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!match) return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)?.[1];
  const high = parseInt(match[1]!, 16);
  const low = parseInt(match[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/**
 * True for link-local addresses (169.254.0.0/16, fe80::/10) and the addresses
 * and names of cloud metadata services, which an endpoint must never target.
 * Expects a hostname as WHATWG URL parsing returns it, so numeric IPv4 forms
 * such as 2852039166 already read 169.254.169.254.
 */
export function isForbiddenHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
  if (metadataHostnames.has(host)) return true;
  const ipv4 = ipv4Octets(mappedIpv4(host) ?? host);
  if (ipv4) {
    const [first, second] = ipv4 as [number, number];
    // 100.100.100.200 is the metadata service of Alibaba Cloud.
    return (first === 169 && second === 254) || host === "100.100.100.200";
  }
  if (host.includes(":")) {
    const firstGroup = parseInt(host.split(":")[0] || "0", 16);
    // fe80::/10, and fd00:ec2::254, the IPv6 metadata address of Amazon EC2.
    return (firstGroup & 0xffc0) === 0xfe80 || host === "fd00:ec2::254";
  }
  return false;
}

/** Returns why `value` is not an acceptable endpoint, or undefined when it is. */
export function endpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute http:// or https:// URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must use http or https, not ${url.protocol.replace(/:$/, "")}`;
  if (url.hostname === "") return "must name a host";
  if (url.username !== "" || url.password !== "") return "must not contain credentials";
  if (url.search !== "" || url.hash !== "") return "must not contain a query or fragment";
  if (isForbiddenHost(url.hostname)) return `must not point at the link-local or cloud metadata address ${url.hostname}`;
  return undefined;
}

/** An http or https base URL outside link-local and metadata addresses, without a trailing slash. */
export const endpointSchema = z
  .string({ error: "must be text" })
  .trim()
  .min(1, "is required")
  .max(2048)
  .superRefine((value, context) => {
    const problem = endpointProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => value.replace(/\/+$/, ""));
