import { isCurrent, type Session, type SignIn } from "./session.js";

const STORAGE_KEY = "imgpipe.devSession";

/**
 * Signs in against the local cloud's dev issuer: `POST {issuer}/token` mints a token for
 * any user name, the same token `npx imgpipe token <user>` prints. Kept in the tab's
 * session storage so a reload stays signed in.
 */
export function devSignIn(
  issuer: string,
  scopes: readonly string[],
  fetcher: typeof fetch = fetch,
): SignIn {
  return {
    kind: "dev",
    async restore() {
      const kept = sessionStorage.getItem(STORAGE_KEY);
      const session = kept ? (JSON.parse(kept) as Session) : undefined;
      return isCurrent(session) ? session : undefined;
    },
    async accessToken() {
      return (await this.restore())?.accessToken;
    },
    async signIn(userName) {
      const response = await fetcher(`${issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user: userName, scopes }),
      });
      const body = (await response.json().catch(() => ({}))) as {
        token?: string;
        expiresAt?: string;
        message?: string;
      };
      if (!response.ok || !body.token || !body.expiresAt) {
        throw new Error(
          body.message ?? `The dev issuer refused to sign in (HTTP ${response.status}).`,
        );
      }
      const session = {
        userName,
        accessToken: body.token,
        expiresAt: Date.parse(body.expiresAt),
      };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
      return session;
    },
    async signOut() {
      sessionStorage.removeItem(STORAGE_KEY);
    },
  };
}
