import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  CONFIG,
  FakeBackend,
  problem,
  processedImage,
  responsiveOf,
} from "./support/fakeBackend.js";
import { renderApp } from "./support/renderApp.js";

function backendWith(count: number): FakeBackend {
  const backend = new FakeBackend();
  backend.images = Array.from({ length: count }, (_, n) => processedImage(`img${count - n}`));
  return backend;
}

describe("the gallery", () => {
  it("says it is loading, then shows the images newest first, each with alt text", async () => {
    const backend = backendWith(3);
    renderApp(backend);

    expect(screen.getByRole("status")).toHaveTextContent("Loading your images…");
    const grid = await screen.findAllByRole("img");

    expect(grid.map((img) => img.getAttribute("alt"))).toEqual([
      "Photo img3.jpg",
      "Photo img2.jpg",
      "Photo img1.jpg",
    ]);
  });

  it("says what to do when there is nothing yet", async () => {
    renderApp(new FakeBackend());

    expect(await screen.findByText("No images yet.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Choose files…" })).toBeInTheDocument();
  });

  it("offers every format and width to the browser and a ThumbHash on the dominant colour until it loads", async () => {
    renderApp(backendWith(1));

    const img = await screen.findByRole("img", { name: "Photo img1.jpg" });
    const picture = img.closest("picture") as HTMLElement;
    const frame = picture.parentElement as HTMLElement;

    const webp = picture.querySelector("source");
    expect(webp).toHaveAttribute("type", "image/webp");
    expect(webp?.getAttribute("srcset")).toMatch(/thumb\.webp 160w, .*medium\.webp 640w$/);
    expect(img.getAttribute("srcset")).toMatch(/thumb\.jpg 160w, .*medium\.jpg 640w$/);
    expect(frame.style.backgroundColor).toBe("rgb(56, 72, 104)");
    expect(frame.style.backgroundImage).toMatch(/^url\("?data:image\/png;base64,/);
    expect(frame).not.toHaveClass("picture--loaded");
    fireEvent.load(img);
    expect(frame).toHaveClass("picture--loaded");
  });

  it("draws tiles from the signed srcset where transforms are on, with the tile's sizes", async () => {
    const backend = new FakeBackend();
    backend.images = [{ ...processedImage("img1"), responsive: responsiveOf("img1") }];
    renderApp(backend, undefined, { ...CONFIG, transforms: true });

    const img = await screen.findByRole("img", { name: "Photo img1.jpg" });

    expect(img.closest("picture")).toBeNull();
    expect(img.getAttribute("srcset")).toMatch(
      /^https:\/\/cdn\.test\/t\/.* 320w, .* 640w, .* 1600w$/,
    );
    expect(img.getAttribute("sizes")).toBe("(max-width: 600px) 50vw, 200px");
  });

  it("loads the next page when asked, without repeating an image", async () => {
    const backend = backendWith(30);
    const { user } = renderApp(backend);
    await screen.findByRole("img", { name: "Photo img30.jpg" });

    expect(screen.getAllByRole("img")).toHaveLength(24);
    await user.click(screen.getByRole("button", { name: "Show more" }));

    expect(await screen.findByRole("img", { name: "Photo img1.jpg" })).toBeInTheDocument();
    expect(screen.getAllByRole("img")).toHaveLength(30);
    expect(screen.queryByRole("button", { name: "Show more" })).not.toBeInTheDocument();
  });

  it("tells what went wrong and tries again on request", async () => {
    const backend = backendWith(2);
    backend.failNextList = problem(503, "unavailable", "The service is busy, try again shortly.");
    const { user } = renderApp(backend);

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Your images could not be loaded: The service is busy, try again shortly.",
    );
    await user.click(screen.getByRole("button", { name: "Try again" }));

    expect(await screen.findAllByRole("img")).toHaveLength(2);
  });

  it("shows a failed upload with the pipeline's reason", async () => {
    const backend = new FakeBackend();
    backend.images = [
      {
        id: "bad",
        status: "failed",
        fileName: "notes.jpg",
        variants: [],
        failure: { code: "unsupported_format", message: "This is a text file, not an image." },
      },
    ];
    renderApp(backend);

    const tile = await screen.findByRole("link", { name: /notes\.jpg/ });
    expect(tile).toHaveTextContent("This is a text file, not an image.");
  });

  it("moves between tiles with the arrow keys", async () => {
    const { user } = renderApp(backendWith(3));
    await screen.findAllByRole("img");
    const links = within(screen.getByRole("region", { name: /Your images/ })).getAllByRole("link");

    links[0]?.focus();
    await user.keyboard("{ArrowRight}");
    expect(links[1]).toHaveFocus();
    await user.keyboard("{ArrowRight}{ArrowLeft}{ArrowLeft}");
    expect(links[0]).toHaveFocus();
  });
});
