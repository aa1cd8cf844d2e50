// Every type a declaration of the installed package refers to is importable from "cdktf-spark":
// a type users see in a signature but cannot name forces casts or deep imports (which `exports` blocks).
const fs = require("fs");
const path = require("path");
const dist = path.join(path.dirname(require.resolve("cdktf-spark/package.json")), "dist");
const exported = new Set(fs.readFileSync(path.join(dist, "index.d.ts"), "utf8").match(/\b[A-Z][A-Za-z0-9_]*\b/g));
const missing = [];
for (const file of fs.readdirSync(dist).filter((f) => f.endsWith(".d.ts"))) {
  for (const [, names] of fs.readFileSync(path.join(dist, file), "utf8").matchAll(/import \{([^}]*)\} from "\.\/[^"]+"/g)) {
    for (const name of names.split(",").map((n) => n.replace(/\btype\b/, "").trim()).filter(Boolean)) {
      if (!exported.has(name)) missing.push(`${name} (used in ${file})`);
    }
  }
}
if (missing.length) {
  console.error(`types used in the public declarations but not exported from index: ${[...new Set(missing)].join(", ")}`);
  process.exit(1);
}
console.log(`ok: every type the declarations use is exported (${exported.size} names in index.d.ts)`);
