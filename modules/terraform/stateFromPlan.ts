import { randomUUID } from "node:crypto";
import type { PlanJson, ResourceChange } from "../deploy/planJson.js";

/**
 * A Terraform state (format 4) as if a plan had been applied, for planning changes
 * offline: no AWS account ever creates the resources, so what only AWS would know (ids,
 * ARNs, generated names) gets a plausible placeholder of the right type. Planning the
 * same configuration against it again changes nothing but what depended on those
 * placeholders; {@link settleState} repeats until nothing changes.
 */

type CtyType = string | [string, unknown];

interface SchemaBlock {
  attributes?: Record<string, { type?: CtyType; nested_type?: unknown }>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}

/** `terraform providers schema -json`, as far as this file reads it. */
export interface ProviderSchemas {
  provider_schemas: Record<
    string,
    { resource_schemas?: Record<string, { version: number; block: SchemaBlock }> }
  >;
}

type ConfiguredResources = NonNullable<
  NonNullable<PlanJson["configuration"]>["root_module"]
>["resources"] & {};

/** Where the placeholders pretend to live. */
export interface PlaceholderAccount {
  readonly account: string;
  readonly region: string;
}

export interface TerraformState {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, unknown>;
  resources: unknown[];
  check_results: null;
}

/**
 * The state a plan's managed resources would have after an apply (data sources are left
 * out: Terraform reads them again at every plan).
 *
 * @example
 * const state = stateFromPlan(plan, schemas, { account: "123456789012", region: "eu-west-1" });
 */
export function stateFromPlan(
  plan: PlanJson,
  schemas: ProviderSchemas,
  where: PlaceholderAccount,
  previous?: Pick<TerraformState, "lineage" | "serial">,
): TerraformState {
  const configured = plan.configuration?.root_module?.resources ?? [];
  const providerKeys = new Map(configured.map((r) => [r.address, r.provider_config_key]));
  const byResource = new Map<string, { base: Record<string, unknown>; instances: unknown[] }>();
  for (const change of plan.resource_changes ?? []) {
    if (
      change.mode !== "managed" ||
      (change.change.actions.includes("delete") && !change.change.actions.includes("create"))
    ) {
      continue;
    }
    const schema = schemas.provider_schemas[change.provider_name]?.resource_schemas?.[change.type];
    if (!schema) throw new Error(`no provider schema for ${change.type}`);
    const label = labelOf(change);
    const attributes = fillBlock(change.change.after, change.change.after_unknown, schema.block, {
      ...where,
      type: change.type,
      label,
    });
    const key = `${change.type}.${change.name}`;
    const alias = providerKeys.get(key)?.split(".")[1];
    const entry = byResource.get(key) ?? {
      base: {
        mode: "managed",
        type: change.type,
        name: change.name,
        provider: `provider["${change.provider_name}"]${alias ? `.${alias}` : ""}`,
      },
      instances: [],
    };
    entry.instances.push({
      ...(change.index === undefined ? {} : { index_key: change.index }),
      schema_version: schema.version,
      attributes,
      sensitive_attributes: sensitivePaths(change.change.after_sensitive),
    });
    byResource.set(key, entry);
  }
  copyReferencedPlaceholders(plan, byResource, configured);
  return {
    version: 4,
    terraform_version: "1.10.0",
    serial: (previous?.serial ?? 0) + 1,
    lineage: previous?.lineage ?? randomUUID(),
    outputs: {},
    resources: [...byResource.values()].map(({ base, instances }) => ({ ...base, instances })),
    check_results: null,
  };
}

interface Context extends PlaceholderAccount {
  readonly type: string;
  readonly label: string;
}

/** The name a resource is known by: its configured name, else its address's name. */
function labelOf(change: ResourceChange): string {
  const after = (change.change.after ?? {}) as Record<string, unknown>;
  for (const key of [
    "name",
    "function_name",
    "layer_name",
    "bucket",
    "alarm_name",
    "domain_name",
  ]) {
    if (typeof after[key] === "string" && after[key]) return after[key] as string;
  }
  if (typeof after.bucket_prefix === "string") return `${after.bucket_prefix}0001`;
  return change.name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .slice(0, 60);
}

