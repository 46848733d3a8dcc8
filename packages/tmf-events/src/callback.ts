import { isIP } from "node:net";
import { z } from "zod";

// Hostnames of cloud instance metadata services. Their link-local addresses
// (169.254.169.254, fd00:ec2::254) are caught by the address checks below.
const metadataHosts = new Set(["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"]);
// Metadata services outside the link-local ranges (Alibaba Cloud, AWS over IPv6).
const metadataAddresses = new Set(["100.100.100.200", "fd00:ec2::254"]);

function isLinkLocalIpv4(address: string): boolean {
  const [first, second] = address.split(".").map(Number);
  return (first === 169 && second === 254) || first === 0;
}

function isLinkLocalIpv6(address: string): boolean {
  const lower = address.toLowerCase();
  if (/^fe[89ab][0-9a-f]:/.test(lower)) return true;
  // An IPv4-mapped address (::ffff:169.254.169.254, which the URL parser writes as ::ffff:a9fe:a9fe).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mapped) {
    const high = parseInt(mapped[1]!, 16);
    return isLinkLocalIpv4(`${high >> 8}.${high & 255}.0.0`);
  }
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return dotted !== null && isLinkLocalIpv4(dotted[1]!);
}

/**
 * Returns why a callback URL is not acceptable, or undefined when it is. The
 * URL parser has already turned numeric forms such as `http://2852039166/`
 * into dotted addresses, so the address checks see them.
 *
 * NOTE: a host name is checked as written, not resolved, so a name that
 * resolves to a link-local or metadata address passes.
 */
export function callbackProblem(callback: string): string | undefined {
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    return "must be an absolute URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must use http or https";
  if (url.username !== "" || url.password !== "") return "must not carry user credentials";
  if (url.search !== "" || url.hash !== "") return "must not have a query or fragment, because /listener/{eventName} is appended to it";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
  if (metadataHosts.has(host) || metadataAddresses.has(host)) return `must not point at the metadata service ${host}`;
  const family = isIP(host);
  if ((family === 4 && isLinkLocalIpv4(host)) || (family === 6 && isLinkLocalIpv6(host)) || host === "::") {
    return `must not point at the link-local or unspecified address ${host}`;
  }
  return undefined;
}

/** A hub callback: an http(s) URL that is not link-local and not a metadata service. */
export const callbackSchema = z
  .string()
  .max(2000)
  .superRefine((value, context) => {
    const problem = callbackProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => value.replace(/\/+$/, ""));
