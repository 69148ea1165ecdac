import { formatBytes } from "@imgpipe/core/browser";
import { useState } from "react";
import type { VariantView } from "../api/contract.js";
import { formatDimensions } from "../app/format.js";

/** Every rendered variant: its name, format, size and a button that copies its URL. */
export function VariantList({ variants }: { variants: VariantView[] }) {
  const sorted = [...variants].sort(
    (a, b) => a.width - b.width || a.format.localeCompare(b.format),
  );
  return (
    <table className="variants">
      <caption>Variants</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Format</th>
          <th scope="col">Dimensions</th>
          <th scope="col">Size</th>
          <th scope="col">
            <span className="visually-hidden">URL</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((variant) => (
          <tr key={variant.url}>
            <th scope="row">{variant.name}</th>
            <td>{variant.format.toUpperCase()}</td>
            <td>{formatDimensions(variant.width, variant.height)}</td>
            <td>{formatBytes(variant.bytes)}</td>
            <td>
              <CopyUrl variant={variant} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CopyUrl({ variant }: { variant: VariantView }) {
  const [copied, setCopied] = useState<"yes" | "no">();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(variant.url);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };
  return (
    <>
      <button
        type="button"
        className="button button--small"
        aria-label={`Copy the URL of ${variant.name} ${variant.format.toUpperCase()}`}
        onClick={copy}
      >
        Copy URL
      </button>
      <span role="status" className="copied">
        {copied === "yes" && "Copied"}
        {copied === "no" && <a href={variant.url}>Open</a>}
      </span>
    </>
  );
}
