import { type KeyObject, sign } from "node:crypto";

/**
 * A self-signed X.509 certificate (SHA256withRSA), DER-encoded by hand: the local SNS
 * serves it at `SigningCertURL`, so that subscribers verify signatures exactly as they
 * do against AWS's certificate. Node can parse certificates but not create them, and
 * the structure needed is small.
 */
export interface CertificateRequest {
  commonName: string;
  organization: string;
  /** Positive, at most 20 bytes as RFC 5280 asks. */
  serialNumber: Buffer;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const COMMON_NAME = "2.5.4.3";
const ORGANIZATION = "2.5.4.10";

/**
 * @returns the certificate as PEM
 * @example
 * const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
 * const pem = selfSignedCertificate({ commonName: "sns.local", organization: "imgpipe", ... });
 * new X509Certificate(pem).verify(publicKey); // true
 */
export function selfSignedCertificate(request: CertificateRequest): string {
  const algorithm = sequence(oid(SHA256_WITH_RSA), NULL);
  const name = sequence(
    set(sequence(oid(ORGANIZATION), utf8(request.organization))),
    set(sequence(oid(COMMON_NAME), utf8(request.commonName))),
  );
  const tbs = sequence(
    integer(request.serialNumber),
    algorithm,
    name,
    sequence(time(request.notBefore), time(request.notAfter)),
    name,
    request.publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = sign("sha256", tbs, request.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, "utf8"));
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const NULL = Buffer.from([0x05, 0x00]);

function integer(bytes: Buffer): Buffer {
  // A leading 0 keeps a value whose high bit is set positive.
  const first = bytes[0] ?? 0;
  return tlv(0x02, first & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) base128.unshift((v & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, "ascii"))
    : tlv(0x18, Buffer.from(`${iso}Z`, "ascii"));
}
