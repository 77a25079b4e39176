// Reading signed-link tokens out of web requests; making links lives on Context (ctx.linkFor) so every link uses the current key and URL.

/** The `t` parameter of a doGet/doPost event ('' when absent). Only the first value counts. */
export function tokenFromRequest(event: unknown): string {
  const e = event as { parameter?: Record<string, unknown> } | null | undefined;
  const value = e?.parameter?.t;
  return typeof value === 'string' ? value.trim() : '';
}

/** Expiry date of a link made now for `ttlDays`, as `yyyy-MM-dd` (UTC) for the text of emails. */
export function linkExpiryDate(nowMs: number, ttlDays: number): string {
  return new Date(nowMs + ttlDays * 86400000).toISOString().slice(0, 10);
}

/** A case Doc's URL (the format Drive gives Docs; members open it signed in with their own account). */
export function docUrl(docId: string): string {
  return `https://docs.google.com/document/d/${encodeURIComponent(docId)}/edit`;
}
