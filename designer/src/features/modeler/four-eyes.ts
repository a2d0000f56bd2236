import { Group, isTextFieldEntryEdited, TextFieldEntry } from '@bpmn-io/properties-panel';
import { createElement } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type { ModuleDeclaration } from 'didi';
import { t } from '../../shared/i18n';
import { fourEyesIds, fourEyesProblem, fourEyesProperty } from './four-eyes-value';

// The loosely typed moddle and diagram-js services this group needs.
interface Moddle {
  readonly $type: string;
  $parent?: Moddle;
  get(name: string): unknown;
}
interface Shape {
  readonly id: string;
  readonly type: string;
  readonly businessObject: Moddle;
}
interface BpmnFactory {
  create(type: string, properties: Record<string, unknown>): Moddle;
}
interface CommandStack {
  execute(command: string, context: unknown): void;
}
interface ElementRegistry {
  get(id: string): Shape | undefined;
}
interface PropertiesPanel {
  registerProvider(priority: number, provider: unknown): void;
}
interface PanelGroup {
  readonly id: string;
  readonly label: string;
  readonly entries: unknown[];
  readonly component?: unknown;
}

function extensionList(owner: Moddle | undefined, type: string): Moddle | undefined {
  const values = (owner?.get('values') ?? []) as Moddle[];
  return values.find((value) => value.$type === type);
}

function properties(element: Shape): Moddle[] {
  const extensions = element.businessObject.get('extensionElements') as Moddle | undefined;
  return (extensionList(extensions, 'zeebe:Properties')?.get('properties') ?? []) as Moddle[];
}

function currentValue(element: Shape): string {
  const found = properties(element).filter((property) => property.get('name') === fourEyesProperty);
  return (found.at(-1)?.get('value') as string | undefined) ?? '';
}

/** Writes the value into zeebe:properties (creating what is missing), or removes the property when it names nothing. */
function setValue(element: Shape, value: string, factory: BpmnFactory, commandStack: CommandStack): void {
  const ids = fourEyesIds(value);
  const commands: { cmd: string; context: Record<string, unknown> }[] = [];
  const update = (moddleElement: Moddle, changed: Record<string, unknown>): void => {
    commands.push({ cmd: 'element.updateModdleProperties', context: { element, moddleElement, properties: changed } });
  };
  const businessObject = element.businessObject;
  let extensions = businessObject.get('extensionElements') as Moddle | undefined;
  if (!extensions) {
    if (ids.length === 0) {
      return;
    }
    extensions = factory.create('bpmn:ExtensionElements', { values: [] });
    extensions.$parent = businessObject;
    update(businessObject, { extensionElements: extensions });
  }
  let container = extensionList(extensions, 'zeebe:Properties');
  if (!container) {
    if (ids.length === 0) {
      return;
    }
    container = factory.create('zeebe:Properties', { properties: [] });
    container.$parent = extensions;
    update(extensions, { values: [...((extensions.get('values') ?? []) as Moddle[]), container] });
  }
  const existing = (container.get('properties') ?? []) as Moddle[];
  const others = existing.filter((property) => property.get('name') !== fourEyesProperty);
  if (ids.length === 0) {
    update(container, { properties: others });
  } else {
    const property = factory.create('zeebe:Property', { name: fourEyesProperty, value: ids.join(',') });
    property.$parent = container;
    update(container, { properties: [...others, property] });
  }
  commandStack.execute('properties-panel.multi-command-executor', commands);
}

function FourEyesEntry(props: { element: Shape; id: string }): unknown {
  const { element, id } = props;
  const factory = useService<BpmnFactory>('bpmnFactory');
  const commandStack = useService<CommandStack>('commandStack');
  const registry = useService<ElementRegistry>('elementRegistry');
  const debounce = useService<(fn: unknown) => unknown>('debounceInput');
  return createElement(TextFieldEntry as never, {
    element,
    id,
    label: t('fourEyes.label'),
    description: t('fourEyes.description'),
    debounce,
    getValue: () => currentValue(element),
    setValue: (value: string) => setValue(element, value, factory, commandStack),
    validate: (value: string) => fourEyesProblem(value, (other) => registry.get(other)?.type),
  });
}

/** A group "Vier-Augen-Prinzip" on user tasks, right after the assignment. */
class FourEyesPropertiesProvider {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: PropertiesPanel) {
    // Below the Zeebe provider's priority, so its groups are there to be placed after.
    propertiesPanel.registerProvider(400, this);
  }

  getGroups(element: Shape): (groups: PanelGroup[]) => PanelGroup[] {
    return (groups) => {
      if (element.type !== 'bpmn:UserTask') {
        return groups;
      }
      const group: PanelGroup = {
        id: 'prozessengine-four-eyes',
        label: t('fourEyes.group'),
        component: Group,
        entries: [
          { id: 'prozessengine-fourEyes', element, component: FourEyesEntry, isEdited: isTextFieldEntryEdited },
        ],
      };
      const assignment = groups.findIndex((candidate) => candidate.id === 'assignment');
      const result = [...groups];
      result.splice(assignment < 0 ? result.length : assignment + 1, 0, group);
      return result;
    };
  }
}

export const fourEyesModule: ModuleDeclaration = {
  __init__: ['fourEyesPropertiesProvider'],
  fourEyesPropertiesProvider: ['type', FourEyesPropertiesProvider],
};
