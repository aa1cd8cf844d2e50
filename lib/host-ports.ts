import { Annotations, Token } from "cdktf";
import { IConstruct } from "constructs";
import { claim } from "./private/names";
import { requireHostIp, requirePort } from "./private/validate";

/** How a construct publishes its ports on the Docker host. */
export interface PublishProps {
  /**
   * Host address published ports bind to. Anything but loopback exposes the
   * service to the network and logs a synth-time warning.
   * @default "127.0.0.1" (or the cluster's, for roles attached to one)
   */
  readonly hostIp?: string;
}

/**
 * Validates and reserves host ports for one construct, so two services (or
 * two workers) are never published on the same port: a clash fails synthesis
 * naming both (see names.ts). `host` as in `claim`.
 */
export function claimHostPorts(scope: IConstruct, ports: Record<string, number>, host = ""): void {
  for (const [prop, port] of Object.entries(ports)) {
    claim(scope, "host port", requirePort(scope, prop, port), prop, host);
  }
}

/** Validates the bind address and warns when it is not loopback. */
export function hostIpFor(scope: IConstruct, hostIp: string | undefined): string {
  const ip = requireHostIp(scope, hostIp ?? "127.0.0.1");
  if (!Token.isUnresolved(ip) && !ip.startsWith("127.")) {
    Annotations.of(scope).addWarning(
      `${scope.node.path}: ports are published on ${ip}, reachable from other machines. Keep hostIp "127.0.0.1" unless you mean it.`,
    );
  }
  return ip;
}
