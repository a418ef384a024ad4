/**
 * Prints "N passed, N failed[, N skipped]" from a JUnit XML report by counting its
 * <testcase> elements, and exits non-zero when any failed or none ran.
 */
const path = process.argv[2];
if (!path) throw new Error('usage: bun scripts/junit-summary.ts <junit.xml>');
const xml = await Bun.file(path).text();

let passed = 0;
let failed = 0;
let skipped = 0;
// A testcase is either self-closing or has a body that may hold <failure>/<error>/<skipped>.
for (const match of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
  const body = match[2] ?? '';
  if (/<(failure|error)\b/.test(body)) failed++;
  else if (/<skipped\b/.test(body)) skipped++;
  else passed++;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

export {};
