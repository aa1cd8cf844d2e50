import { Token } from "cdktf";

/** A number as text; a Terraform token stays one, so the check where it is used refuses it by name. */
/** Memory as Spark and the JVM read it: whole MiB or GiB, e.g. "512m", "2g". */
export const SPARK_MEMORY = /^([1-9]\d*)([mg])$/;

export const numberText = (amount: number) => (Token.isUnresolved(amount) ? Token.asString(amount) : String(amount));

/**
 * An amount of memory, as containers and Spark take it: whole mebibytes,
 * written the way Spark reads it ("2g", "1536m"). Checked where it is used,
 * so a bad one (a fraction of a MiB, zero, a Terraform token) fails
 * synthesis naming the construct and the prop.
 */
export class Size {
  /** `amount` MiB. */
  public static mebibytes(amount: number): Size {
    return new Size(`${numberText(amount)}m`);
  }

  /** `amount` GiB; 1.5 is 1536 MiB. */
  public static gibibytes(amount: number): Size {
    if (Token.isUnresolved(amount)) return new Size(`${numberText(amount)}g`);
    return new Size(Number.isInteger(amount) ? `${amount}g` : `${amount * 1024}m`);
  }

  /** Spark and JVM notation, as settings read from the environment give it: "512m", "2g". */
  public static parse(text: string): Size {
    return new Size(Token.isUnresolved(text) ? text : text.trim().toLowerCase());
  }

  private constructor(private readonly text: string) {}

  /** Whole mebibytes; throws when this is no size the library can use. */
  public toMebibytes(): number {
    const match = SPARK_MEMORY.exec(this.text);
    if (!match) throw new Error(`"${this.text}" is not a memory size: use a whole number followed by m or g, e.g. "512m" or "2g".`);
    return Number(match[1]) * (match[2] === "g" ? 1024 : 1);
  }

  /** As Spark reads it: "2g" or "1536m". */
  public toSparkString(): string {
    return this.text;
  }
}
