import * as crypto from "crypto";
import { Annotations, App, TerraformStack, Token } from "cdktf";
import { IConstruct } from "constructs";
import { SparkConfigError } from "./errors";
import { requireDockerName } from "./validate";

/** What a construct can claim on a Docker host; two claims of one kind and value clash. */
export type ClaimKind = "container name" | "volume name" | "network name" | "host port";

interface Claim {
  readonly kind: ClaimKind;
  readonly value: string;
  readonly owner: IConstruct;
  /** The prop or role the value comes from, for messages. */
  readonly what: string;
}

// Longest default base name: leaves room for suffixes such as "-notebooks" or "-worker-12"
// within Docker's (and DNS's) 63 characters.
const MAX_BASE = 40;

/**
 * The default Docker name of a construct: its stack's id and its path below the
 * stack, e.g. "team-spark-master" for team/spark/master. Unique in the app by
 * construction, the same on every synth, lowercase so it also works as a bucket name.
 */
export function uniqueName(scope: IConstruct): string {
  const name = [TerraformStack.of(scope).node.id, ...pathInStack(scope)].join("-").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
  if (name.length <= MAX_BASE && /^[a-z0-9]/.test(name)) return name;
  const hash = crypto.createHash("sha256").update(scope.node.path).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_BASE - 9).replace(/-+$/, "") || "cdktf-spark"}-${hash}`;
}

/** The ids from the construct's stack (excluded) down to the construct, e.g. ["spark", "master"]. */
export function pathInStack(scope: IConstruct): string[] {
  const scopes = scope.node.scopes;
  return scopes.slice(scopes.indexOf(TerraformStack.of(scope)) + 1).map((s) => s.node.id);
}

/**
 * The name of a container `owner` runs: the one given, or its unique name
 * plus `suffix`; validated for Docker and claimed, so a duplicate fails synthesis.
 */
export function containerName(owner: IConstruct, given: string | undefined, prop = "name", suffix = ""): string {
  const name = requireDockerName(owner, prop, given ?? `${uniqueName(owner)}${suffix}`);
  claim(owner, "container name", name, prop);
  return name;
}

const stackClaims = new WeakMap<TerraformStack, Claim[]>();
const appClaims = new WeakMap<App, Claim[]>();
const validated = new WeakSet<IConstruct>();

/**
 * Records that `owner` uses a name or host port. Clashes are judged on the
 * complete tree at synth (node.addValidation), so the order constructs are
 * created in does not matter: within a stack a clash fails synthesis, naming
 * both constructs; between stacks of one app (deployable one at a time) it warns.
 * Values that are tokens are skipped: they resolve only at deploy time.
 * `host` names the Docker host the value lives on when it is not the stack's
 * default one (see Placement.hostKey): names and ports only clash on one host.
 */
export function claim(owner: IConstruct, kind: ClaimKind, value: string | number, what: string, host = ""): void {
  if (Token.isUnresolved(value)) return;
  const stack = TerraformStack.of(owner);
  const app = App.of(owner);
  const entry: Claim = { kind, value: host ? `${value} on ${host}` : String(value), owner, what };
  const inStack = stackClaims.get(stack) ?? [];
  stackClaims.set(stack, [...inStack, entry]);
  appClaims.set(app, [...(appClaims.get(app) ?? []), entry]);
  if (validated.has(owner)) return;
  validated.add(owner);
  owner.node.addValidation({
    validate: () => {
      const mine = (stackClaims.get(stack) ?? []).filter((c) => c.owner === owner);
      const errors: string[] = [];
      for (const c of mine) {
        const others = (stackClaims.get(stack) ?? []).filter((o) => o !== c && o.kind === c.kind && o.value === c.value);
        for (const o of others) {
          // One construct reusing a value for two of its own roles is its own bug to report once.
          if (o.owner === owner && mine.indexOf(o) < mine.indexOf(c)) continue;
          const by = o.owner === owner ? `its own ${o.what}` : `${o.owner.node.path} (${o.what})`;
          errors.push(new SparkConfigError(owner, `${c.kind} ${c.value} of ${c.what} is also used by ${by}.`, `Give one of them another ${c.what}.`).message);
        }
        const elsewhere = (appClaims.get(app) ?? []).filter((o) =>
          o.kind === c.kind && o.value === c.value && TerraformStack.of(o.owner) !== stack);
        for (const o of elsewhere) {
          Annotations.of(owner).addWarning(`${owner.node.path}: ${c.kind} ${c.value} (${c.what}) is also used by ${o.owner.node.path} in another stack: those two stacks cannot run on one Docker host at the same time.`);
        }
      }
      return errors;
    },
  });
}
