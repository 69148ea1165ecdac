import type { SpaAuth } from "@imgpipe/core/browser";
import { type User, UserManager, WebStorageStateStore } from "oidc-client-ts";
import { isCurrent, type Session, type SignIn } from "./session.js";

/** Where the issuer sends the browser back with the authorization code. */
export const CALLBACK_PATH = "/callback";

type OidcAuth = Extract<SpaAuth, { kind: "oidc" }>;

/**
 * Signs in with the authorization code flow and PKCE through oidc-client-ts, against the
 * configured issuer (Cognito's hosted UI by default). Tokens stay in the tab's session
 * storage; the refresh token renews the access token before it expires.
 */
export function oidcSignIn(auth: OidcAuth, origin = window.location.origin): SignIn {
  const manager = new UserManager({
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: "code",
    scope: auth.scopes.join(" "),
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
    ...(auth.logoutEndpoint && { metadataSeed: { end_session_endpoint: auth.logoutEndpoint } }),
  });
  return {
    kind: "oidc",
    async restore() {
      if (window.location.pathname === CALLBACK_PATH) {
        const user = await manager.signinRedirectCallback();
        const { returnTo } = (user.state ?? {}) as { returnTo?: string };
        window.history.replaceState(null, "", returnTo ?? "/");
        return sessionOf(user);
      }
      const user = await manager.getUser();
      const session = user ? sessionOf(user) : undefined;
      return isCurrent(session) ? session : undefined;
    },
    async accessToken() {
      return (await manager.getUser())?.access_token;
    },
    async signIn() {
      await manager.signinRedirect({ state: { returnTo: window.location.pathname } });
      return undefined;
    },
    async signOut() {
      await manager.removeUser();
      if (auth.logoutEndpoint) {
        // Cognito's /logout wants `client_id` and `logout_uri` rather than the standard names.
        await manager.signoutRedirect({
          extraQueryParams: { client_id: auth.clientId, logout_uri: `${origin}/` },
        });
      }
    },
  };
}

function sessionOf(user: User): Session {
  const profile = user.profile;
  return {
    userName: String(profile.email ?? profile.preferred_username ?? profile.sub),
    accessToken: user.access_token,
    expiresAt: (user.expires_at ?? 0) * 1000,
  };
}
