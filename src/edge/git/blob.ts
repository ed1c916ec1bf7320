/** Git's blob id of a file's bytes, without running git. */
import { createHash } from "node:crypto";

/** The SHA-1 (hex) of `blob <length>\0<bytes>`: what `git hash-object` prints for these bytes. */
export function blobId(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
