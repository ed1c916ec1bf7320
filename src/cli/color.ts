/**
 * Whether to colour the output, by the conventions of no-color.org and Node: `--no-color` always
 * wins; `FORCE_COLOR` (any value but `0` or `false`) colours even a pipe or a CI log, and `0` or
 * `false` turns colour off; a non-empty `NO_COLOR` turns it off (an empty one is as if unset);
 * otherwise colour only on a terminal. Pure.
 */

/** True when the output should carry ANSI colours. */
export function useColor(
  noColorFlag: boolean,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTTY;
}
