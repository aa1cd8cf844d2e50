import { Volume } from "@cdktf/provider-docker/lib/volume";
import { IConstruct } from "constructs";
import { claim } from "./names";
import { requireDockerName } from "./validate";

/**
 * Names a data volume of `owner`, creating it as a Terraform resource only
 * when the user opted out of retention: a retained volume is referenced by
 * name only, so Docker creates it on first use and `cdktf destroy` never
 * deletes it. Returns the name containers mount. Labels of a volume the stack
 * owns are what it belongs to: a new value replaces it (Docker cannot relabel one).
 */
export function dataVolume(owner: IConstruct, id: string, name: string, retain: boolean, labels: Record<string, string> = {}): string {
  requireDockerName(owner, `${id} volume name`, name);
  claim(owner, "volume name", name, `${id} volume`);
  if (retain) return name;
  const labelled = Object.entries(labels).map(([label, value]) => ({ label, value }));
  return new Volume(owner, id, { name, labels: labelled.length ? labelled : undefined }).name;
}
