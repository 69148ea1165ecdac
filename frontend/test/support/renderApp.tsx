import { render } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import type { postUpload } from "../../src/api/postUpload.js";
import { App } from "../../src/app/App.js";
import type { SignIn } from "../../src/auth/session.js";
import { CONFIG, type FakeBackend } from "./fakeBackend.js";

/** The app signed in as alice, over a fake backend (core's real upload rules apply). */
export function renderApp(backend: FakeBackend, send?: typeof postUpload, config = CONFIG) {
  const session = { userName: "alice", accessToken: "token", expiresAt: Date.now() + 3_600_000 };
  const signIn: SignIn = {
    kind: "dev",
    restore: async () => session,
    accessToken: async () => session.accessToken,
    signIn: async () => session,
    signOut: async () => {},
  };
  // A picker can be told to show every file, and a drop ignores `accept`: the queue must refuse.
  const user = userEvent.setup({ applyAccept: false });
  const view = render(
    <App
      config={config}
      signIn={signIn}
      initialSession={session}
      api={backend.api()}
      {...(send && { send })}
    />,
  );
  return { ...view, user };
}
