import * as z from "zod";

/**
 * The parts of an environment config that only the AWS deployment reads: feature
 * switches, sign-in, the custom domain, function sizes, retention and protection.
 * The local cloud ignores them; every field has a default, so older configs still parse.
 */

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

export const featuresSchema = z.object({
  /** The HTTP API, its JWT authorizer and (with the cognito provider) the user pool. */
  api: z.boolean().default(true),
  /**
   * The SPA: its build and `config.json` in the frontend bucket and, with the cognito
   * provider, the hosted sign-in it sends people to. Needs `api`.
   */
  spa: z.boolean().default(true),
  /** On-the-fly transforms under `/t/*` on the CDN, and the signed `srcset` the API and the SPA use. */
  transform: z.boolean().default(true),
});
export type Features = z.output<typeof featuresSchema>;

const httpsUrl = z.url({ protocol: /^https$/, error: "use an https URL" });

export const authSchema = z.discriminatedUnion("provider", [
  z.object({
    /** A Cognito user pool and a public app client (no secret) made by the stack. */
    provider: z.literal("cognito"),
    /** Where the hosted sign-in may send users back to; none keeps OAuth flows off. */
    callbackUrls: z
      .array(httpsUrl.or(z.url({ protocol: /^http$/, hostname: /^localhost$/ })))
      .default([]),
  }),
  z.object({
    /** Any OpenID Connect issuer, e.g. Auth0, Okta, Entra ID or Google. */
    provider: z.literal("oidc"),
    /** The `iss` claim; `/.well-known/openid-configuration` must be served under it. */
    issuer: httpsUrl,
    /** Accepted `aud` (or `client_id`) values. */
    audience: z.array(z.string().min(1)).min(1),
    /**
     * The SPA's public client (code flow + PKCE) registered at the issuer, with the
     * CDN's `/callback` as a redirect URL; without it the SPA is not deployed.
     */
    spaClientId: z.string().min(1).optional(),
  }),
]);
export type AuthConfig = z.output<typeof authSchema>;

const hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "use a lowercase DNS name such as images.example.com",
  );

export const domainSchema = z
  .object({
    /** The CDN's own name, e.g. `images.example.com`. */
    name: hostname,
    /** A Route 53 hosted zone of the name: the stack validates the certificate and adds the alias records. */
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, "use a Route 53 hosted zone id such as Z0123456789ABC")
      .optional(),
    /** An existing ACM certificate in us-east-1 (CloudFront's region) that covers the name. */
    certificateArn: z
      .string()
      .regex(
        /^arn:aws:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
        "use an ACM certificate ARN in us-east-1",
      )
      .optional(),
  })
  .refine((domain) => domain.hostedZoneId || domain.certificateArn, {
    message: "a domain needs a hostedZoneId (to validate a new certificate) or a certificateArn",
  });
export type DomainConfig = z.output<typeof domainSchema>;

const functionSize = (memoryMb: number, timeoutSeconds: number) =>
  z
    .object({
      memoryMb: z.number().int().min(128).max(10_240).default(memoryMb),
      timeoutSeconds: z.number().int().min(1).max(900).default(timeoutSeconds),
    })
    .prefault({});

export const functionsSchema = z.object({
  /** How long every function's logs are kept. */
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `use one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
    })
    .default(30),
  /** sharp decodes up to limits.maxInputPixels and renders every variant at once. */
  processImage: functionSize(2048, 60),
  transform: functionSize(1536, 30),
  /**
   * The HTTP API's function: signs uploads and reads rows, and converts images for
   * `POST /transform` (up to 4.4 MiB in, decoded to at most limits.maxInputPixels), so it
   * is sized for image work; 29 s ends it before API Gateway's 30 s integration timeout.
   */
  api: functionSize(1536, 29),
});
export type FunctionsConfig = z.output<typeof functionsSchema>;

export const retentionSchema = z.object({
  /** Days after which originals in the uploads bucket expire; kept forever when left out. */
  originalsDays: z.number().int().min(1).optional(),
  /** Hours after which a `pending` row whose upload never arrived is deleted (DynamoDB TTL). */
  pendingUploadHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
});
export type RetentionConfig = z.output<typeof retentionSchema>;

export const apiSchema = z.object({
  /** Steady-state requests per second across the API. */
  throttleRatePerSecond: z.number().int().min(1).default(50),
  /** Requests the API absorbs in a burst above the rate. */
  throttleBurst: z.number().int().min(1).default(100),
});
export type ApiConfig = z.output<typeof apiSchema>;

export const alarmsSchema = z.object({
  /** Subscribed to the alarm topic; the address must confirm the subscription. */
  email: z.email().optional(),
});
export type AlarmsConfig = z.output<typeof alarmsSchema>;
