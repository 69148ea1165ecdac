/**
 * `ListObjectVersions` for s3rver, which keeps one copy of each object: every object is
 * listed as its only, latest version, with the version id `null` (as S3 lists objects
 * of a bucket that never had versioning on). Read from s3rver's ListObjects (v1).
 */
export async function listObjectVersionsXml(
  upstream: string,
  bucket: string,
  query: URLSearchParams,
): Promise<string> {
  const prefix = query.get("prefix") ?? "";
  const marker = query.get("key-marker") ?? "";
  const maxKeys = Math.min(Number(query.get("max-keys") ?? 1000) || 1000, 1000);
  const list = new URL(`/${encodeURIComponent(bucket)}`, upstream);
  list.search = new URLSearchParams({ prefix, marker, "max-keys": String(maxKeys) }).toString();
  const response = await fetch(list);
  const xml = await response.text();
  if (!response.ok) return xml;
  const versions = [...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map((match) => {
    const tag = (name: string) =>
      new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(match[1] ?? "")?.[1] ?? "";
    return {
      key: tag("Key"),
      lastModified: tag("LastModified"),
      etag: tag("ETag"),
      size: tag("Size"),
    };
  });
  const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
  const next = truncated ? versions.at(-1)?.key : undefined;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>${bucket}</Name><Prefix>${prefix}</Prefix><KeyMarker>${marker}</KeyMarker>`,
    `<VersionIdMarker></VersionIdMarker><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>`,
    ...(next
      ? [`<NextKeyMarker>${next}</NextKeyMarker><NextVersionIdMarker>null</NextVersionIdMarker>`]
      : []),
    ...versions.map(
      (v) =>
        `<Version><Key>${v.key}</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><LastModified>${v.lastModified}</LastModified><ETag>${v.etag}</ETag><Size>${v.size}</Size><StorageClass>STANDARD</StorageClass></Version>`,
    ),
    "</ListVersionsResult>",
  ].join("");
}
