import { WebhookError } from "./errors.js";

/** SNS's own hosts: sns.<region>.amazonaws.com, and .amazonaws.com.cn in China. */
const SNS_HOST = /^sns\.[a-z]{2}(?:-[a-z]+)+-\d\.amazonaws\.com(?:\.cn)?$/;

/**
 * Whether a URL in an SNS message (its SigningCertURL or SubscribeURL) may be fetched:
 * https on an SNS host with the default port, or under one of the extra trusted origins
 * (e.g. the local cloud's SNS stand-in, `http://127.0.0.1:4575`).
 */
export function isTrustedSnsUrl(url: string, trustedOrigins: readonly string[] = []): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return false;
  if (trustedOrigins.some((origin) => normalizeOrigin(origin) === parsed.origin)) return true;
  return parsed.protocol === "https:" && parsed.port === "" && SNS_HOST.test(parsed.hostname);
}

/**
 * Checks a SigningCertURL before anything is fetched from it.
 *
 * @throws WebhookError `untrusted_certificate_url`
 */
export function checkCertificateUrl(url: string, trustedOrigins: readonly string[]): void {
  const isPem = URL.canParse(url) && new URL(url).pathname.endsWith(".pem");
  if (!isPem || !isTrustedSnsUrl(url, trustedOrigins)) {
    throw new WebhookError(
      "untrusted_certificate_url",
      `The signing certificate ${url} is not a .pem served over https by sns.<region>.amazonaws.com(.cn)${trustedOrigins.length ? ` or ${trustedOrigins.join(", ")}` : ""}.`,
    );
  }
}

function normalizeOrigin(origin: string): string {
  return URL.canParse(origin) ? new URL(origin).origin : origin;
}
