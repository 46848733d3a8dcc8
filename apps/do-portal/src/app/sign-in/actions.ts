"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signInWithForm } from "@cop-pilot/auth";
import type { SignInState } from "@cop-pilot/ui";
import { env } from "@/env";
import { auth } from "@/server/auth";

export async function signIn(_state: SignInState, form: FormData): Promise<SignInState> {
  const result = await signInWithForm(auth(), form, await headers(), { trustedProxyCount: env().TRUSTED_PROXY_COUNT });
  if ("error" in result) return result;
  redirect(result.returnTo);
}

export async function signOut(): Promise<void> {
  await auth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
