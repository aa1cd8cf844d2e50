import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Construct } from "constructs";
import { requireDockerName } from "./validate";

export interface DataVolumeOptions {
  /** Docker volume name. */
  readonly name: string;
  /**
   * Keep the volume (and its data) when the stack is destroyed. When true the
   * volume is only referenced by name, so Docker creates it on first use and
   * Terraform never deletes it; when false it is a docker_volume resource and
   * `cdktf destroy` deletes it with its data.
   */
  readonly retain: boolean;
}

/**
 * Names a data volume, creating it as a Terraform resource only when the user
 * opted out of retention. Returns the name containers mount.
 */
export function dataVolume(scope: Construct, id: string, options: DataVolumeOptions): string {
  requireDockerName(scope, `${id} volume name`, options.name);
  if (!options.retain) {
    return new Volume(scope, id, { name: options.name }).name;
  }
  return options.name;
}
