import { readFileSync } from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..");

describe("README", () => {
  test("shows, as its import example, exactly the consumer app CI installs, type-checks and synthesizes", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Importing the constructs"));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBe(readFileSync(path.join(root, "test", "consumer", "main.ts"), "utf8"));
  });
});
