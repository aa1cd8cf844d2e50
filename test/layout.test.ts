import { readFileSync, readdirSync } from "fs";
import * as path from "path";

const root = path.join(__dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const index = read("lib/index.ts");
const exportedFrom = new Set([...index.matchAll(/^export (?:type )?\{[^}]*\} from "\.\/([^"]+)";$/gm)].map((m) => m[1]));

describe("lib/: the public/private line", () => {
  test("every file at the top of lib/ is something lib/index.ts exports from (constructs and public types)", () => {
    const top = readdirSync(path.join(root, "lib"))
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""));
    expect(top.filter((f) => !exportedFrom.has(f))).toEqual([]);
  });

  test("lib/index.ts exports nothing from lib/private/", () => {
    expect([...exportedFrom].filter((f) => f.startsWith("private/"))).toEqual([]);
    expect(readdirSync(path.join(root, "lib", "private")).length).toBeGreaterThan(0);
  });

  test("the stacks and the app reach the library only through lib/index.ts", () => {
    const files = [...readdirSync(path.join(root, "stacks")).map((f) => `stacks/${f}`), "main.ts"].filter((f) => f.endsWith(".ts"));
    for (const file of files) {
      const deep = [...read(file).matchAll(/from "((?:\.\.?\/)+lib\/[^"]+)"/g)].map((m) => m[1]);
      expect({ file, deep }).toEqual({ file, deep: [] });
    }
  });
});
