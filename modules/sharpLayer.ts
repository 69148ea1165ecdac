import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { LambdaLayerVersion } from "@cdktf/provider-aws/lib/lambda-layer-version";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";

const LAYER_PACKAGE = "@imgpipe/sharp-layer";

/** What `layers/sharp` built: the archive and the sharp version and platform it holds. */
export interface SharpLayerArchive {
  /** Absolute path of the zip; only its hash and a relative copy reach the output. */
  readonly path: string;
  readonly sharpVersion: string;
  readonly platform: { readonly os: string; readonly cpu: string; readonly libc: string };
}

export interface SharpLayerProps {
  readonly layerName: string;
}

/**
 * sharp for Lambda's arm64 runtime, as a layer: the archive `layers/sharp` builds from
 * the npm registry (`nodejs/node_modules/sharp` and its linux-arm64 glibc binaries).
 * Functions that import sharp list {@link SharpLayer.arn} in their layers; their bundles
 * leave sharp out.
 *
 * @example
 * const sharp = new SharpLayer(this, "sharp", { layerName: "imgpipe-dev-sharp" });
 * new FunctionPackage(this, "process-image", { ...props, layers: [sharp.arn] });
 */
export class SharpLayer extends Construct {
  readonly layer: LambdaLayerVersion;
  readonly arn: string;

  constructor(scope: Construct, id: string, { layerName }: SharpLayerProps) {
    super(scope, id);
    const archive = sharpLayerArchive();
    // A file asset is copied, not zipped again: the layer is built once, at build time.
    const asset = new TerraformAsset(this, "archive", { path: archive.path, type: AssetType.FILE });
    this.layer = new LambdaLayerVersion(this, "layer", {
      layerName,
      description: `sharp ${archive.sharpVersion} for ${archive.platform.os}-${archive.platform.cpu} (${archive.platform.libc})`,
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      compatibleRuntimes: ["nodejs22.x"],
      compatibleArchitectures: ["arm64"],
    });
    this.arn = this.layer.arn;
  }
}

/**
 * Finds the archive through the layer package's `main`.
 *
 * @throws Error when the layer is not built yet
 */
export function sharpLayerArchive(): SharpLayerArchive {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve(`${LAYER_PACKAGE}/package.json`);
  const { main } = JSON.parse(readFileSync(manifestPath, "utf8")) as { main: string };
  const path = resolve(dirname(manifestPath), main);
  const builtFile = resolve(dirname(path), "layer.json");
  if (!existsSync(path) || !existsSync(builtFile)) {
    throw new Error(`The sharp layer is not built: run npm run build -w ${LAYER_PACKAGE}`);
  }
  const built = JSON.parse(readFileSync(builtFile, "utf8")) as {
    for: { sharp: string; os: string; cpu: string; libc: string };
  };
  const { sharp, ...platform } = built.for;
  return { path, sharpVersion: sharp, platform };
}
