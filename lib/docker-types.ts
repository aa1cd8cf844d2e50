// The Docker vocabulary every role shares: networks, volumes, limits, /etc/hosts entries.
import { Size } from "./size";

/**
 * A Docker network: a `docker_network` resource or data source (or anything
 * with its name). An interface, not a struct, so that Python and other jsii
 * languages can pass the provider's `Network` object itself.
 */
export interface IDockerNetwork {
  /** The network's name. */
  readonly name: string;
}

/** A named volume (or host folder) mounted into a container. */
export interface VolumeMount {
  readonly volumeName?: string;
  readonly hostPath?: string;
  readonly containerPath: string;
  readonly readOnly?: boolean;
}

/** Memory and CPU one container may use. */
export interface ResourceLimits {
  /** Memory cap, e.g. Size.gibibytes(4). */
  readonly memory?: Size;
  /** CPU cap in cores, e.g. 1 or 0.5. */
  readonly cpus?: number;
}

/** An /etc/hosts entry of a container. */
export interface HostEntry {
  readonly host: string;
  readonly ip: string;
}
