import { join } from "node:path";
import type { Page, Response } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { photoJpeg } from "../../local/test/support/images.js";
import { launchBrowser, type TestBrowser } from "./support/browser.js";
import { ARTIFACTS_DIR, startCloudWithSpa } from "./support/localCloud.js";

let cloud: Awaited<ReturnType<typeof startCloudWithSpa>>;
let browser: TestBrowser;
let page: Page;
/** Every response the page received, by URL. */
const responses = new Map<string, Response>();

beforeAll(async () => {
  cloud = await startCloudWithSpa();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on("response", (response) => responses.set(response.url(), response));
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
});

/** Waits until the picture has really arrived from the CDN and been decoded. */
async function expectLoaded(page: Page, alt: string) {
  const img = page.getByRole("img", { name: alt });
  await img.waitFor({ timeout: 120_000 }).catch(async (error: unknown) => {
    throw new Error(
      `${String(error)}\nThe page said:\n${await page.locator("main").textContent()}`,
    );
  });
  await page.waitForFunction(
    (name) => {
      const found = [...document.images].find((i) => i.alt === name);
      return found?.complete === true && found.naturalWidth > 0;
    },
    alt,
    { timeout: 120_000 },
  );
  return img;
}

describe("the SPA on the local cloud", () => {
  it("signs in as a named dev user with one click", async () => {
    await page.goto(cloud.cloud.endpoints.cdn);

    await page.getByLabel("Local user (local)").fill("alice");
    await page.getByRole("button", { name: "Sign in as this user" }).click();

    await page.getByText("Signed in as alice").waitFor();
    await page.getByText("No images yet.").waitFor();
  });

  it("uploads two photos and a text file named .jpg: two thumbnails and one clear error", async () => {
    const [beach, forest] = await Promise.all([photoJpeg(1600, 1067), photoJpeg(900, 1200)]);

    await page.getByTestId("file-input").setInputFiles([
      { name: "beach.jpg", mimeType: "image/jpeg", buffer: beach },
      { name: "forest.jpg", mimeType: "image/jpeg", buffer: forest },
      {
        name: "notes.jpg",
        mimeType: "image/jpeg",
        buffer: Buffer.from("shopping list\n".repeat(20)),
      },
    ]);

    await expectLoaded(page, "Photo beach.jpg");
    await expectLoaded(page, "Photo forest.jpg");
    const uploads = page.getByRole("list", { name: "Uploads" });
    const error = uploads.getByRole("alert");
    await error.waitFor({ timeout: 120_000 });
    expect(await error.textContent()).toMatch(/not an image in a supported format/);
    expect(await uploads.getByText("Done").count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "gallery.png"), fullPage: true });
  });

  it("opens a detail view with the dimensions, format, size and every variant", async () => {
    await page.getByRole("link", { name: "Photo beach.jpg" }).click();

    await page.getByRole("heading", { name: "beach.jpg" }).waitFor();
    await expectLoaded(page, "Photo beach.jpg");
    const facts = (await page.locator("dl.facts").textContent()) ?? "";
    expect(facts).toContain("Dimensions1600 × 1067");
    expect(facts).toContain("FormatJPEG");
    const variants = page.getByRole("table", { name: "Variants" }).getByRole("row");
    expect(await variants.count()).toBeGreaterThan(3);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "detail.png"), fullPage: true });
  });

  it("draws the detail picture through a signed /t/ URL at the width its sizes asks for", async () => {
    const drawn = await page.evaluate(() => {
      const img = [...document.images].find((i) => i.alt === "Photo beach.jpg");
      return { src: img?.currentSrc ?? "", naturalWidth: img?.naturalWidth ?? 0 };
    });
    const response = responses.get(drawn.src);
    const file = await sharp(await response?.body()).metadata();

    // sizes says 900 CSS pixels at this 1280-pixel viewport (device pixel ratio 1); of the
    // config's default widths the 1600-pixel photo reaches, 960 is the one that covers it.
    expect(drawn.src).toMatch(
      /\/t\/[\w-]{43}\/fit-in\/960x0\/filters:format\(auto\)\/alice\/[\w-]+@[0-9a-f]{16}$/,
    );
    // Chromium accepts AVIF, so the CDN negotiated it.
    expect(response?.headers()["content-type"]).toBe("image/avif");
    expect({ width: file.width, height: file.height }).toEqual({ width: 960, height: 640 });
    // A `w` candidate's natural width is its pixels over its density (960 / (960 / 900)).
    expect(Math.abs(drawn.naturalWidth - 900)).toBeLessThanOrEqual(1);
  });

  it("deletes an image after confirmation, and a reload shows the gallery as it was left", async () => {
    await page.getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("button", { name: "Delete for good" }).click();
    await page.getByRole("heading", { name: /Your images/ }).waitFor();
    expect(await page.getByRole("img", { name: "Photo beach.jpg" }).count()).toBe(0);

    await page.reload();

    await expectLoaded(page, "Photo forest.jpg");
    expect(await page.getByRole("img", { name: "Photo beach.jpg" }).count()).toBe(0);
    const failed = page.getByRole("link", { name: /notes\.jpg/ });
    expect(await failed.textContent()).toMatch(/not an image in a supported format/);
    expect(await page.locator("ul.grid > li").count()).toBe(2);
  });
});
