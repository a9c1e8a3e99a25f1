import type { Reporter, TestModule } from "vitest/node";

/** Ends the run with one plain `N passed, N failed` line that any CI can read. */
export class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) counts[test.result().state] += 1;
    }
    const failedModules = testModules.filter((testModule) => testModule.state() === "failed").length;
    const failed = counts.failed + (counts.failed === 0 ? failedModules : 0);
    process.stdout.write(`\nvitest: ${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped\n`);
  }
}

export default SummaryReporter;
