/** Longest file name kept in a key; the extension survives the cut. */
export const MAX_FILE_NAME = 100;

/**
 * A file name fit for an object key: the last path segment only (no traversal), no
 * control or reserved characters, no leading dots, at most {@link MAX_FILE_NAME}
 * characters with the extension kept, and never empty.
 *
 * @example
 * safeFileName("../../etc/passwd"); // "passwd"
 * safeFileName("Summer trip (1).JPG"); // "Summer-trip-1-.JPG"
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? "";
  const cleaned = base
    .normalize("NFKC")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[.-]+/, "");
  const dot = cleaned.lastIndexOf(".");
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  const stem = (ext ? cleaned.slice(0, dot) : cleaned).slice(0, MAX_FILE_NAME - ext.length);
  return stem === "" ? `upload${ext}` : `${stem}${ext}`;
}
