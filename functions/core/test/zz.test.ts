import { it } from "vitest";
import { inspectImage } from "../src/index.js";
import { testLimits } from "./fixtures.js";
import { encodeHeic, gradientPng, withDeclaredSize } from "./heicFixtures.js";

it("x", async () => {
  const bytes = withDeclaredSize(await encodeHeic([await gradientPng(64, 48)]), 100_000, 100_000);
  try {
    await inspectImage(bytes, testLimits());
  } catch (e) {
    console.log(e, (e as Error).cause);
  }
});
