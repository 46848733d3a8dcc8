"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auth } from "@/server/auth";

const signInInput = z.object({
  email: z.string().trim().email("Enter a valid e-mail address"),
  password: z.string().min(1, "Enter your password"),
  returnTo: z.string().startsWith("/").default("/"),
});

export type SignInState = { error?: string };

export async function signIn(_state: SignInState, form: FormData): Promise<SignInState> {
  const input = signInInput.safeParse(Object.fromEntries(form));
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Invalid input" };
  try {
    await auth().api.signInEmail({ body: { email: input.data.email, password: input.data.password }, headers: await headers() });
  } catch (error) {
    if (error instanceof APIError) return { error: "E-mail or password is incorrect" };
    throw error;
  }
  redirect(input.data.returnTo.startsWith("//") ? "/" : input.data.returnTo);
}

export async function signOut(): Promise<void> {
  await auth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
