// Both adapters check arguments the same way so that a bad call fails identically in embedded and cluster
// mode, instead of Redis rejecting what memory silently accepted (or Redis deleting a key on PEXPIRE 0).

export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

export function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}
