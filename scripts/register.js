/**
 * `node -r ./scripts/register.js app.ts`: runs this repository's cdktf apps (main.ts, the e2e's own apps).
 * Each .ts file is compiled by esbuild once per content and kept in node_modules/.cache, so a synth loads
 * plain JavaScript. tsx compiles per file and caches too, but its loader hooks cost ~0.45 s of every synth
 * here (docs/synth-performance.md): a tenth of `cdktf synth`, and of a no-change `npm run up`.
 * Type errors are `npm run typecheck`'s to find, as with tsx.
 */
const { createHash } = require("crypto");
const fs = require("fs");
const path = require("path");

const CACHE = path.join(__dirname, "..", "node_modules", ".cache", "cdktf-spark-ts");
const ESBUILD_VERSION = require("esbuild/package.json").version;

require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8");
  const key = createHash("sha256").update(`${ESBUILD_VERSION}\0${filename}\0${source}`).digest("hex").slice(0, 32);
  const cached = path.join(CACHE, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, "utf8");
  } catch {
    code = require("esbuild").transformSync(source, {
      loader: "ts",
      format: "cjs",
      target: "node20",
      sourcefile: filename,
      sourcemap: "inline",
    }).code;
    fs.mkdirSync(CACHE, { recursive: true });
    // Apps run side by side (the e2e's scenarios): a reader sees a whole file or none.
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
  }
  module._compile(code, filename);
};
