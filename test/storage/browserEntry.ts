import { openBrowserStorage } from '../../src/storage/browser.ts';
import { createIndexedDbStorage, DB_VERSION, openIndexedDbStorage } from '../../src/storage/indexedDb.ts';
import { equal, patternBytes, storageContract } from './contract.ts';

/**
 * The browser side of test/e2e/storage.e2e.ts: bundled by that test (never part of the app) and
 * loaded into a page, where it exposes the storage contract and the IndexedDB storage to
 * `page.evaluate` as `window.weftStorageTest`.
 */
const api = {
  caseNames: storageContract.map((c) => c.name),
  /** Runs one contract case against IndexedDB, in a database of its own. */
  async runCase(name: string, dbName: string): Promise<void> {
    const contractCase = storageContract.find((c) => c.name === name);
    if (!contractCase) throw new Error(`no contract case named ${name}`);
    await contractCase.run({ open: async () => createIndexedDbStorage(dbName) });
  },
  createIndexedDbStorage,
  openIndexedDbStorage,
  openBrowserStorage,
  DB_VERSION,
  equal,
  patternBytes,
};

export type StorageTestApi = typeof api;

(globalThis as unknown as { weftStorageTest: StorageTestApi }).weftStorageTest = api;
