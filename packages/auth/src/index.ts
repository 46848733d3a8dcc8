
export { createPortalAuth, portalSessionEnv, sessionOptions, type PortalAuth, type PortalAuthOptions, type PortalSessionSettings } from "./portal-auth";
export { createAuthenticator, type ApiClients } from "./authenticator";
export { upsertAccount, type AccountSeed } from "./accounts";
export { safeReturnPath, signInWithForm } from "./sign-in";
