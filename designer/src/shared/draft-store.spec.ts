import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test/memory-storage';
import { DraftStore } from './draft-store';

describe('DraftStore', () => {
  it('gives back the saved document and whether it had unsaved changes', () => {
    const store = new DraftStore('prozessengine.modeler.draft', new MemoryStorage());
    expect(store.load()).toBeUndefined();

    expect(store.save({ content: '<definitions/>', dirty: true })).toBe(true);

    expect(store.load()).toEqual({ content: '<definitions/>', dirty: true });
  });

  it('keeps the drafts of two pages apart in one storage', () => {
    const storage = new MemoryStorage();
    const diagrams = new DraftStore('prozessengine.modeler.draft', storage);
    const forms = new DraftStore('prozessengine.forms.draft', storage);

    diagrams.save({ content: '<definitions/>', dirty: false });
    forms.save({ content: '{"components":[]}', dirty: true });

    expect(diagrams.load()).toEqual({ content: '<definitions/>', dirty: false });
    expect(forms.load()).toEqual({ content: '{"components":[]}', dirty: true });
  });

  it('still reads a modeler draft saved before forms existed', () => {
    const storage = new MemoryStorage();
    storage.setItem('prozessengine.modeler.draft', JSON.stringify({ xml: '<definitions/>', dirty: true }));

    expect(new DraftStore('prozessengine.modeler.draft', storage).load()).toEqual({
      content: '<definitions/>',
      dirty: true,
    });
  });

  it('reports a full storage instead of throwing', () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    expect(new DraftStore('prozessengine.forms.draft', storage).save({ content: '{}', dirty: false })).toBe(false);
  });

  it('ignores a damaged or empty entry', () => {
    const storage = new MemoryStorage();
    storage.setItem('prozessengine.modeler.draft', '{not json');
    storage.setItem('prozessengine.forms.draft', JSON.stringify({ content: '', dirty: true }));
    expect(new DraftStore('prozessengine.modeler.draft', storage).load()).toBeUndefined();
    expect(new DraftStore('prozessengine.forms.draft', storage).load()).toBeUndefined();
  });
});
