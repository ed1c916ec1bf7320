import { describe, expect, it } from "vitest";
import { modelsFromFiles } from "../../../test/helpers/pipeline.js";
import { desiredObjects } from "../stripe/desired.js";

const model = `apiVersion: pricing/v1
kind: PricingModel
id: cfg
product:
  name: Configured
currency: eur
components:
  - { id: base, type: flat, amount: 1.00, interval: month }
configuration:
  ratio: 1.50
  big: 12345678901234567890
  hex: 0x1F
  flag: True
  plain: text
`;

describe("configuration values", () => {
  it("reach Stripe's metadata exactly as written, never through a JavaScript number", () => {
    const [cfg] = modelsFromFiles([{ path: "cfg.yaml", text: model }]);
    const binding = desiredObjects(cfg ? [cfg] : [], "test").find((d) => d.type === "metadata_binding");
    expect(binding?.fields.metadata).toEqual({
      pricing_cfg_ratio: "1.50",
      pricing_cfg_big: "12345678901234567890",
      pricing_cfg_hex: "0x1F",
      pricing_cfg_flag: "True",
      pricing_cfg_plain: "text",
    });
  });
});
