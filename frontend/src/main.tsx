import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.js";
import { loadConfig } from "./app/loadConfig.js";
import { devSignIn } from "./auth/devSignIn.js";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);

async function start() {
  const config = await loadConfig();
  // oidc-client-ts loads only where an OIDC issuer signs people in, not locally.
  const signIn =
    config.auth.kind === "dev"
      ? devSignIn(config.auth.issuer, config.auth.scopes)
      : (await import("./auth/oidcSignIn.js")).oidcSignIn(config.auth);
  // A failed redirect back (the issuer refused, the link was stale) leaves the app usable.
  let signInError: string | undefined;
  const initialSession = await signIn.restore().catch((error: unknown) => {
    signInError = `Signing in did not complete: ${error instanceof Error ? error.message : String(error)}`;
    window.history.replaceState(null, "", "/");
    return undefined;
  });
  root.render(
    <StrictMode>
      <App
        config={config}
        signIn={signIn}
        initialSession={initialSession}
        {...(signInError && { signInError })}
      />
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  root.render(
    <main className="state state--error" role="alert">
      <h1>imgpipe could not start</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
      <p>Reload the page to try again.</p>
    </main>,
  );
});
