
export { createPortalAuth, type PortalAuth, type PortalAuthOptions } from "./portal-auth";
export { createAuthenticator, type ApiClients } from "./authenticator";
export { upsertAccount, type AccountSeed } from "./accounts";
export { safeReturnPath, signInWithForm } from "./sign-in";
