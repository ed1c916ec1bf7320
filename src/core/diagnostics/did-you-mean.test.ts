import { describe, expect, it } from "vitest";
import { closestMatch } from "./did-you-mean.js";

describe("closestMatch", () => {
  it.each([
    ["aply", ["validate", "plan", "apply"], "apply"],
    ["fromat", ["models", "format", "state"], "format"],
    ["nmae", ["name", "description", "unitLabel"], "name"],
    ["Currency", ["currency", "components"], "currency"],
    ["histroy", ["history", "import"], "history"],
  ])("suggests %s -> %s", (word, candidates, expected) => {
    expect(closestMatch(word, candidates)).toBe(expected);
  });

  it.each([
    ["xyz", ["apply", "plan"]],
    ["deploy", ["apply", "plan", "drift"]],
    ["id", ["ab"]],
    ["name", ["name"]],
  ])("suggests nothing for %s", (word, candidates) => {
    expect(closestMatch(word, candidates)).toBeUndefined();
  });

  it("prefers the closest, then the first given", () => {
    expect(closestMatch("plam", ["plan", "play"])).toBe("plan");
    expect(closestMatch("plab", ["play", "plan"])).toBe("play");
    expect(closestMatch("plans", ["plan", "planet"])).toBe("plan");
  });
});
