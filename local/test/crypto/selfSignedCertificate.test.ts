import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../../src/crypto/selfSignedCertificate.js";

describe("selfSignedCertificate", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

  it("makes a certificate Node parses, for the given key, signed by that key", () => {
    const pem = selfSignedCertificate({
      commonName: "sns.example.test",
      organization: "imgpipe tests",
      serialNumber: Buffer.from([0x81, 0x02]),
      notBefore: new Date("2026-01-01T00:00:00Z"),
      notAfter: new Date("2056-01-01T00:00:00Z"),
      publicKey,
      privateKey,
    });

    const certificate = new X509Certificate(pem);
    expect(certificate.subject).toBe("O=imgpipe tests\nCN=sns.example.test");
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.serialNumber).toBe("8102");
    expect(new Date(certificate.validFrom).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    // After 2049 the validity switches to GeneralizedTime.
    expect(new Date(certificate.validTo).toISOString()).toBe("2056-01-01T00:00:00.000Z");
    expect(certificate.publicKey.equals(publicKey)).toBe(true);
    expect(certificate.verify(publicKey)).toBe(true);
  });
});
