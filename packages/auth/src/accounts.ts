import { eq } from "drizzle-orm";
import { hashPassword } from "better-auth/crypto";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { account, user } from "@cop-pilot/db/schema/auth";
import type { Role } from "@cop-pilot/tmf-server";

export interface AccountSeed {
  email: string;
  name: string;
  password: string;
  role: Role;
  organizationId?: string | null;
}

/**
 * Creates a user with an e-mail/password account, or resets the password and
 * role of an existing one. Self sign-up is off, so this is how accounts exist.
 */
export async function upsertAccount(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: PgDatabase<PgQueryResultHKT, any, any>,
  seed: AccountSeed,
): Promise<string> {
  const email = seed.email.toLowerCase();
  const passwordHash = await hashPassword(seed.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
    const now = new Date();
    if (existing) {
      await tx.update(user).set({ name: seed.name, role: seed.role, organizationId: seed.organizationId ?? null, updatedAt: now }).where(eq(user.id, existing.id));
      await tx.update(account).set({ password: passwordHash, updatedAt: now }).where(eq(account.userId, existing.id));
      return existing.id;
    }
    const id = crypto.randomUUID();
    await tx.insert(user).values({ id, email, name: seed.name, role: seed.role, organizationId: seed.organizationId ?? null, emailVerified: true });
    await tx.insert(account).values({ id: crypto.randomUUID(), accountId: id, providerId: "credential", userId: id, password: passwordHash });
    return id;
  });
}
