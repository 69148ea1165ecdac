import { type FormEvent, useState } from "react";
import type { Session, SignIn } from "./session.js";

export interface SignInScreenProps {
  signIn: SignIn;
  environment: string;
  onSignedIn: (session: Session) => void;
  /** An error to show from the start, e.g. from the redirect back. */
  initialError?: string;
}

/**
 * Locally, a name and one click: the dev issuer signs that user in. Otherwise one button
 * to the configured issuer's sign-in page.
 */
export function SignInScreen(props: SignInScreenProps) {
  const { signIn, environment, onSignedIn } = props;
  const [userName, setUserName] = useState("alice");
  const [error, setError] = useState(props.initialError);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await signIn.signIn(userName.trim());
      if (session) onSignedIn(session);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };
  return (
    <section className="sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in</h2>
      <p>Upload photos and get every size and format of them, served from the CDN.</p>
      <form onSubmit={submit}>
        {signIn.kind === "dev" && (
          <p>
            <label htmlFor="dev-user">Local user ({environment})</label>
            <input
              id="dev-user"
              value={userName}
              onChange={(event) => setUserName(event.target.value)}
              pattern="[A-Za-z0-9_\-]{1,64}"
              title="Letters, digits, _ and -"
              required
              autoComplete="username"
            />
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {signIn.kind === "dev" ? "Sign in as this user" : "Sign in"}
        </button>
      </form>
      {error && (
        <p className="state--error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
