import * as crypto from "crypto";
import { Annotations, App, TerraformStack, Token } from "cdktf";
import { IConstruct } from "constructs";
import { SparkConfigError } from "../errors";
import { requireDockerName } from "./validate";

/** What a construct can claim on a Docker host; two claims of one kind and value clash. */
export type ClaimKind = "container name" | "volume name" | "network name" | "host port";

interface Claim {
  readonly kind: ClaimKind;
  readonly value: string;
  readonly owner: IConstruct;
  /** The prop or role the value comes from, for messages. */
  readonly what: string;
  /** A host port's number, and the Docker host it is on ("" for the stack's default one). */
  readonly port?: number;
  readonly host: string;
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
  const ids = [TerraformStack.of(scope).node.id, ...pathInStack(scope)];
  const name = dockerish(ids.join("-"));
  if (name.length <= MAX_BASE && /^[a-z0-9]/.test(name)) return name;
  // Shortened from the front: the construct's own id (the role: master, jupyter, data) stays readable in `docker ps`.
  const hash = crypto.createHash("sha256").update(scope.node.path).digest("hex").slice(0, 8);
  const own = dockerish(ids[ids.length - 1])
    .slice(0, MAX_BASE - 20)
    .replace(/-+$/, "");
  const head = dockerish(ids.slice(0, -1).join("-"))
    .slice(0, MAX_BASE - 10 - own.length)
    .replace(/-+$/, "");
  return [head, own, hash].filter((p) => p).join("-");
}

/** Lowercase letters, digits and single dashes, as Docker names, DNS labels and bucket names all accept. */
function dockerish(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
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

/** Constructs whose host ports all move with one setting (a workbench's portOffset), in the order registered. */
const portGroups = new WeakMap<TerraformStack, IConstruct[]>();

const groupOf = (owner: IConstruct): IConstruct | undefined => {
  const groups = portGroups.get(TerraformStack.of(owner)) ?? [];
  return [...owner.node.scopes].reverse().find((s) => groups.includes(s));
};

/**
 * Records that `owner` uses a name or host port. Clashes are judged on the
 * complete tree at synth (node.addValidation), so the order constructs are
 * created in does not matter: within a stack a clash fails synthesis once,
 * at the construct that claimed second, naming both; between stacks of one
 * app (deployable one at a time) it warns. Host ports of two port groups
 * (workbenches) clash as one error that gives a portOffset that works.
 * Values that are tokens are skipped: they resolve only at deploy time.
 * `host` names the Docker host the value lives on when it is not the stack's
 * default one (see Placement.hostKey): names and ports only clash on one host.
 */
export function claim(owner: IConstruct, kind: ClaimKind, value: string | number, what: string, host = ""): void {
  if (Token.isUnresolved(value)) return;
  const stack = TerraformStack.of(owner);
  const app = App.of(owner);
  const entry: Claim = {
    kind,
    value: host ? `${value} on ${host}` : String(value),
    owner,
    what,
    port: kind === "host port" ? Number(value) : undefined,
    host,
  };
  const inStack = stackClaims.get(stack) ?? [];
  stackClaims.set(stack, [...inStack, entry]);
  appClaims.set(app, [...(appClaims.get(app) ?? []), entry]);
  if (validated.has(owner)) return;
  validated.add(owner);
  owner.node.addValidation({
    validate: () => {
      const all = stackClaims.get(stack) ?? [];
      const mine = all.filter((c) => c.owner === owner);
      const errors: string[] = [];
      for (const c of mine) {
        // Reported once, by the later of the two claims.
        const earlier = all.slice(0, all.indexOf(c)).filter((o) => o.kind === c.kind && o.value === c.value);
        for (const o of earlier) {
          const [mineGroup, theirs] = [groupOf(owner), groupOf(o.owner)];
          if (c.kind === "host port" && mineGroup && theirs && mineGroup !== theirs) continue; // the group reports it
          const by = o.owner === owner ? `its own ${o.what}` : `${o.owner.node.path} (${o.what})`;
          const free = c.port !== undefined ? `, e.g. ${freePort(all, c)}` : "";
          errors.push(
            new SparkConfigError(
              owner,
              `${c.kind} ${c.value} of ${c.what} is also used by ${by}.`,
              `Give one of them another ${c.what}${free}.`,
            ).message,
          );
        }
        const elsewhere = (appClaims.get(app) ?? []).filter(
          (o) => o.kind === c.kind && o.value === c.value && TerraformStack.of(o.owner) !== stack,
        );
        for (const o of elsewhere) {
          Annotations.of(owner).addWarning(
            `${owner.node.path}: ${c.kind} ${c.value} (${c.what}) is also used by ${o.owner.node.path} in another stack: those two stacks cannot run on one Docker host at the same time.`,
          );
        }
      }
      return errors;
    },
  });
}

/** The first port above `c`'s that nothing in the stack publishes on its host. */
function freePort(all: Claim[], c: Claim): number {
  const taken = new Set(all.filter((o) => o.port !== undefined && o.host === c.host).map((o) => o.port));
  let port = c.port! + 1;
  while (taken.has(port)) port++;
  return port;
}

/**
 * Makes `group`'s host ports one unit for clashes: when they meet another
 * group's, `group` (the later one) fails synthesis with a single error that
 * lists the ports and gives a value of `setting` (its port offset, now
 * `offset`) under which none of them is taken.
 */
export function portGroup(group: IConstruct, offset: number, setting: string): void {
  const stack = TerraformStack.of(group);
  portGroups.set(stack, [...(portGroups.get(stack) ?? []), group]);
  group.node.addValidation({
    validate: () => {
      const all = (stackClaims.get(stack) ?? []).filter((c) => c.port !== undefined);
      const order = portGroups.get(stack) ?? [];
      const mine = all.filter((c) => groupOf(c.owner) === group);
      const others = all.filter((c) => groupOf(c.owner) !== group);
      const earlierGroups = order.slice(0, order.indexOf(group));
      const inEarlierGroup = (o: Claim) => earlierGroups.some((g) => g === groupOf(o.owner));
      const clashes = mine.filter((c) => others.some((o) => o.value === c.value && inEarlierGroup(o)));
      if (!clashes.length) return [];
      const owners = [
        ...new Set(
          others.filter((o) => inEarlierGroup(o) && clashes.some((c) => c.value === o.value)).map((o) => groupOf(o.owner)!.node.path),
        ),
      ];
      const taken = new Set(others.map((o) => o.value));
      let shift = 100;
      while (mine.some((c) => c.port! + shift > 65535 || taken.has(c.host ? `${c.port! + shift} on ${c.host}` : String(c.port! + shift))))
        shift += 100;
      return [
        new SparkConfigError(
          group,
          `host ports ${[...new Set(clashes.map((c) => c.value))].join(", ")} are also used by ${owners.join(", ")}.`,
          `Set ${setting}: ${offset + shift} (every port it publishes moves by the same amount; none is then taken).`,
        ).message,
      ];
    },
  });
}
