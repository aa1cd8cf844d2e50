/**
 * The unit suite against cdktn, from the rewritten source. The tests of this repository's prose and scripts
 * (readme, docs, register) are about one text, not about a framework: they run once, in the cdktf suite.
 */
module.exports = {
  ...require("./jest.base.js"),
  testPathIgnorePatterns: ["/node_modules/", "/test/(readme|docs|register)\\.test\\.ts$"],
};
