/**
 * A set of 64-bit fingerprints in one typed array: open addressing, linear probing, at most 3/4
 * full. 8 bytes a slot, so 10.7–21.3 bytes per member depending on where in its growth it is.
 */
export class FingerprintSet {
  private slots: Uint32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1 << 16) {
    let capacity = 1 << 10;
    while (capacity * 0.75 < expected) capacity *= 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Adds the fingerprint; returns false when it was already there. (0, 0) is stored as (0, 1). */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const i = this.slot(hi, lo);
    const slots = this.slots;
    if (slots[2 * i] !== 0 || slots[2 * i + 1] !== 0) return false;
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
    this.size++;
    if (this.size > (this.mask + 1) * 0.75) this.grow();
    return true;
  }

  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const i = this.slot(hi, lo);
    return this.slots[2 * i] !== 0 || this.slots[2 * i + 1] !== 0;
  }

  /** Linear probing: the slot that holds the fingerprint, or the empty slot where it would go. */
  private slot(hi: number, lo: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = slots[2 * i];
      const l = slots[2 * i + 1];
      if ((h === 0 && l === 0) || (h === hi && l === lo)) return i;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.add(old[i], old[i + 1]);
    }
  }
}
