// Compact index storage for the answer engine. In a busy bot each question arrives with the CPU caches
// full of HTTP and Slack/Discord work, so the engine's cost is mostly cache misses: reading one
// contiguous typed array is far cheaper than following thousands of small arrays, Sets and Maps
// scattered over the heap (bench/README.md, figure 4).

/** Integer lists indexed 0…n-1, all packed into one Int32Array: list i is items[start(i) … end(i)). */
export class PackedLists {
  readonly items: Int32Array;
  private readonly bounds: Int32Array;

  constructor(lists: readonly (readonly number[] | undefined)[]) {
    this.bounds = new Int32Array(lists.length + 1);
    let total = 0;
    lists.forEach((list, i) => {
      this.bounds[i] = total;
      total += list?.length ?? 0;
    });
    this.bounds[lists.length] = total;
    this.items = new Int32Array(total);
    lists.forEach((list, i) => list && this.items.set(list, this.bounds[i]!));
  }

  start(i: number): number {
    return this.bounds[i]!;
  }

  end(i: number): number {
    return this.bounds[i + 1]!;
  }

  size(i: number): number {
    return this.bounds[i + 1]! - this.bounds[i]!;
  }
}

/**
 * Phrasings (a topic's title and aliases) as fixed-layout records in one buffer, so scoring a
 * candidate reads one or two cache lines:
 *   [weight: float64 (two int32 slots)] [topic index] [mark] [term count] [term id] [term id] …
 * `mark` holds the number of the last query that took the phrasing as a candidate, so a query can tell
 * "seen" without a separate array and without clearing anything afterwards.
 */
export class PhraseRecords {
  static readonly TOPIC = 2;
  static readonly MARK = 3;
  static readonly COUNT = 4;
  static readonly TERMS = 5;

  readonly i32: Int32Array;
  readonly f64: Float64Array;
  /** Record offset (in int32 slots) of each phrasing, by phrasing id. */
  readonly offsets: Int32Array;

  constructor(phrasings: readonly { topic: number; weight: number; terms: readonly number[] }[]) {
    this.offsets = new Int32Array(phrasings.length);
    let size = 0;
    phrasings.forEach((p, id) => {
      this.offsets[id] = size;
      // Records start on an even slot so the weight is an aligned float64.
      size += PhraseRecords.TERMS + p.terms.length + ((PhraseRecords.TERMS + p.terms.length) % 2);
    });
    const buffer = new ArrayBuffer(size * 4);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    phrasings.forEach((p, id) => {
      const at = this.offsets[id]!;
      this.f64[at / 2] = p.weight;
      this.i32[at + PhraseRecords.TOPIC] = p.topic;
      this.i32[at + PhraseRecords.COUNT] = p.terms.length;
      this.i32.set(p.terms, at + PhraseRecords.TERMS);
    });
  }

  /** Forgets every mark (when the query counter wraps around). */
  clearMarks(): void {
    for (const at of this.offsets) this.i32[at + PhraseRecords.MARK] = 0;
  }
}