function fillBlock(value: unknown, unknown: unknown, block: SchemaBlock, context: Context) {
  const known = (value ?? {}) as Record<string, unknown>;
  const unknowns = (unknown ?? {}) as Record<string, unknown>;
  const filled: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    filled[name] =
      unknowns[name] === true
        ? placeholder(attribute.type ?? "string", name, context)
        : fillValue(known[name], unknowns[name], attribute.type, name, context);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const items = known[name];
    if (nested.nesting_mode === "single" || nested.nesting_mode === "group") {
      filled[name] = items == null ? null : fillBlock(items, unknowns[name], nested.block, context);
    } else if (Array.isArray(items)) {
      const unknownItems = Array.isArray(unknowns[name]) ? (unknowns[name] as unknown[]) : [];
      filled[name] = items.map((item, i) =>
        fillBlock(item, unknownItems[i], nested.block, context),
      );
    } else {
      filled[name] = [];
    }
  }
  return filled;
}

/** A known value with unknown parts inside (a list with an unknown element, …). */
function fillValue(
  value: unknown,
  unknown: unknown,
  type: CtyType | undefined,
  name: string,
  context: Context,
) {
  if (unknown === undefined || unknown === false || value === undefined) return value ?? null;
  if (Array.isArray(value) && Array.isArray(unknown)) {
    const element = Array.isArray(type) ? (type[1] as CtyType) : "string";
    return value.map((item, i) =>
      unknown[i] === true ? placeholder(element, name, context) : item,
    );
  }
  return value;
}

function placeholder(type: CtyType, name: string, context: Context): unknown {
  if (Array.isArray(type)) {
    const [kind] = type;
    if (kind === "list" || kind === "set") return [];
    if (kind === "map") return {};
    return null;
  }
  if (type === "number") return 0;
  if (type === "bool") return false;
  return placeholderString(name, context);
}

/** ARNs, ids, URLs and host names that look like AWS's; "" for every other string. */
function placeholderString(name: string, { account, region, type, label }: Context): string {
  const service = type.split("_")[1] ?? "aws";
  if (name === "arn" || name.endsWith("_arn")) {
    if (service === "iam") return `arn:aws:iam::${account}:role/${label}`;
    if (service === "s3") return `arn:aws:s3:::${label}`;
    if (service === "cloudfront")
      return `arn:aws:cloudfront::${account}:${type.slice(15)}/${label}`;
    return `arn:aws:${service}:${region}:${account}:${label}`;
  }
  if (name === "id" || name === "bucket" || name === "name" || name.endsWith("_id")) return label;
  if (name === "url" || name.endsWith("_url") || name.endsWith("endpoint")) {
    return `https://${label}.example.invalid`;
  }
  if (name.endsWith("domain_name") || name === "domain") return `${label}.example.invalid`;
  return "";
}

/**
 * An unknown attribute set to another resource's attribute (`bucket = aws_s3_bucket.x.id`)
 * takes that resource's placeholder, as an apply would, so the next plan sees them agree.
 */
function copyReferencedPlaceholders(
  plan: PlanJson,
  byResource: Map<string, { instances: unknown[] }>,
  configured: ConfiguredResources,
): void {
  const attributesOf = (address: string) =>
    (byResource.get(address)?.instances[0] as { attributes?: Record<string, unknown> } | undefined)
      ?.attributes;
  // A chain (a → b → c) settles in as many passes as it is long; three cover these stacks.
  for (let pass = 0; pass < 3; pass++) {
    for (const change of plan.resource_changes ?? []) {
      const unknowns = (change.change.after_unknown ?? {}) as Record<string, unknown>;
      const expressions = configured.find((r) => r.address === change.address)?.expressions ?? {};
      const attributes = attributesOf(change.address);
      if (!attributes) continue;
      for (const [name, isUnknown] of Object.entries(unknowns)) {
        const reference = expressions[name]?.references?.[0]?.split(".");
        if (isUnknown !== true || reference?.length !== 3) continue;
        const value = attributesOf(`${reference[0]}.${reference[1]}`)?.[reference[2] as string];
        // Only a whole value: `[aws_sns_topic.x.arn]` names the topic inside a list.
        if (typeof value === typeof attributes[name]) attributes[name] = value;
      }
    }
  }
}

/** The state's form of a plan's `after_sensitive` (else the next plan changes sensitivity). */
function sensitivePaths(sensitive: unknown, path: unknown[] = []): unknown[][] {
  if (sensitive === true) return [path];
  if (Array.isArray(sensitive)) {
    return sensitive.flatMap((item, i) =>
      sensitivePaths(item, [...path, { type: "index", value: { value: i, type: "number" } }]),
    );
  }
  if (sensitive && typeof sensitive === "object") {
    return Object.entries(sensitive).flatMap(([name, item]) =>
      sensitivePaths(item, [...path, { type: "get_attr", value: name }]),
    );
  }
  return [];
}
