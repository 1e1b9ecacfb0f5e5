import { describe, it } from 'vitest';
import { storageContract, type StorageBackend } from './contract.ts';

/** Runs the shared storage contract (contract.ts) as vitest cases, each on a fresh backend. */
export function describeStorageContract(label: string, options: { persistent: boolean; backend: () => Promise<StorageBackend> }): void {
  describe(`${label}: the storage contract`, () => {
    for (const contractCase of storageContract) {
      if (contractCase.persistent && !options.persistent) continue;
      it(contractCase.name, async () => {
        await contractCase.run(await options.backend());
      });
    }
  });
}
