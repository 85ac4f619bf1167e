// Collects named checks (sentences) with their outcome and prints a summary.

export class Report {
  constructor() {
    this.passed = 0;
    this.failures = [];
    this.byName = new Map();
  }

  /** Records one check: `problems` is an array of strings, empty when the check passed. */
  check(name, where, problems) {
    const tally = this.byName.get(name) ?? { passed: 0, failed: 0 };
    tally[problems.length === 0 ? 'passed' : 'failed'] += 1;
    this.byName.set(name, tally);
    if (problems.length === 0) {
      this.passed += 1;
    } else {
      this.failures.push({ name, where, problems });
      console.log(`FAIL ${where}: ${name}`);
      for (const p of problems.slice(0, 20)) console.log(`     - ${p}`);
      if (problems.length > 20) console.log(`     … and ${problems.length - 20} more`);
    }
  }

  /** Runs `fn`, turning a thrown error into a failed check. */
  async guard(name, where, fn) {
    try {
      this.check(name, where, (await fn()) ?? []);
    } catch (e) {
      this.check(name, where, [`threw: ${e?.stack ?? e}`]);
    }
  }

  /** One line per kind of check with how often it ran and failed. */
  table() {
    return [...this.byName].map(([name, t]) => `${String(t.passed + t.failed).padStart(5)} × ${name}${t.failed ? ` (${t.failed} failed)` : ''}`).join('\n');
  }

  get failed() {
    return this.failures.length;
  }
}
