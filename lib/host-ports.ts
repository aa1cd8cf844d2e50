import { Annotations, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { configError } from "./errors";
import { requireHostIp, requirePort } from "./validate";

/** How a construct publishes its ports on the Docker host. */
export interface PublishProps {
  /**
   * Host address published ports bind to. Anything but loopback exposes the
   * service to the network and logs a synth-time warning.
   * @default "127.0.0.1"
   */
  readonly hostIp?: string;
}

const claims = new WeakMap<TerraformStack, Map<number, string>>();

/**
 * Reserves host ports for one construct in its stack, so two services (or two
 * workers) can never be published on the same port. Fails synthesis on a clash.
 */
export function claimHostPorts(scope: IConstruct, ports: Record<string, number>): void {
  const stack = TerraformStack.of(scope);
  const taken = claims.get(stack) ?? new Map<number, string>();
  claims.set(stack, taken);
  for (const [prop, port] of Object.entries(ports)) {
    requirePort(scope, prop, port);
    const owner = taken.get(port);
    if (owner) {
      throw configError(scope, `${prop} ${port} is already published by ${owner}. Choose another ${prop}.`);
    }
    taken.set(port, `${scope.node.path} (${prop})`);
  }
}

/** Validates the bind address and warns when it is not loopback. */
export function hostIpFor(scope: IConstruct, props: PublishProps): string {
  const ip = requireHostIp(scope, props.hostIp ?? "127.0.0.1");
  if (!ip.startsWith("127.")) {
    Annotations.of(scope).addWarning(`${scope.node.path}: ports are published on ${ip}, reachable from other machines. Keep hostIp "127.0.0.1" unless you mean it.`);
  }
  return ip;
}
