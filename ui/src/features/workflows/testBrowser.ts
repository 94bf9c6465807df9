/** What React Flow needs from a browser that jsdom lacks. */
export function fakeBrowser() {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  (globalThis as { DOMMatrixReadOnly?: unknown }).DOMMatrixReadOnly ??= class {
    m22 = 1;
    constructor() {}
  };
}

/**
 * Presses the mouse on a canvas node as React Flow's d3-drag listens for it, with a first small move that starts the
 * drag; then it moves by (dx, dy) screen pixels and is released. jsdom's events carry no `view`, which d3-drag needs.
 */
export function pressNode(node: Element) {
  const flowNode = node.closest(".react-flow__node") ?? node;
  const mouse = (target: EventTarget, type: string, x: number, y: number) => {
    const e = new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0 });
    Object.defineProperty(e, "view", { value: window });
    target.dispatchEvent(e);
  };
  let at = { x: 2, y: 0 };
  mouse(flowNode, "mousedown", 0, 0);
  mouse(window, "mousemove", at.x, at.y);
  return {
    moveBy: (dx: number, dy: number) => {
      at = { x: at.x + dx, y: at.y + dy };
      mouse(window, "mousemove", at.x, at.y);
    },
    release: () => mouse(window, "mouseup", at.x, at.y),
  };
}

export function dragNode(node: Element, dx: number, dy: number) {
  const drag = pressNode(node);
  drag.moveBy(dx, dy);
  drag.release();
}
