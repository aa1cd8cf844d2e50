import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { SparkConfigError } from "./errors";
import { requireHostIp } from "./private/validate";

/**
 * A Docker host a worker group runs on, and the address the cluster's other
 * hosts reach it by. Roles placed on a host run on its host network and bind
 * to and advertise that address only.
 */
export interface SparkHost {
  /**
   * The host's Docker provider, declared in the stack like any other: e.g.
   * `new DockerProvider(stack, "gpu-box", { alias: "gpu-box", host: "ssh://spark@10.0.0.12" })`
   * or `host: "tcp://10.0.0.12:2376"` with `certPath` (TLS).
   * @default the stack's default Docker provider: the master's own host
   */
  readonly provider?: DockerProvider;
  /** The host's IPv4 address on the network the cluster's hosts share (not loopback, not 0.0.0.0). */
  readonly address: string;
}

/** Where a role that runs executors runs in a cluster spanning hosts: the Docker host, and its address there. */
export interface Placement {
  /** The Docker host's provider. @default the stack's default Docker provider */
  readonly provider?: DockerProvider;
  /** The host's address on the network the cluster's hosts share: what the role binds and advertises. */
  readonly address: string;
}

/** Which Docker host a placement is on, for claims of names and ports: "" for the stack's default provider. */
export function hostKeyOf(placement?: Placement): string {
  return placement?.provider?.node.path ?? "";
}

/** The placement's Docker host, in messages. */
export function hostLabelOf(placement: Placement): string {
  return placement.provider ? `Docker host ${placement.provider.node.path}` : "this Docker host";
}

/** Checks a host's address: an address the other hosts can reach, never loopback or a wildcard. */
export function requireClusterAddress(scope: IConstruct, prop: string, address: string): string {
  requireHostIp(scope, address, prop);
  if (!Token.isUnresolved(address) && (address.startsWith("127.") || address === "0.0.0.0")) {
    throw new SparkConfigError(
      scope,
      `${prop} "${address}" cannot be reached from another host.`,
      `Use this host's address on the network the cluster's hosts share, e.g. "10.0.0.11".`,
    );
  }
  return address;
}

/** The placement of a role on `host` (validated), or on the stack's default Docker host. */
export function placementOf(scope: IConstruct, host: SparkHost, prop = "host.address"): Placement {
  const address = requireClusterAddress(scope, prop, host.address);
  if (host.provider && !host.provider.alias) {
    // Terraform takes a provider block without alias as the default one: the role would land on the master's host.
    throw new SparkConfigError(
      scope,
      `host.provider ${host.provider.node.path} has no alias, so Terraform would take it for the stack's default Docker provider and run this role on the master's host.`,
      `Give it an alias: new DockerProvider(stack, "${host.provider.node.id}", { alias: "${host.provider.node.id}", host: ... }).`,
    );
  }
  return host.provider ? { provider: host.provider, address } : { address };
}
