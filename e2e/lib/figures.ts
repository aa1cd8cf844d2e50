/** Each scenario's figures and checks, as a section of docs/e2e-results.md. */
import { log } from "./shell";

export class Figures {
  private readonly rows: [string, string][] = [];
  private readonly notes: string[] = [];

  constructor(readonly title: string) {}

  /** A measured value, e.g. add("cluster-stack deploy", 46, "s"). */
  add(what: string, value: number | string, unit = ""): void {
    this.rows.push([what, `${value}${unit ? ` ${unit}` : ""}`]);
    log(`figure: ${what} = ${value}${unit ? ` ${unit}` : ""}`);
  }

  /** Something the scenario checked and saw hold. */
  checked(what: string): void {
    this.notes.push(what);
    log(`checked: ${what}`);
  }

  markdown(): string {
    const table = this.rows.length ? ["| what | value |", "|---|---|", ...this.rows.map(([w, v]) => `| ${w} | ${v} |`), ""] : [];
    return [`## ${this.title}`, "", ...table, ...this.notes.map((n) => `- ${n}`), ""].join("\n");
  }
}
