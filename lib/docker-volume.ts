import { Volume } from "@cdktf/provider-docker/lib/volume";
import { IConstruct } from "constructs";
import { claim } from "./names";
import { requireDockerName } from "./validate";

/**
 * Names a data volume of `owner`, creating it as a Terraform resource only
 * when the user opted out of retention: a retained volume is referenced by
 * name only, so Docker creates it on first use and `cdktf destroy` never
 * deletes it. Returns the name containers mount.
 */
export function dataVolume(owner: IConstruct, id: string, name: string, retain: boolean): string {
  requireDockerName(owner, `${id} volume name`, name);
  claim(owner, "volume name", name, `${id} volume`);
  return retain ? name : new Volume(owner, id, { name }).name;
}
