/** Keeps API keys out of every message the tool prints. Pure; no SDK import (used at start-up). */

/** Removes the API key (and anything shaped like a Stripe key) from a message. */
export function redact(message: string, apiKey: string): string {
  const cleaned = apiKey ? message.split(apiKey).join("[redacted]") : message;
  return cleaned.replace(/\b(sk|rk)_(test|live)_[A-Za-z0-9]{4,}/g, "$1_$2_[redacted]");
}
