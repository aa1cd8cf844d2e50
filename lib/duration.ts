import { Token } from "cdktf";
import { numberText } from "./size";

/** A time as Spark reads it: whole seconds, minutes, hours or days, e.g. "90s", "30d". */
export const SPARK_TIME = /^([1-9]\d*)([smhd])$/;

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * A length of time in whole units, written the way Spark reads it ("30d",
 * "90s"). Checked where it is used, so a bad one (a fraction, zero, a
 * Terraform token) fails synthesis naming the construct and the prop.
 */
export class Duration {
  public static seconds(amount: number): Duration {
    return new Duration(`${numberText(amount)}s`);
  }

  public static minutes(amount: number): Duration {
    return new Duration(`${numberText(amount)}m`);
  }

  public static hours(amount: number): Duration {
    return new Duration(`${numberText(amount)}h`);
  }

  public static days(amount: number): Duration {
    return new Duration(`${numberText(amount)}d`);
  }

  /** Spark notation, as settings read from the environment give it: "90s", "15m", "12h", "30d". */
  public static parse(text: string): Duration {
    return new Duration(Token.isUnresolved(text) ? text : text.trim().toLowerCase());
  }

  private constructor(private readonly text: string) {}

  /** Whole seconds; throws when this is no duration the library can use. */
  public toSeconds(): number {
    const match = SPARK_TIME.exec(this.text);
    if (!match) throw new Error(`"${this.text}" is not a duration: use a whole number followed by s, m, h or d, e.g. "30d".`);
    return Number(match[1]) * SECONDS[match[2]];
  }

  /** As Spark reads it, in the unit it was given in: "30d", "90s". */
  public toSparkString(): string {
    return this.text;
  }
}
