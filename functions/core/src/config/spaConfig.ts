import * as z from "zod";
import { parseConfig } from "./parseConfig.js";
import type { PipelineConfig } from "./pipelineConfig.js";

/** Where the SPA sends people to sign in, and what it asks for. */
export const spaAuthSchema = z.discriminatedUnion("kind", [
  z.object({
    /** The local cloud's dev issuer: one click signs in as any named user. */
    kind: z.literal("dev"),
    /** The issuer's base URL; `POST {issuer}/token` mints a token. */
    issuer: z.url(),
    scopes: z.array(z.string().min(1)).min(1),
  }),
  z.object({
    /** Any OpenID Connect issuer (Cognito's hosted UI by default): code flow with PKCE. */
    kind: z.literal("oidc"),
    /** The issuer (`authority`); its discovery document is read from it. */
    authority: z.url(),
    clientId: z.string().min(1),
    scopes: z.array(z.string().min(1)).min(1),
    /** Where signing out ends the issuer's session (Cognito's `/logout`); local sign-out only without. */
    logoutEndpoint: z.url().optional(),
  }),
]);
export type SpaAuth = z.output<typeof spaAuthSchema>;

/**
 * `config.json`, served next to the SPA: everything that differs between environments,
 * so one build serves all of them. The stack writes it from its outputs; the local cloud
 * answers it from its endpoints.
 *
 * @example
 * const config = parseSpaConfig(await (await fetch("/config.json")).json());
 * config.apiEndpoint; // "https://abc.execute-api.eu-west-1.amazonaws.com"
 */
export const spaConfigSchema = z.object({
  environment: z.string().min(1),
  /** The HTTP API, without a trailing slash. */
  apiEndpoint: z.url(),
  /** The CDN that serves the variants. */
  cdnUrl: z.url(),
  auth: spaAuthSchema,
  /** The config's `limits.maxUploadBytes`, so the browser refuses what the server would. */
  maxUploadBytes: z.number().int().positive(),
  /**
   * The config's `features.transform`: the API's images then carry a signed, responsive
   * `srcset` on the CDN's `/t/*`, which the SPA shows instead of the stored variants.
   */
  transforms: z.boolean().default(false),
});
export type SpaConfig = z.output<typeof spaConfigSchema>;

/** @throws ConfigError listing every invalid field */
export function parseSpaConfig(raw: unknown, source = "config.json"): SpaConfig {
  return parseConfig(spaConfigSchema, raw, `SPA config in ${source}`);
}

/**
 * The SPA's config for an environment, from its pipeline config and where the stack (or
 * the local cloud) put the API, the CDN and the sign-in.
 */
export function spaConfigFor(
  config: Pick<PipelineConfig, "environment" | "limits" | "features">,
  deployed: Pick<SpaConfig, "apiEndpoint" | "cdnUrl" | "auth">,
): SpaConfig {
  return {
    environment: config.environment,
    ...deployed,
    maxUploadBytes: config.limits.maxUploadBytes,
    transforms: config.features.transform,
  };
}
