// Time-driven trigger handler: deadlines, outbox retries, access audit, privacy lint, trigger health.
export function sweep_(_event: unknown): void {
  throw new Error('sweep is not built yet');
}
