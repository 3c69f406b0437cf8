/** A binary min-heap: the planning loop takes its smallest class many times over. */
export interface MinHeap<T> {
  push(item: T): void;
  peek(): T | undefined;
  pop(): T | undefined;
}

export function createMinHeap<T>(isBefore: (a: T, b: T) => boolean): MinHeap<T> {
  const items: T[] = [];
  const swap = (i: number, j: number) => {
    const item = items[i] as T;
    items[i] = items[j] as T;
    items[j] = item;
  };
  return {
    push(item) {
      items.push(item);
      let child = items.length - 1;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (!isBefore(items[child] as T, items[parent] as T)) break;
        swap(child, parent);
        child = parent;
      }
    },
    peek() {
      return items[0];
    },
    pop() {
      const top = items[0];
      const last = items.pop();
      if (items.length === 0 || last === undefined) return top;
      items[0] = last;
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        const right = left + 1;
        let first = parent;
        if (left < items.length && isBefore(items[left] as T, items[first] as T)) first = left;
        if (right < items.length && isBefore(items[right] as T, items[first] as T)) first = right;
        if (first === parent) break;
        swap(parent, first);
        parent = first;
      }
      return top;
    },
  };
}
