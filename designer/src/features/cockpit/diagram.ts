import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

import { h } from '../../shared/dom';
import { t } from '../../shared/i18n';
import { markerClasses, type ElementMarker } from './markers';

interface Canvas {
  zoom(level: 'fit-viewport', center: 'auto'): number;
  resized(): void;
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
}

interface DiagramElement {
  readonly id: string;
  readonly type: string;
  readonly waypoints?: unknown;
  readonly businessObject?: { readonly name?: string };
}

interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
}

interface Overlays {
  add(element: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}

const overlayType = 'cockpit-marker';

/**
 * A read-only bpmn-js viewer for one process version at a time, with the instance's state drawn on it: markers on
 * the canvas (outline and pattern) and a badge with a count or "!", so that the state is never told by colour alone.
 */
export class InstanceDiagram {
  readonly element: HTMLElement;
  private readonly viewer: NavigatedViewer;
  private shownDefinition: string | undefined;
  private marked: readonly ElementMarker[] = [];

  constructor() {
    this.element = h('div', { class: 'cockpit-canvas', 'data-testid': 'instance-diagram' });
    this.viewer = new NavigatedViewer({ container: this.element });
  }

  /** The process version shown, or undefined before the first import or after a failed one. */
  get definitionKey(): string | undefined {
    return this.shownDefinition;
  }

  /** Imports the version's XML, unless that version is already shown. */
  async showDefinition(definitionKey: string, loadXml: () => Promise<string>): Promise<void> {
    if (this.shownDefinition === definitionKey) {
      return;
    }
    this.shownDefinition = undefined;
    this.marked = [];
    const xml = await loadXml();
    await this.viewer.importXML(xml);
    this.shownDefinition = definitionKey;
    this.fit();
  }

  /** Replaces the markers; elements the diagram does not draw are skipped (they are listed beside it anyway). */
  mark(markers: readonly ElementMarker[]): void {
    const canvas = this.viewer.get<Canvas>('canvas');
    const registry = this.viewer.get<ElementRegistry>('elementRegistry');
    const overlays = this.viewer.get<Overlays>('overlays');
    for (const marker of this.marked) {
      if (registry.get(marker.elementId)) {
        canvas.removeMarker(marker.elementId, markerClasses[marker.kind]);
      }
    }
    overlays.remove({ type: overlayType });
    this.marked = markers.filter((marker) => registry.get(marker.elementId) !== undefined);
    for (const marker of this.marked) {
      canvas.addMarker(marker.elementId, markerClasses[marker.kind]);
      if (registry.get(marker.elementId)?.waypoints !== undefined) {
        continue;
      }
      if (marker.kind === 'incident') {
        overlays.add(marker.elementId, overlayType, {
          position: { top: -12, right: 12 },
          html: h('span', { class: 'cockpit-badge cockpit-badge-incident', title: t('cockpit.incident') }, '!'),
        });
      }
      if (marker.tokens > 0) {
        overlays.add(marker.elementId, overlayType, {
          position: { bottom: 12, left: -12 },
          html: h(
            'span',
            { class: 'cockpit-badge cockpit-badge-active', title: t('cockpit.elementState.ACTIVE') },
            String(marker.tokens),
          ),
        });
      }
    }
  }

  /** The element's name in the diagram, for texts that would otherwise show a generated id. */
  nameOf(elementId: string): string | undefined {
    if (this.shownDefinition === undefined) {
      return undefined;
    }
    return this.viewer.get<ElementRegistry>('elementRegistry').get(elementId)?.businessObject?.name;
  }

  /** The container was measured while hidden: measure again and show the whole process. */
  resized(): void {
    if (this.shownDefinition !== undefined) {
      this.viewer.get<Canvas>('canvas').resized();
      this.fit();
    }
  }

  clear(): void {
    this.shownDefinition = undefined;
    this.marked = [];
    this.viewer.clear();
  }

  private fit(): void {
    if (this.element.clientWidth > 0 && this.element.clientHeight > 0) {
      this.viewer.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
    }
  }
}
