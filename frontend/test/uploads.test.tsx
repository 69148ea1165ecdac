import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "./support/fakeBackend.js";
import { renderApp } from "./support/renderApp.js";

const photo = (name = "beach.jpg", bytes = 2000) =>
  new File([new Uint8Array(bytes)], name, { type: "image/jpeg" });

describe("the upload queue", () => {
  it("refuses a file of a type the API does not accept with the API's message, and sends nothing", async () => {
    const backend = new FakeBackend();
    const { user } = renderApp(backend, backend.send());
    await screen.findByText("No images yet.");

    await user.upload(
      screen.getByTestId("file-input"),
      new File(["hello"], "notes.txt", { type: "text/plain" }),
    );

    const uploads = screen.getByRole("list", { name: "Uploads" });
    expect(within(uploads).getByRole("alert")).toHaveTextContent(
      "A file of type text/plain is not accepted; upload a JPEG, PNG, WebP",
    );
    expect(backend.calls).not.toContain("POST /uploads");
  });

  it("refuses a file over the size limit before asking the API", async () => {
    const backend = new FakeBackend();
    const { user } = renderApp(backend, backend.send());

    await user.upload(screen.getByTestId("file-input"), photo("huge.jpg", 2 * 1024 * 1024));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The file is 2.0 MiB; the limit is 1.0 MiB.",
    );
    expect(backend.calls).not.toContain("POST /uploads");
  });

  it("follows each file from its progress to processing to its thumbnail in the gallery", async () => {
    const backend = new FakeBackend();
    let release = () => {};
    const sent = backend.send();
    const { user } = renderApp(backend, async (upload, file, onProgress) => {
      onProgress({ loaded: file.size * 0.4, total: file.size });
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      await sent(upload, file, onProgress);
    });

    await user.upload(screen.getByTestId("file-input"), photo());

    const progress = await screen.findByRole("progressbar", { name: "Uploading beach.jpg" });
    expect(progress).toHaveAttribute("value", "40");
    release();
    expect(await screen.findByRole("img", { name: "Photo beach.jpg" })).toBeInTheDocument();
    expect(screen.getByText("Done")).toBeInTheDocument();
  });

  it("shows the pipeline's reason when processing refuses the upload", async () => {
    const backend = new FakeBackend();
    const { user } = renderApp(
      backend,
      backend.send(() => "failed"),
    );

    await user.upload(screen.getByTestId("file-input"), photo("fake.jpg"));

    const uploads = await screen.findByRole("list", { name: "Uploads" });
    await waitFor(() =>
      expect(within(uploads).getByRole("alert")).toHaveTextContent("This file is not an image."),
    );
  });
});
