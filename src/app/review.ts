/**
 * What a reviewer sees beside a plan: the customer impact of the usage profiles and the policy
 * rules of the repository's config. Reads `pricing.config.yaml` and the profiles folder; a
 * problem in either stops the command with positioned diagnostics, as an invalid model does.
 */
import type { PricingConfig } from "../core/config/config.js";
import { type Diagnostic, sortDiagnostics } from "../core/diagnostics/diagnostic.js";
import { PricingError } from "../core/diagnostics/errors.js";
import { componentChanges } from "../core/impact/changes.js";
import { computeImpact, type Impact } from "../core/impact/impact.js";
import { checkProfiles, type UsageProfile } from "../core/impact/profile.js";
import type { PricingModel } from "../core/model/types.js";
import type { Plan } from "../core/plan/types.js";
import { evaluatePolicy, type PolicyResult } from "../core/policy/policy.js";
import type { State } from "../core/state/types.js";
import { loadConfig } from "../edge/files/config.js";
import { loadProfiles } from "../edge/files/profiles.js";
import { loadState, type Workspace } from "./workspace.js";

/** The config, checked; throws with its diagnostics when it is invalid. */
export function readRepositoryConfig(ws: Workspace): PricingConfig {
  const config = loadConfig(ws.cwd);
  if ("profiles" in config) return config;
  throw new PricingError("pricing.config.yaml is invalid; nothing was planned", sortDiagnostics(config));
}

/** The usage profiles, checked against the models; throws with their diagnostics when one is invalid. */
export function readProfiles(
  ws: Workspace,
  config: PricingConfig,
  models: readonly PricingModel[],
  state?: State,
  /** Receives the warnings (a profile naming a model that does not exist). */
  warnings?: Diagnostic[],
): readonly UsageProfile[] {
  const set = loadProfiles(config.profiles, ws.cwd);
  // A model the pull request removes still has its meters: profiles may name them.
  const published = (state?.objects ?? [])
    .filter((o) => o.active)
    .flatMap((o) => {
      if (o.type === "billing_meter")
        return [o.key.slice(o.key.indexOf("#meter:") + "#meter:".length), String(o.fields.event_name ?? "")];
      if (o.type === "product") return [o.key];
      return o.type === "price" ? [o.key.slice(o.key.indexOf("/") + 1)] : [];
    });
  const problems = [...set.diagnostics, ...checkProfiles(set.profiles, models, published)];
  const errors = problems.filter((d) => d.severity === "error").length;
  if (errors > 0)
    throw new PricingError(
      `${errors} error${errors === 1 ? "" : "s"} in the usage profiles under ${config.profiles}/`,
      sortDiagnostics(problems),
    );
  warnings?.push(...problems);
  return set.profiles;
}

/**
 * Every problem in the config and the usage profiles, for `pricing validate` (which reports them
 * beside the models' own, so CI annotates them on their line). Meters of models in the state
 * count as known, as in a plan: a pull request removing a model may keep a profile naming its meter.
 */
export function reviewFileDiagnostics(ws: Workspace, models: readonly PricingModel[]): Diagnostic[] {
  const config = loadConfig(ws.cwd);
  if (!("profiles" in config)) return [...config];
  let state: State | undefined;
  try {
    state = loadState(ws);
  } catch {
    state = undefined; // an unreadable state is the plan's to report, not validate's
  }
  try {
    const warnings: Diagnostic[] = [];
    readProfiles(ws, config, models, state, warnings);
    return warnings;
  } catch (e) {
    if (e instanceof PricingError) return [...e.diagnostics];
    throw e;
  }
}

/** The impact and policy outcome of a plan; no impact when the repository has no usage profiles. */
export interface Review {
  readonly impact?: Impact;
  readonly policy: PolicyResult;
}

/** Computes what the reviewer sees beside `plan` (made against `state`); `labels` are the pull request's. */
export function reviewPlan(
  ws: Workspace,
  plan: Plan,
  state: State,
  models: readonly PricingModel[],
  labels: readonly string[],
  options: { readonly allModels?: boolean } = {},
): Review {
  const config = readRepositoryConfig(ws);
  const profiles = readProfiles(ws, config, models, state);
  const impact =
    profiles.length > 0
      ? computeImpact(plan, state, profiles, { all: options.allModels === true })
      : undefined;
  const policy = evaluatePolicy(config.policy, plan, componentChanges(plan, state), impact, labels);
  return { ...(impact ? { impact } : {}), policy };
}
