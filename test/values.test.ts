import { Duration, Size } from "../lib";

describe("typed values", () => {
  test("sizes read as Spark reads them, and as mebibytes", () => {
    expect(Size.gibibytes(2).toSparkString()).toBe("2g");
    expect(Size.gibibytes(1.5).toSparkString()).toBe("1536m");
    expect(Size.gibibytes(1.5).toMebibytes()).toBe(1536);
    expect(Size.mebibytes(512).toMebibytes()).toBe(512);
    expect(Size.parse(" 4G ").toMebibytes()).toBe(4096);
    expect(() => Size.parse("4 GB").toMebibytes()).toThrow(/"4 gb" is not a memory size/);
  });

  test("durations read as Spark reads them, and as seconds", () => {
    expect(Duration.days(30).toSparkString()).toBe("30d");
    expect(Duration.days(1).toSeconds()).toBe(86400);
    expect(Duration.minutes(15).toSeconds()).toBe(900);
    expect(Duration.parse("12h").toSeconds()).toBe(43200);
    expect(() => Duration.parse("forever").toSeconds()).toThrow(/"forever" is not a duration/);
  });
});
