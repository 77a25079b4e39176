// A short, stable, non-cryptographic text hash (FNV-1a) for discriminators and journal entries.

/** FNV-1a, 8 hex characters: a short stable discriminator for alert keys and Doc journal blocks (not security). */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
