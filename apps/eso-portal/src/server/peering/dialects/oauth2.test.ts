import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenSliceEmulator, type OpenSliceEmulator } from "../../testing/openslice-emulator";
import { fetchAccessToken, forgetAccessToken, OAuth2TokenError, type PeerOAuth2Credentials } from "./oauth2";

let longLived: OpenSliceEmulator;
let shortLived: OpenSliceEmulator;

function credentialsOf(emulator: OpenSliceEmulator, overrides: Partial<PeerOAuth2Credentials> = {}): PeerOAuth2Credentials {
  return { tokenUrl: emulator.tokenUrl, clientId: emulator.clientId, username: emulator.username, password: emulator.password, ...overrides };
}

beforeAll(async () => {
  longLived = await startOpenSliceEmulator({ tokenLifetimeSeconds: 300 });
  // A lifetime within the 30-second renewal margin, so every call needs a new token.
  shortLived = await startOpenSliceEmulator({ tokenLifetimeSeconds: 10 });
});

afterAll(async () => {
  await longLived?.close();
  await shortLived?.close();
});

describe("fetchAccessToken", () => {
  it("reuses a token until it nears expiry", async () => {
    const first = await fetchAccessToken(credentialsOf(longLived), 3000);
    const second = await fetchAccessToken(credentialsOf(longLived), 3000);

    expect(second).toBe(first);
    expect(longLived.tokensIssued).toBe(1);
  });

  it("fetches a new token after forgetting", async () => {
    const before = longLived.tokensIssued;
    forgetAccessToken(credentialsOf(longLived));
    await fetchAccessToken(credentialsOf(longLived), 3000);
    expect(longLived.tokensIssued).toBe(before + 1);
  });

  it("renews a token that expires within the margin", async () => {
    await fetchAccessToken(credentialsOf(shortLived), 3000);
    await fetchAccessToken(credentialsOf(shortLived), 3000);
    expect(shortLived.tokensIssued).toBe(2);
  });

  it.each([
    ["a wrong password", { password: "wrong" }, 401],
    ["an unknown client", { clientId: "someone-else" }, 401],
  ] as const)("reports %s as rejected credentials", async (_case, overrides, status) => {
    const error = await fetchAccessToken(credentialsOf(longLived, overrides), 3000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuth2TokenError);
    expect((error as OAuth2TokenError).status).toBe(status);
  });

  it("reports an unreachable token endpoint with status 0", async () => {
    const closed = await startOpenSliceEmulator();
    const credentials = credentialsOf(closed);
    await closed.close();

    const error = await fetchAccessToken(credentials, 3000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuth2TokenError);
    expect((error as OAuth2TokenError).status).toBe(0);
  });
});
