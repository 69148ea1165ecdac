import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import {
  SPA_CACHE_CONTROL,
  SPA_CONFIG_FILE,
  SPA_CONTENT_TYPES,
  SPA_HASHED_DIR,
  type SpaConfig,
} from "@imgpipe/core";
import { AssetType, Fn, ref, TerraformAsset, TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";

export interface FrontendSiteProps {
  /** The private frontend bucket CloudFront serves the SPA from. */
  readonly bucket: S3Bucket;
  /** `config.json`: the API, CDN and sign-in of this stack (Terraform references resolve at apply). */
  readonly spaConfig: SpaConfig;
}

/**
 * The SPA in the frontend bucket: every file of the build (`frontend/dist`) with its
 * content type and cache header — hashed `assets/*` immutable, the rest revalidated — and
 * `config.json` written from the stack's own outputs, so one build serves every
 * environment. The file list is Terraform's `fileset` over the build, so a new build
 * changes the plan's objects, never the synthesized code.
 *
 * @example
 * new FrontendSite(this, "spa", { bucket: storage.frontend, spaConfig });
 */
export class FrontendSite extends Construct {
  readonly files: S3Object;
  readonly runtimeConfig: S3Object;

  constructor(scope: Construct, id: string, props: FrontendSiteProps) {
    super(scope, id);
    const build = new TerraformAsset(this, "build", {
      path: spaBuildDirectory(),
      type: AssetType.DIRECTORY,
    });
    // Relative to the stack's folder, not Terraform's working directory, so the stack
    // also works as a module of another configuration.
    const root = Fn.join("/", [Token.asString(ref("path.module")), build.path]);
    const files = TerraformIterator.fromList(Fn.fileset(root, "**"));
    const file = Fn.join("/", [root, files.value]);
    const extension = Fn.lower(Fn.element(Fn.reverse(Fn.split(".", files.value)), 0));
    this.files = new S3Object(this, "files", {
      forEach: files,
      bucket: props.bucket.id,
      key: files.value,
      source: file,
      sourceHash: Fn.filemd5(file),
      contentType: Fn.lookup(SPA_CONTENT_TYPES, extension, "application/octet-stream"),
      cacheControl: Fn.conditional(
        Fn.startswith(files.value, SPA_HASHED_DIR),
        SPA_CACHE_CONTROL.hashed,
        SPA_CACHE_CONTROL.revalidated,
      ),
    });
    this.runtimeConfig = new S3Object(this, "config", {
      bucket: props.bucket.id,
      key: SPA_CONFIG_FILE,
      content: Fn.jsonencode(props.spaConfig),
      contentType: SPA_CONTENT_TYPES.json,
      cacheControl: SPA_CACHE_CONTROL.revalidated,
    });
  }
}

/** `frontend/dist`, found through the workspace package so no path is hard-coded. */
function spaBuildDirectory(): string {
  const require = createRequire(import.meta.url);
  const directory = join(dirname(require.resolve("@imgpipe/frontend/package.json")), "dist");
  if (!existsSync(join(directory, "index.html"))) {
    throw new Error(
      "The SPA is not built (frontend/dist is missing): run npm run build -w @imgpipe/frontend",
    );
  }
  return directory;
}
