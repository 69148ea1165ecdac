/**
 * The parts of `terraform show -json <planfile>` the plan summary reads (format 1.x):
 * https://developer.hashicorp.com/terraform/internals/json-format
 */
export type ChangeAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface ResourceChange {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** The `count` or `for_each` key of the instance. */
  readonly index?: string | number;
  readonly provider_name: string;
  readonly change: {
    readonly actions: readonly ChangeAction[];
    readonly before?: unknown;
    readonly after?: unknown;
    /** Mirrors `after`: `true` where the value is known only after apply. */
    readonly after_unknown?: unknown;
    /** Mirrors `after`: `true` where the value is sensitive. */
    readonly after_sensitive?: unknown;
    /** Attribute paths that force the replacement, e.g. `[["bucket_prefix"]]`. */
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
  /** Why: `replace_because_cannot_update`, `replace_by_request`, `delete_because_no_resource_config`, … */
  readonly action_reason?: string;
}

export interface PlanJson {
  readonly format_version: string;
  readonly terraform_version: string;
  readonly resource_changes?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly ChangeAction[] }>>;
  readonly errored?: boolean;
  readonly applyable?: boolean;
  readonly configuration?: {
    readonly root_module?: {
      readonly resources?: readonly {
        readonly address: string;
        readonly provider_config_key?: string;
        readonly expressions?: Readonly<
          Record<string, { readonly references?: readonly string[] }>
        >;
      }[];
    };
  };
}
