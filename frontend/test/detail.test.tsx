import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ImageView } from "../src/api/contract.js";
import { CONFIG, FakeBackend, processedImage, responsiveOf } from "./support/fakeBackend.js";
import { renderApp } from "./support/renderApp.js";

async function openFirstImage(options: { transforms?: boolean; image?: ImageView } = {}) {
  const backend = new FakeBackend();
  backend.images = [options.image ?? processedImage("img2", "beach.jpg"), processedImage("img1")];
  const app = renderApp(backend, undefined, { ...CONFIG, transforms: options.transforms ?? false });
  await app.user.click(await screen.findByRole("link", { name: "Photo beach.jpg" }));
  await screen.findByRole("heading", { name: "beach.jpg" });
  return { ...app, backend };
}

afterEach(() => window.history.replaceState(null, "", "/"));

describe("the detail view", () => {
  it("shows the dimensions, format, size and every variant of the image", async () => {
    await openFirstImage();

    expect(window.location.pathname).toBe("/images/img2");
    expect(screen.getByRole("heading", { name: "beach.jpg" })).toHaveFocus();
    const facts = screen.getByText("Status").closest("dl") as HTMLElement;
    expect(facts).toHaveTextContent("Dimensions1600 × 1200");
    expect(facts).toHaveTextContent("FormatJPEG");
    expect(facts).toHaveTextContent("Size794 KiB");
    const rows = within(screen.getByRole("table", { name: "Variants" })).getAllByRole("row");
    expect(rows.slice(1).map((row) => row.textContent)).toEqual([
      "thumbJPEG160 × 1607 KiBCopy URL",
      "thumbWEBP160 × 1607 KiBCopy URL",
      "mediumJPEG640 × 48025 KiBCopy URL",
      "mediumWEBP640 × 48025 KiBCopy URL",
    ]);
  });

  it("draws the large picture from variants of the original's shape only", async () => {
    await openFirstImage();

    const img = screen.getByRole("img", { name: "Photo beach.jpg" });

    expect(img.getAttribute("srcset")).not.toContain("thumb");
    expect(img.getAttribute("srcset")).toContain("medium.jpg 640w");
  });

  it("draws the large picture from the signed srcset where transforms are on", async () => {
    const image = { ...processedImage("img2", "beach.jpg"), responsive: responsiveOf("img2") };
    await openFirstImage({ transforms: true, image });

    const img = screen.getByRole("img", { name: "Photo beach.jpg" });

    expect(img.getAttribute("srcset")).toBe(image.responsive.srcset);
    expect(img.getAttribute("src")).toBe(image.responsive.src);
    expect(img.getAttribute("sizes")).toBe("(max-width: 900px) 100vw, 900px");
    expect(img.closest("picture")).toBeNull();
  });

  it.each([
    ["transforms are off", false, true],
    ["the image has no srcset", true, false],
  ])("falls back to the variants where %s", async (_, transforms, withSrcset) => {
    const plain = processedImage("img2", "beach.jpg");
    const image = withSrcset ? { ...plain, responsive: responsiveOf("img2") } : plain;
    await openFirstImage({ transforms, image });

    const img = screen.getByRole("img", { name: "Photo beach.jpg" });

    expect(img.getAttribute("srcset")).toContain("medium.jpg 640w");
    expect(img.getAttribute("srcset")).not.toContain("/t/");
  });

  it("copies a variant's URL", async () => {
    const { user } = await openFirstImage();

    await user.click(screen.getByRole("button", { name: "Copy the URL of medium WEBP" }));

    expect(await navigator.clipboard.readText()).toBe(
      "https://cdn.test/images/alice/img2/hash/medium.webp",
    );
    expect(screen.getAllByText("Copied")).toHaveLength(1);
  });

  it("deletes only after confirmation, then returns to a gallery without the image", async () => {
    const { user, backend } = await openFirstImage();

    await user.click(screen.getByRole("button", { name: "Delete…" }));
    expect(screen.getByRole("alertdialog")).toHaveTextContent("Delete beach.jpg?");
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(backend.calls).not.toContain("DELETE /images/img2");
    await user.click(screen.getByRole("button", { name: "Delete…" }));
    await user.click(screen.getByRole("button", { name: "Delete for good" }));

    await waitFor(() => expect(window.location.pathname).toBe("/"));
    expect(backend.calls).toContain("DELETE /images/img2");
    expect(screen.queryByRole("img", { name: "Photo beach.jpg" })).not.toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Photo img1.jpg" })).toBeInTheDocument();
  });

  it("goes back to the gallery on Escape", async () => {
    const { user } = await openFirstImage();

    await user.keyboard("{Escape}");

    expect(window.location.pathname).toBe("/");
    expect(await screen.findByRole("heading", { name: /Your images/ })).toBeInTheDocument();
  });
});
