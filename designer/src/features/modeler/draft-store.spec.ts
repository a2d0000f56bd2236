import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../test/memory-storage';
import { DraftStore } from './draft-store';

describe('DraftStore', () => {
  it('gives back the saved diagram and whether it had unsaved changes', () => {
    const store = new DraftStore(new MemoryStorage());
    expect(store.load()).toBeUndefined();

    expect(store.save({ xml: '<definitions/>', dirty: true })).toBe(true);

    expect(store.load()).toEqual({ xml: '<definitions/>', dirty: true });
  });

  it('reports a full storage instead of throwing', () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    expect(new DraftStore(storage).save({ xml: '<definitions/>', dirty: false })).toBe(false);
  });

  it('ignores a damaged entry', () => {
    const storage = new MemoryStorage();
    storage.setItem('prozessengine.modeler.draft', '{not json');
    expect(new DraftStore(storage).load()).toBeUndefined();
  });
});
