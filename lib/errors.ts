import { IConstruct } from "constructs";

/**
 * The one error a construct of this library raises for bad input: it names
 * the construct (type and path in the tree) and says what to change, so a bad
 * value never reaches Terraform or Docker.
 */
export class SparkConfigError extends Error {
  /** Path of the construct whose input is wrong, e.g. "team/spark/master". */
  public readonly constructPath: string;
  /** What the user should change. */
  public readonly fix: string;

  constructor(scope: IConstruct, problem: string, fix: string) {
    super(`${scope.constructor.name} "${scope.node.path}": ${problem} ${fix}`);
    this.name = "SparkConfigError";
    this.constructPath = scope.node.path;
    this.fix = fix;
  }
}
