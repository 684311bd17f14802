/**
 * A set of 64-bit fingerprints in one typed array: open addressing, linear probing, at most 3/4
 * full. 8 bytes a slot, so 10.7–21.3 bytes per member depending on where in its growth it is.
 */
export class FingerprintSet {
  slots: Uint32Array;
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

  /**
   * Adds the fingerprint; returns false when it was already there. A low word of 0 is stored as 1,
   * so no member has one: an empty slot is one whose low word is 0.
   */
  add(hi: number, lo: number): boolean {
    if (lo === 0) lo = 1;
    const i = this.slot(hi, lo);
    const slots = this.slots;
    if (slots[2 * i + 1] !== 0) return false;
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
    this.size++;
    if (this.size > (this.mask + 1) * 0.75) this.grow();
    return true;
  }

  has(hi: number, lo: number): boolean {
    if (lo === 0) lo = 1;
    return this.slots[2 * this.slot(hi, lo) + 1] !== 0;
  }

  /** Linear probing: the slot that holds the fingerprint, or the empty slot where it would go. */
  private slot(hi: number, lo: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const l = slots[2 * i + 1];
      if (l === 0 || (l === lo && slots[2 * i] === hi)) return i;
      i = (i + 1) & mask;
    }
  }

  /** Grows the table now, if it must, so that it holds `members` without growing again. */
  reserve(members: number): void {
    let capacity = this.mask + 1;
    while (capacity * 0.75 < members) capacity *= 2;
    if (capacity > this.mask + 1) this.grow(capacity);
  }

  private grow(capacity = (this.mask + 1) * 2): void {
    const old = this.slots;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] !== 0) this.add(old[i], old[i + 1]);
    }
  }
}
