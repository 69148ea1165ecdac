import { render, screen } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../src/app/App.js";
import { loadConfig } from "../src/app/loadConfig.js";
import { devSignIn } from "../src/auth/devSignIn.js";
import { CONFIG, FakeBackend } from "./support/fakeBackend.js";

afterEach(() => sessionStorage.clear());

function issuer(answer: () => Response) {
  const requests: { url: string; body: unknown }[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    requests.push({ url: String(input), body: JSON.parse(String(init?.body)) });
    return answer();
  };
  return {
    requests,
    signIn: devSignIn("https://api.test/_local/issuer", ["images/read"], fetcher),
  };
}

function renderSignIn(signIn: ReturnType<typeof devSignIn>) {
  const user = userEvent.setup();
  render(
    <App
      config={CONFIG}
      signIn={signIn}
      initialSession={undefined}
      api={new FakeBackend().api()}
    />,
  );
  return user;
}

describe("signing in", () => {
  it("signs in locally as the named user with one click, and stays signed in after a reload", async () => {
    const { requests, signIn } = issuer(() =>
      Response.json({ token: "t0k3n", expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    const user = renderSignIn(signIn);

    await user.clear(screen.getByLabelText("Local user (test)"));
    await user.type(screen.getByLabelText("Local user (test)"), "bob");
    await user.click(screen.getByRole("button", { name: "Sign in as this user" }));

    expect(await screen.findByText("Signed in as bob")).toBeInTheDocument();
    expect(requests).toEqual([
      {
        url: "https://api.test/_local/issuer/token",
        body: { user: "bob", scopes: ["images/read"] },
      },
    ]);
    expect(await signIn.restore()).toMatchObject({ userName: "bob", accessToken: "t0k3n" });
  });

  it("says why when the issuer refuses", async () => {
    const { signIn } = issuer(() =>
      Response.json(
        { code: "invalid_user", message: "Name the user the token is for" },
        { status: 400 },
      ),
    );
    const user = renderSignIn(signIn);

    await user.click(screen.getByRole("button", { name: "Sign in as this user" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Name the user the token is for");
  });

  it("says why the redirect back from the issuer signed nobody in, and offers to sign in again", () => {
    const { signIn } = issuer(() => Response.json({}));
    render(
      <App
        config={CONFIG}
        signIn={signIn}
        initialSession={undefined}
        signInError="Signing in did not complete: No matching state found in storage"
        api={new FakeBackend().api()}
      />,
    );

    expect(screen.getByRole("alert")).toHaveTextContent("No matching state found in storage");
    expect(screen.getByRole("button", { name: "Sign in as this user" })).toBeEnabled();
  });

  it("signs out and forgets the session", async () => {
    const { signIn } = issuer(() =>
      Response.json({ token: "t", expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    const user = renderSignIn(signIn);
    await user.click(screen.getByRole("button", { name: "Sign in as this user" }));

    await user.click(await screen.findByRole("button", { name: "Sign out" }));

    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(await signIn.restore()).toBeUndefined();
  });
});

describe("the runtime config", () => {
  it("names every invalid field of config.json", async () => {
    const fetcher: typeof fetch = async () =>
      Response.json({ environment: "x", apiEndpoint: "nope" });

    await expect(loadConfig(fetcher)).rejects.toThrow(
      /SPA config in config\.json[\s\S]*apiEndpoint/,
    );
  });

  it("says config.json is missing when it is", async () => {
    const fetcher: typeof fetch = async () => new Response("", { status: 404 });

    await expect(loadConfig(fetcher)).rejects.toThrow(
      "The app's settings (config.json) could not be loaded: HTTP 404.",
    );
  });
});
