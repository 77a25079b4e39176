// Owner-only entry points that create, repair and remove the committee's Workspace objects.
export function setup(): void {
  throw new Error('setup is not built yet');
}

export function uninstall(): void {
  throw new Error('uninstall is not built yet');
}
