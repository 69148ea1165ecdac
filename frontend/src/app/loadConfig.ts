import { parseSpaConfig, type SpaConfig } from "@imgpipe/core/browser";

/**
 * Reads `config.json` from next to the app: the API, the CDN, sign-in and limits of the
 * environment this build is served from. Never cached, so a redeploy takes effect.
 */
export async function loadConfig(fetcher: typeof fetch = fetch): Promise<SpaConfig> {
  const response = await fetcher("/config.json", { cache: "no-store" });
  if (!response.ok) {
    throw new Error(
      `The app's settings (config.json) could not be loaded: HTTP ${response.status}.`,
    );
  }
  return parseSpaConfig(await response.json());
}
