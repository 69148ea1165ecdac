import * as z from "zod";

/**
 * Where a function finds the key that signs transform URLs: a Secrets Manager secret
 * (AWS), or the key itself (the local cloud). The transform function verifies with it;
 * the API signs the URLs it hands out with it.
 */
export type SigningKeySource = { secretArn: string } | { value: string };

/** The environment variables that carry a `SigningKeySource`; part of each function's schema. */
export const signingKeyEnvFields = {
  IMGPIPE_SIGNING_KEY_SECRET_ARN: z.string().startsWith("arn:").optional(),
  IMGPIPE_SIGNING_KEY: z.string().min(16).optional(),
};

/** What a function's environment schema should say when neither variable is set. */
export const MISSING_SIGNING_KEY =
  "set IMGPIPE_SIGNING_KEY_SECRET_ARN (or IMGPIPE_SIGNING_KEY locally)";

/** The environment variables of one `SigningKeySource`. */
export function signingKeyEnvironment(source: SigningKeySource): Record<string, string> {
  return "secretArn" in source
    ? { IMGPIPE_SIGNING_KEY_SECRET_ARN: source.secretArn }
    : { IMGPIPE_SIGNING_KEY: source.value };
}

/** The `SigningKeySource` in a parsed environment, if it has one. */
export function signingKeySourceOf(env: {
  IMGPIPE_SIGNING_KEY_SECRET_ARN?: string | undefined;
  IMGPIPE_SIGNING_KEY?: string | undefined;
}): SigningKeySource | undefined {
  if (env.IMGPIPE_SIGNING_KEY_SECRET_ARN) return { secretArn: env.IMGPIPE_SIGNING_KEY_SECRET_ARN };
  if (env.IMGPIPE_SIGNING_KEY) return { value: env.IMGPIPE_SIGNING_KEY };
  return undefined;
}
