export default async function globalTeardown(): Promise<void> {
  await globalThis.__JK_EMBEDDED_DB__?.stop();
}
