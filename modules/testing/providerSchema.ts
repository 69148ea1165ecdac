import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TerraformJson } from "./terraformJson.js";

/**
 * The AWS provider's schema as far as the synthesized JSON needs it, read offline from
 * the bindings `@cdktf/provider-aws` generated from it: each resource's
 * `synthesizeAttributes()` lists its argument and block names, and each nested block's
 * `…ToTerraform(struct)` function lists the block's own.
 */
export interface BlockSchema {
  /** Arguments: any value, not checked further (maps like `tags` included). */
  readonly attributes: ReadonlySet<string>;
  /** Nested blocks, checked recursively. */
  readonly blocks: ReadonlyMap<string, BlockSchema>;
}

/** Terraform's meta-arguments, valid on every resource and data source. */
const META_ARGUMENTS = new Set([
  "count",
  "for_each",
  "provider",
  "depends_on",
  "lifecycle",
  "provisioner",
  "connection",
  // cdktf's metadata in the JSON output; Terraform ignores "//" keys.
  "//",
]);
const LIFECYCLE_ARGUMENTS = new Set([
  "create_before_destroy",
  "prevent_destroy",
  "ignore_changes",
  "replace_triggered_by",
  "precondition",
  "postcondition",
]);
/** Arguments of Terraform's S3 and local backends (not part of any provider). */
const BACKEND_ARGUMENTS: Record<string, ReadonlySet<string>> = {
  local: new Set(["path", "workspace_dir"]),
  s3: new Set([
    "bucket",
    "key",
    "region",
    "encrypt",
    "use_lockfile",
    "kms_key_id",
    "workspace_key_prefix",
    "profile",
    "assume_role",
    "assume_role_with_web_identity",
    "skip_credentials_validation",
    "skip_region_validation",
    "skip_metadata_api_check",
    "dynamodb_table",
    "acl",
  ]),
};

const require = createRequire(import.meta.url);
const libDir = join(dirname(require.resolve("@cdktf/provider-aws/package.json")), "lib");
const cache = new Map<string, BlockSchema | undefined>();

/**
 * The schema of a resource type (`aws_s3_bucket`), a data source (`data.aws_iam_policy_document`)
 * or the provider itself (`provider.aws`); undefined when the provider has no such type.
 */
export function schemaOf(type: string): BlockSchema | undefined {
  if (!cache.has(type)) cache.set(type, loadSchema(type));
  return cache.get(type);
}

function loadSchema(type: string): BlockSchema | undefined {
  const { folder, tfType } = bindingOf(type);
  const file = join(libDir, folder, "index.js");
  if (!existsSync(file)) return undefined;
  const source = readFileSync(file, "utf8");
  // The folder name is derived from the type: make sure it is that type's binding.
  if (tfType && !source.includes(`.tfResourceType = "${tfType}";`)) return undefined;

  const structs = new Map<string, string>();
  for (const match of source.matchAll(/^function (\w+)ToTerraform\(struct\) \{([\s\S]*?)^\}$/gm)) {
    const [, name = "", body = ""] = match;
    structs.set(`${name}ToTerraform`, returnedObject(body));
  }
  const top = /^ {4}synthesizeAttributes\(\) \{([\s\S]*?)^ {4}\}$/m.exec(source)?.[1];
  if (top === undefined) return undefined;
  return blockSchema(returnedObject(top), structs, new Map());
}

/** Where the binding of a type lives, and the type its class declares. */
function bindingOf(type: string): { folder: string; tfType?: string } {
  if (type === "provider.aws") return { folder: "provider" };
  const data = type.startsWith("data.");
  const name = data ? type.slice("data.".length) : type;
  const folder = `${data ? "data-" : ""}${name.replace(/^aws_/, "aws-").replace(/_/g, "-")}`;
  return {
    folder: data ? folder : folder.replace(/^aws-/, ""),
    tfType: data ? name : type,
  };
}

/** The text between `return {` and its `};` in a function body. */
function returnedObject(body: string): string {
  const start = body.indexOf("return {");
  const end = body.lastIndexOf("};");
  return start >= 0 && end > start ? body.slice(start + "return {".length, end) : "";
}

function blockSchema(
  object: string,
  structs: ReadonlyMap<string, string>,
  seen: Map<string, BlockSchema>,
): BlockSchema {
  const attributes = new Set<string>();
  const blocks = new Map<string, BlockSchema>();
  for (const [, key = "", expression = ""] of object.matchAll(/^\s+(\w+): (.*),$/gm)) {
    const struct = /(?<!cdktf\.)\b([a-z]\w*ToTerraform)\b/.exec(expression)?.[1];
    const nested = struct ? structs.get(struct) : undefined;
    if (struct && nested !== undefined) {
      const known = seen.get(struct);
      if (known) {
        blocks.set(key, known);
      } else {
        const schema = blockSchema(nested, structs, seen);
        seen.set(struct, schema);
        blocks.set(key, schema);
      }
    } else {
      attributes.add(key);
    }
  }
  return { attributes, blocks };
}

/**
 * Every resource type, data source, argument and block name in `tf` that the AWS
 * provider (or Terraform, for meta-arguments and backends) does not know, as paths like
 * `resource.aws_s3_bucket.b.force_destroi`.
 */
export function unknownNames(tf: TerraformJson): string[] {
  const problems: string[] = [];
  for (const [section, prefix] of [
    ["resource", ""],
    ["data", "data."],
  ] as const) {
    for (const [type, instances] of Object.entries(tf[section] ?? {})) {
      const schema = schemaOf(`${prefix}${type}`);
      if (!schema) {
        problems.push(`${section}.${type}`);
        continue;
      }
      for (const [name, block] of Object.entries(instances)) {
        checkBlock(block, schema, `${section}.${type}.${name}`, problems, true);
      }
    }
  }
  const providerSchema = schemaOf("provider.aws");
  for (const [index, provider] of (tf.provider.aws ?? []).entries()) {
    if (providerSchema) {
      const withAlias = {
        ...providerSchema,
        attributes: new Set([...providerSchema.attributes, "alias"]),
      };
      checkBlock(provider, withAlias, `provider.aws[${index}]`, problems, false);
    }
  }
  for (const [name, settings] of Object.entries(
    (tf.terraform.backend ?? {}) as Record<string, object>,
  )) {
    const allowed = BACKEND_ARGUMENTS[name];
    if (!allowed) {
      problems.push(`terraform.backend.${name}`);
      continue;
    }
    for (const key of Object.keys(settings)) {
      if (!allowed.has(key)) problems.push(`terraform.backend.${name}.${key}`);
    }
  }
  return problems;
}

function checkBlock(
  block: unknown,
  schema: BlockSchema,
  path: string,
  problems: string[],
  topLevel: boolean,
): void {
  // A whole block given as an expression ("${…}") cannot be checked offline.
  if (typeof block !== "object" || block === null) return;
  for (const [key, value] of Object.entries(block)) {
    if (topLevel && META_ARGUMENTS.has(key)) {
      if (key === "lifecycle") {
        for (const argument of Object.keys(value as object)) {
          if (!LIFECYCLE_ARGUMENTS.has(argument)) problems.push(`${path}.lifecycle.${argument}`);
        }
      }
      continue;
    }
    const nested = schema.blocks.get(key);
    if (nested) {
      const instances = Array.isArray(value) ? value : [value];
      instances.forEach((instance, index) => {
        checkBlock(instance, nested, `${path}.${key}[${index}]`, problems, false);
      });
    } else if (!schema.attributes.has(key)) {
      problems.push(`${path}.${key}`);
    }
  }
}
