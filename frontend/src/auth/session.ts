/** A signed-in person, and the bearer token the API accepts from them. */
export interface Session {
  /** What the app shows: the name signed in with, or the email. */
  userName: string;
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * One way of signing in. The local cloud's dev issuer signs in a named user at once;
 * an OpenID Connect issuer sends the browser to its sign-in page and back.
 */
export interface SignIn {
  readonly kind: "dev" | "oidc";
  /** The session kept from before (a reload), or the one a redirect back just completed. */
  restore(): Promise<Session | undefined>;
  /** The current access token (renewed when the issuer allows), for the API. */
  accessToken(): Promise<string | undefined>;
  /** `dev`: signs in as `userName` and resolves with the session; `oidc`: leaves the page. */
  signIn(userName: string): Promise<Session | undefined>;
  signOut(): Promise<void>;
}

export function isCurrent(session: Session | undefined, now = Date.now()): session is Session {
  return session !== undefined && session.expiresAt > now + 10_000;
}
