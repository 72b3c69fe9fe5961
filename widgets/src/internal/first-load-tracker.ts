/**
 * When a panel of several sections has loaded: once each section has shown its first data. Counts
 * again from nothing when the panel's subject (its tenant) changes, so dr-loaded fires once per
 * subject and not on every reload.
 */
export class FirstLoadTracker<S extends string> {
  #sections: readonly S[];
  #loaded = new Set<S>();
  #subject: unknown;

  constructor(sections: readonly S[]) {
    this.#sections = sections;
  }

  /** Records that `section` has data on screen for `subject`; true only when that completes the panel. */
  markLoaded(section: S, subject?: unknown): boolean {
    if (this.#subject !== subject) {
      this.#subject = subject;
      this.#loaded.clear();
    }
    if (this.#loaded.has(section)) return false;
    this.#loaded.add(section);
    return this.#sections.every((s) => this.#loaded.has(s));
  }
}
