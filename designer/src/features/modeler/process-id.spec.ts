import { describe, expect, it } from 'vitest';
import { bpmnFileName, mainProcess } from './process-id';

describe('mainProcess', () => {
  it('takes the executable process of a collaboration', () => {
    const definitions = {
      $type: 'bpmn:Definitions',
      rootElements: [
        { $type: 'bpmn:Collaboration', id: 'Collaboration_1' },
        { $type: 'bpmn:Process', id: 'buerger', isExecutable: false },
        { $type: 'bpmn:Process', id: 'antrag', isExecutable: true },
      ],
    };
    expect(mainProcess(definitions)?.id).toBe('antrag');
  });

  it('falls back to the first process and to nothing', () => {
    expect(mainProcess({ $type: 'bpmn:Definitions', rootElements: [{ $type: 'bpmn:Process', id: 'p' }] })?.id).toBe(
      'p',
    );
    expect(mainProcess({ $type: 'bpmn:Definitions', rootElements: [] })).toBeUndefined();
    expect(mainProcess(undefined)).toBeUndefined();
  });
});

describe('bpmnFileName', () => {
  it('names the file after the process id and keeps it a plain file name', () => {
    expect(bpmnFileName('rechnungsfreigabe')).toBe('rechnungsfreigabe.bpmn');
    expect(bpmnFileName('../a b"c')).toBe('.._a_b_c.bpmn');
    expect(bpmnFileName('')).toBe('diagram.bpmn');
  });
});
