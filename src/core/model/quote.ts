/**
 * Quoting text from a model inside a diagnostic: a key or value a model author wrote must not
 * carry terminal escapes, line breaks or other invisible characters into the output. Pure.
 */

/** What JSON.stringify leaves raw but a terminal or a log would act on or hide. */
const INVISIBLE =
  /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udfff]/gu;

/** `"text"`, with every control, invisible and lone-surrogate character written as a `\u` escape. */
export function quote(text: string): string {
  return JSON.stringify(text).replace(
    INVISIBLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
