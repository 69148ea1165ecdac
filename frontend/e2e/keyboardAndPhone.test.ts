import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { photoJpeg } from "../../local/test/support/images.js";
import { launchBrowser, type TestBrowser } from "./support/browser.js";
import { ARTIFACTS_DIR, startCloudWithSpa } from "./support/localCloud.js";

let cloud: Awaited<ReturnType<typeof startCloudWithSpa>>;
const browsers: TestBrowser[] = [];

beforeAll(async () => {
  cloud = await startCloudWithSpa();
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await cloud?.stop();
});

async function openApp(viewport?: { width: number; height: number }, isMobile = false) {
  const browser = await launchBrowser(viewport, { isMobile });
  browsers.push(browser);
  const page = await browser.context.newPage();
  await page.goto(cloud.cloud.endpoints.cdn);
  return page;
}

/** Presses Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, describe: string, matches: () => boolean, limit = 30) {
  for (let n = 0; n < limit; n++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(matches)) return;
  }
  throw new Error(`${describe} is not reachable with Tab`);
}

describe("with the keyboard only", () => {
  it("signs in, uploads a photo, opens it and comes back, with focus always visible", async () => {
    const page = await openApp();
    const photo = await photoJpeg(1200, 800);

    await tabTo(page, "the user name", () => document.activeElement?.id === "dev-user");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("kim");
    await page.keyboard.press("Enter");
    await page.getByText("Signed in as kim").waitFor();
    // The gallery loaded (kim has none): nothing re-renders under the focus while tabbing.
    await page.getByText("No images yet.").waitFor({ timeout: 60_000 });
    await tabTo(
      page,
      "Choose files…",
      () => document.activeElement?.textContent === "Choose files…",
    );
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    const chooser = page.waitForEvent("filechooser");
    await page.keyboard.press("Enter");
    await (await chooser).setFiles({ name: "desk.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.getByRole("img", { name: "Photo desk.jpg" }).waitFor({ timeout: 120_000 });
    await tabTo(
      page,
      "the tile",
      () => document.activeElement?.classList.contains("tile-link") ?? false,
    );
    await page.keyboard.press("Enter");
    const heading = page.getByRole("heading", { name: "desk.jpg" });
    await heading.waitFor();
    const focusedHeading = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press("Escape");
    await page.getByRole("heading", { name: /Your images/ }).waitFor();

    expect(outline).toBe("solid");
    expect(focusedHeading).toBe("desk.jpg");
  });
});

describe("on a phone-sized screen", () => {
  it("fits the screen: two tiles a row, no sideways scrolling, a readable detail view", async () => {
    const page = await openApp({ width: 390, height: 844 }, true);
    const photos = await Promise.all([photoJpeg(1000, 1000), photoJpeg(800, 1200)]);
    await page.getByLabel("Local user (local)").fill("pat");
    await page.getByRole("button", { name: "Sign in as this user" }).click();

    await page.getByTestId("file-input").setInputFiles([
      { name: "one.jpg", mimeType: "image/jpeg", buffer: photos[0] ?? Buffer.alloc(0) },
      { name: "two.jpg", mimeType: "image/jpeg", buffer: photos[1] ?? Buffer.alloc(0) },
    ]);
    await page.getByRole("img", { name: "Photo one.jpg" }).waitFor({ timeout: 120_000 });
    await page.getByRole("img", { name: "Photo two.jpg" }).waitFor({ timeout: 120_000 });
    const tops = await page
      .locator("ul.grid > li")
      .evaluateAll((tiles) => tiles.map((tile) => tile.getBoundingClientRect().top));
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    await page.screenshot({ path: join(ARTIFACTS_DIR, "phone-gallery.png"), fullPage: true });
    await page.getByRole("link", { name: "Photo one.jpg" }).tap();
    await page.getByRole("heading", { name: "one.jpg" }).waitFor();
    const detailOverflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    await page.screenshot({ path: join(ARTIFACTS_DIR, "phone-detail.png"), fullPage: true });

    expect(tops).toHaveLength(2);
    expect(tops[0]).toBe(tops[1]);
    expect(overflow).toBe(0);
    expect(detailOverflow).toBe(0);
  });
});
