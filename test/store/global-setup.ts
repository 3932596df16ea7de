/** Once per test run: say plainly when the MongoDB half of the store contract suite does not run. */
export default function setup(): void {
  if (!process.env.MONGODB_URI && !process.env.MONGOMS_SYSTEM_BINARY) {
    console.warn('[store contract] MongoDB adapter SKIPPED: set MONGODB_URI or MONGOMS_SYSTEM_BINARY to run it');
  }
}
