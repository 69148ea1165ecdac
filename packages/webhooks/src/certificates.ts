import { X509Certificate } from "node:crypto";
import { WebhookError } from "./errors.js";

/** Fetches a certificate's PEM text; replaceable for tests or a custom HTTP client. */
export type FetchCertificate = (url: string) => Promise<string>;

export interface CertificateCacheOptions {
  fetchCertificate?: FetchCertificate;
  /** How long a fetched certificate is kept. Default: 1 hour. */
  ttlMs?: number;
  /** Most certificates kept; the oldest is dropped first. Default: 50. */
  maxEntries?: number;
}

/** A PEM certificate is a few kilobytes; anything far larger is not one. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;
const FETCH_TIMEOUT_MS = 5_000;

/**
 * SNS signing certificates by URL. SNS uses one certificate per region for months, so
 * each is fetched once per `ttlMs`; concurrent requests for the same URL share one
 * fetch, and a failed fetch is not remembered.
 */
export class CertificateCache {
  private readonly entries = new Map<
    string,
    { at: number; certificate: Promise<X509Certificate> }
  >();
  private readonly fetchCertificate: FetchCertificate;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(options: CertificateCacheOptions = {}) {
    this.fetchCertificate = options.fetchCertificate ?? fetchPem;
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 50;
  }

  /** @throws WebhookError `certificate_unavailable` */
  get(url: string, now = Date.now()): Promise<X509Certificate> {
    const cached = this.entries.get(url);
    if (cached && now - cached.at < this.ttlMs) return cached.certificate;
    const certificate = this.load(url);
    this.entries.set(url, { at: now, certificate });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    certificate.catch(() => this.entries.delete(url));
    return certificate;
  }

  private async load(url: string): Promise<X509Certificate> {
    let pem: string;
    try {
      pem = await this.fetchCertificate(url);
    } catch (cause) {
      throw new WebhookError(
        "certificate_unavailable",
        `The signing certificate ${url} could not be fetched.`,
        { cause },
      );
    }
    try {
      return new X509Certificate(pem);
    } catch (cause) {
      throw new WebhookError("certificate_unavailable", `${url} did not serve a PEM certificate.`, {
        cause,
      });
    }
  }
}

async function fetchPem(url: string): Promise<string> {
  const response = await fetch(url, {
    redirect: "error",
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  if (body.byteLength > MAX_CERTIFICATE_BYTES) throw new Error("the response is too large");
  return new TextDecoder().decode(body);
}
