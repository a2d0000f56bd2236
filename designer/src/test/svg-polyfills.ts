// jsdom renders no SVG: bpmn-js asks for matrices, transforms and boxes that a browser computes. These stand-ins give
// it identity matrices and empty boxes, which is enough to import a diagram and run modeling commands in a unit test.

interface MatrixLike {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
  multiply(other: MatrixLike): MatrixLike;
  inverse(): MatrixLike;
  translate(x: number, y: number): MatrixLike;
  scale(factor: number): MatrixLike;
}

function matrix(a = 1, b = 0, c = 0, d = 1, e = 0, f = 0): MatrixLike {
  return {
    a,
    b,
    c,
    d,
    e,
    f,
    multiply: (o) =>
      matrix(
        a * o.a + c * o.b,
        b * o.a + d * o.b,
        a * o.c + c * o.d,
        b * o.c + d * o.d,
        a * o.e + c * o.f + e,
        b * o.e + d * o.f + f,
      ),
    inverse: () => matrix(1, 0, 0, 1, -e, -f),
    translate: (x, y) => matrix(a, b, c, d, e + x, f + y),
    scale: (factor) => matrix(a * factor, b, c, d * factor, e, f),
  };
}

interface TransformLike {
  type: number;
  matrix: MatrixLike;
  setMatrix(m: MatrixLike): void;
  setTranslate(x: number, y: number): void;
  setScale(x: number, y: number): void;
  setRotate(): void;
}

function transform(): TransformLike {
  const result: TransformLike = {
    type: 1,
    matrix: matrix(),
    setMatrix: (m) => {
      result.matrix = m;
    },
    setTranslate: (x, y) => {
      result.matrix = matrix(1, 0, 0, 1, x, y);
    },
    setScale: (x, y) => {
      result.matrix = matrix(x, 0, 0, y, 0, 0);
    },
    setRotate: () => undefined,
  };
  return result;
}

class TransformList {
  private items: TransformLike[] = [];
  get numberOfItems(): number {
    return this.items.length;
  }
  get length(): number {
    return this.items.length;
  }
  clear(): void {
    this.items = [];
  }
  initialize(item: TransformLike): TransformLike {
    this.items = [item];
    return item;
  }
  appendItem(item: TransformLike): TransformLike {
    this.items.push(item);
    return item;
  }
  getItem(index: number): TransformLike | undefined {
    return this.items[index];
  }
  consolidate(): TransformLike | null {
    return this.items.at(-1) ?? null;
  }
  createSVGTransformFromMatrix(m: MatrixLike): TransformLike {
    const created = transform();
    created.setMatrix(m);
    return created;
  }
}

export function installSvgPolyfills(): void {
  const css = (globalThis as { CSS?: { escape?: (value: string) => string } }).CSS;
  if (!css?.escape) {
    (globalThis as Record<string, unknown>).CSS = {
      escape: (value: string) => value.replace(/[^a-zA-Z0-9_-]/g, (character) => `\\${character}`),
    };
  }
  const globals = globalThis as Record<string, unknown>;
  // tiny-svg tells matrices from transforms with instanceof; the stand-ins above are never matrices of this class.
  globals.SVGMatrix ??= class SVGMatrixStandIn {};
  // Labels are measured on a canvas: a fixed width per character is enough to lay them out.
  HTMLCanvasElement.prototype.getContext = function getContext() {
    return { font: '', measureText: (text: string) => ({ width: text.length * 7 }) };
  } as unknown as typeof HTMLCanvasElement.prototype.getContext;
  const element = SVGElement.prototype as unknown as Record<string, unknown>;
  const lists = new WeakMap<object, { baseVal: TransformList }>();
  if (!('transform' in element)) {
    Object.defineProperty(SVGElement.prototype, 'transform', {
      configurable: true,
      get(this: object) {
        let list = lists.get(this);
        if (!list) {
          list = { baseVal: new TransformList() };
          lists.set(this, list);
        }
        return list;
      },
    });
  }
  element.getBBox ??= () => ({ x: 0, y: 0, width: 0, height: 0 });
  element.getScreenCTM ??= () => matrix();
  element.getCTM ??= () => matrix();
  element.createSVGMatrix ??= () => matrix();
  element.createSVGTransform ??= () => transform();
  element.createSVGTransformFromMatrix ??= (m: MatrixLike) => {
    const created = transform();
    created.setMatrix(m);
    return created;
  };
  element.getComputedTextLength ??= () => 0;
}
