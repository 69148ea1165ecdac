import { createHash } from "node:crypto";
import { type ApiScope, isValidId } from "@imgpipe/core";
import type { Context } from "hono";
import type { AppEnv } from "./appEnv.js";
import { ApiError } from "./problems.js";

/** Who is calling: the owner every read and write is confined to. */
export interface Caller {
  ownerId: string;
}

/**
 * The caller, from the claims API Gateway's JWT authorizer verified. The authorizer has
 * already refused bad tokens and missing scopes; this checks again, so that the app is
 * safe wherever it runs.
 *
 * @throws ApiError `unauthorized` without a subject, `forbidden` without `scope`
 */
export function caller(c: Context<AppEnv>, scope: ApiScope): Caller {
  const jwt = c.env?.event?.requestContext?.authorizer?.jwt;
  const subject = jwt?.claims?.sub;
  if (typeof subject !== "string" || subject === "") {
    throw new ApiError("unauthorized", "Send a bearer token from the configured issuer");
  }
  const scopes = jwt?.scopes ?? String(jwt?.claims?.scope ?? "").split(" ");
  if (!scopes.includes(scope)) {
    throw new ApiError("forbidden", `This needs a token with the scope ${scope}`);
  }
  return { ownerId: ownerIdFor(subject) };
}

/**
 * The owner id of a subject. Ids are key segments (`uploads/{ownerId}/…`), so a subject
 * with other characters (e.g. `auth0|123`) is replaced by a hash of itself: still one
 * owner per subject, never a path.
 */
export function ownerIdFor(subject: string): string {
  if (isValidId(subject)) return subject;
  return `sub-${createHash("sha256").update(subject).digest("hex").slice(0, 40)}`;
}
