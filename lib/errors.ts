import { IConstruct } from "constructs";

/**
 * Fails synthesis with a message that names the construct (its path in the
 * tree) and says what to change, so a bad value never reaches Terraform.
 */
export function configError(scope: IConstruct, message: string): Error {
  return new Error(`${scope.constructor.name} "${scope.node.path}": ${message}`);
}
