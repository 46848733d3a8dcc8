"use client";

import { useActionState } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { FormField } from "./form-field";
import { Input } from "./input";

export type SignInState = { error?: string };

export type SignInFormProps = {
  /** A server action that signs in with the form's `email`, `password` and `returnTo`. */
  action: (state: SignInState, form: FormData) => Promise<SignInState>;
  /** Path to open after signing in. */
  returnTo: string;
};

/** Renders the e-mail and password form of a portal's sign-in page. */
export function SignInForm({ action, returnTo }: SignInFormProps) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(action, {});
  return (
    <form action={formAction} className="space-y-4">
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
