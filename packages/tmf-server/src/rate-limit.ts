import { z } from "zod";

/**
 * Token buckets per key, e.g. API requests per bearer token. A key may send
 * `burst` requests at once and then `perSecond` requests a second. The
 * buckets live in the memory of the component's process: a check costs no
 * database round trip, and each process protects itself. A restart refills
 * every bucket, and replicas behind one load balancer count apart.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`. Returns 0 when the request may go on, or how long to wait for the next token in milliseconds. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.prune(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
  }

  /** Forgets the keys whose buckets are full again, so that callers who never come back do not pile up. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}

/**
 * Returns the client's address from `X-Forwarded-For` when `trustedProxies`
 * reverse proxies are in front of the component. Each proxy appends the
 * address it received the request from. The entry `trustedProxies` places
 * from the end is therefore the last one a trusted proxy wrote, and entries
 * before it can be forged by the client. Returns undefined without trusted proxies, because a
 * Next.js route handler does not see the socket's address.
 */
export function clientAddressBehindProxies(headers: Headers, trustedProxies: number): string | undefined {
  if (trustedProxies <= 0) return undefined;
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - trustedProxies)];
}

/** Environment settings of the API rate limits, for an app's env.ts to merge into its schema. 0 turns a limit off. */
export const apiRateLimitEnv = {
  /** Requests a second that one API client or user may send to the route handlers, after a burst of API_RATE_LIMIT_BURST. */
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(200),
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(2000),
  /** Requests a second from one client address, counted before authentication; needs TRUSTED_PROXY_COUNT. */
  API_RATE_LIMIT_PER_ADDRESS_PER_SECOND: z.coerce.number().min(0).default(400),
  API_RATE_LIMIT_ADDRESS_BURST: z.coerce.number().int().min(1).default(4000),
  /** Reverse proxies in front of this component that append to X-Forwarded-For; 0 means none, and no limit per address. */
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).default(0),
};

export type ApiRateLimitSettings = { [K in keyof typeof apiRateLimitEnv]: z.infer<(typeof apiRateLimitEnv)[K]> };

export interface ApiRateLimits {
  perPrincipal?: TokenBucketLimiter;
  perAddress?: TokenBucketLimiter;
  clientAddress: (request: Request) => string | undefined;
}

/** Builds the limiters of one component from its settings. Keep one per process: the buckets are its state. */
export function createApiRateLimits(settings: ApiRateLimitSettings): ApiRateLimits {
  return {
    perPrincipal: settings.API_RATE_LIMIT_PER_SECOND > 0 ? new TokenBucketLimiter(settings.API_RATE_LIMIT_PER_SECOND, settings.API_RATE_LIMIT_BURST) : undefined,
    perAddress:
      settings.API_RATE_LIMIT_PER_ADDRESS_PER_SECOND > 0 && settings.TRUSTED_PROXY_COUNT > 0
        ? new TokenBucketLimiter(settings.API_RATE_LIMIT_PER_ADDRESS_PER_SECOND, settings.API_RATE_LIMIT_ADDRESS_BURST)
        : undefined,
    clientAddress: (request) => clientAddressBehindProxies(request.headers, settings.TRUSTED_PROXY_COUNT),
  };
}
