// Placeholder replaced by the server in the next commit.
export async function startServer(): Promise<void> {
  throw new Error('not yet');
}
