import { IConstruct } from "constructs";

// Global (Symbol.for): the same symbol in every copy of the library a process loads.
const BRAND = Symbol.for("cdktf-spark.SparkConfigError");

/**
 * The one error a construct of this library raises for bad input: it names
 * the construct (type and path in the tree) and says what to change, so a bad
 * value never reaches Terraform or Docker.
 *
 * JavaScript and TypeScript only: jsii classes cannot extend `Error`, so in
 * other languages the same message arrives as the binding's runtime error
 * (Python: a `RuntimeError` with the same message).
 *
 * @jsii ignore
 */
export class SparkConfigError extends Error {
  /**
   * Whether `x` is a SparkConfigError, also one thrown by another copy of this
   * library (two versions in one node_modules), where `instanceof` says no.
   */
  public static isSparkConfigError(x: unknown): x is SparkConfigError {
    return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }

  /** Path of the construct whose input is wrong, e.g. "team/spark/master". */
  public readonly constructPath: string;
  /** What the user should change. */
  public readonly fix: string;

  constructor(scope: IConstruct, problem: string, fix: string) {
    super(`${scope.constructor.name} "${scope.node.path}": ${problem} ${fix}`);
    this.name = "SparkConfigError";
    this.constructPath = scope.node.path;
    this.fix = fix;
    Object.defineProperty(this, BRAND, { value: true });
  }
}
