import { useContext, useState } from "react";
import type { ImageView, VariantView } from "../api/contract.js";
import { thumbhashDataUrl } from "./placeholder.js";
import { TransformsContext } from "./transforms.js";

/** Formats in the order a browser should prefer them; the last is the `<img>` fallback. */
const FORMAT_PREFERENCE = ["avif", "webp", "jpeg", "png", "gif"];

export interface PictureProps {
  image: ImageView;
  alt: string;
  /** The `sizes` attribute: how wide the picture is drawn, so the browser picks a width. */
  sizes: string;
  /** Keep only variants of the original's shape (the detail view leaves out square crops). */
  sameShapeOnly?: boolean;
  className?: string;
}

/**
 * An image at the size it is drawn. Where transforms are on, one `<img>` over the API's
 * signed `srcset` (the CDN picks AVIF, WebP or JPEG from `Accept`); otherwise a
 * `<picture>` over the stored variants: one `<source>` per format with every width in
 * its `srcset`. Either way the browser picks the width it needs from `sizes`; until the
 * file arrives, the ThumbHash preview on the dominant colour stands in.
 */
export function Picture({ image, alt, sizes, sameShapeOnly, className }: PictureProps) {
  const [loaded, setLoaded] = useState(false);
  const responsive = useContext(TransformsContext) ? image.responsive : undefined;
  const variants = sameShapeOnly ? sameShape(image) : image.variants;
  const formats = [...new Set(variants.map((v) => v.format))].sort((a, b) => rank(a) - rank(b));
  const fallback = formats.at(-1);
  const placeholder = thumbhashDataUrl(image.thumbhash);
  const img = (src: string | undefined, srcset: string) => (
    <img
      src={src}
      srcSet={srcset}
      sizes={sizes}
      alt={alt}
      loading="lazy"
      decoding="async"
      width={image.width}
      height={image.height}
      onLoad={() => setLoaded(true)}
    />
  );
  return (
    <div
      className={`picture${loaded ? " picture--loaded" : ""} ${className ?? ""}`}
      style={{
        backgroundColor: image.dominantColour,
        ...(placeholder && { backgroundImage: `url(${placeholder})` }),
        ...(sameShapeOnly &&
          image.width &&
          image.height && { aspectRatio: `${image.width} / ${image.height}` }),
      }}
    >
      {responsive && img(responsive.src, responsive.srcset)}
      {!responsive && fallback && (
        <picture>
          {formats.slice(0, -1).map((format) => (
            <source
              key={format}
              type={variantsOf(variants, format)[0]?.contentType}
              srcSet={srcset(variantsOf(variants, format))}
              sizes={sizes}
            />
          ))}
          {img(
            largest(variantsOf(variants, fallback))?.url,
            srcset(variantsOf(variants, fallback)),
          )}
        </picture>
      )}
    </div>
  );
}

function rank(format: string): number {
  const at = FORMAT_PREFERENCE.indexOf(format);
  return at === -1 ? FORMAT_PREFERENCE.length : at;
}

function variantsOf(variants: VariantView[], format: string): VariantView[] {
  return variants.filter((v) => v.format === format).sort((a, b) => a.width - b.width);
}

function srcset(variants: VariantView[]): string {
  return variants.map((v) => `${v.url} ${v.width}w`).join(", ");
}

function largest(variants: VariantView[]): VariantView | undefined {
  return variants.at(-1);
}

/** Variants whose aspect ratio is the original's, within rounding. */
function sameShape(image: ImageView): VariantView[] {
  if (!image.width || !image.height) return image.variants;
  const ratio = image.width / image.height;
  const kept = image.variants.filter((v) => Math.abs(v.width / v.height - ratio) < 0.02);
  return kept.length > 0 ? kept : image.variants;
}
