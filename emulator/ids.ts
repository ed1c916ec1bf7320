/**
 * Stripe-looking object ids (`prod_`, `price_`, `mtr_`, `cus_`, `sub_`, `si_`, `sub_sched_`, coupon
 * codes) drawn from a seeded generator, so the same sequence of requests yields the same ids.
 */
import { seededRandom } from "./prng.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const UPPER = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Makes ids; `reset()` restarts the sequence. */
export class IdGenerator {
  private readonly seed: number;
  private random: () => number;

  constructor(seed: number) {
    this.seed = seed;
    this.random = seededRandom(seed);
  }

  private chars(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.random() * alphabet.length)];
    return out;
  }

  /** An id such as `price_1EmuXXXXXXXXXXXXXXXXXXXX` (24 characters after the prefix, like Stripe's). */
  next(prefix: string): string {
    return `${prefix}_1Emu${this.chars(ALPHABET, 20)}`;
  }

  /** A short id such as `cus_QXg1o8vcGmoR32` or `si_QXhVnC2h0Jczwc` (14 characters, like Stripe's). */
  short(prefix: string): string {
    return `${prefix}_${this.chars(ALPHABET, 14)}`;
  }

  /** A coupon code such as `Z4OV52SU` (Stripe generates 8 upper-case characters). */
  couponCode(): string {
    return this.chars(UPPER, 8);
  }

  /** Restarts the sequence from the seed. */
  reset(): void {
    this.random = seededRandom(this.seed);
  }
}
