"use client";

import { useActionState } from "react";
import { Alert, Button, FormField, Input } from "@cop-pilot/ui";
import { signIn, type SignInState } from "./actions";

export function SignInForm({ returnTo }: { returnTo: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, {});
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="returnTo" value={returnTo} />
      <FormField label="E-mail" id="email">
        <Input id="email" name="email" type="email" autoComplete="username" required />
      </FormField>
      <FormField label="Password" id="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </FormField>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
