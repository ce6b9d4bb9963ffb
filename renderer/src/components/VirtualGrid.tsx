import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualGridProps {
  readonly count: number;
  /** Smallest cell width; cells stretch to fill the row. */
  readonly minCellWidth: number;
  /** Cell height for a given cell width (e.g. square face + caption). */
  readonly cellHeight: (cellWidth: number) => number;
  readonly gap?: number;
  readonly render: (index: number) => ReactNode;
  readonly className?: string;
  readonly label?: string;
}

const OVERSCAN_ROWS = 3;

/**
 * A grid that only mounts the rows in view (plus a few), so 10k people or 200k faces scroll smoothly: the
 * scroller's height is the full grid's, and visible rows are absolutely positioned inside it.
 */
export function VirtualGrid({ count, minCellWidth, cellHeight, gap = 12, render, className, label }: VirtualGridProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const inner = Math.max(0, size.width - gap);
  const columns = Math.max(1, Math.floor(inner / (minCellWidth + gap)));
  const cellWidth = columns > 0 ? Math.floor(inner / columns - gap) : minCellWidth;
  const rowHeight = cellHeight(cellWidth) + gap;
  const rows = Math.ceil(count / columns);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN_ROWS);
  const last = Math.min(rows, Math.ceil((scrollTop + size.height) / rowHeight) + OVERSCAN_ROWS);

  // Arrow keys move the focus between cells (Home/End to the ends); the target row is scrolled in, mounted, then
  // its cell focused.
  const pendingFocus = useRef<number | null>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('.vgrid-cell');
    if (!cell || e.altKey || e.ctrlKey || e.metaKey) return;
    const at = Number(cell.dataset.index);
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns };
    let next: number;
    if (e.key in step) next = at + step[e.key];
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    else return;
    e.preventDefault();
    if (next < 0 || next >= count) return;
    const el = ref.current;
    if (el) {
      const top = gap + Math.floor(next / columns) * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top - gap;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
      setScrollTop(el.scrollTop);
    }
    pendingFocus.current = next;
    focusPending();
  };
  const focusPending = () => {
    const i = pendingFocus.current;
    const target =
      i === null
        ? null
        : ref.current?.querySelector<HTMLElement>(`.vgrid-cell[data-index="${i}"] :is(button, a, [tabindex])`);
    if (target) {
      target.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  };
  useLayoutEffect(focusPending);

  const cells: ReactNode[] = [];
  if (size.width > 0)
    for (let r = first; r < last; r++)
      for (let c = 0; c < columns; c++) {
        const i = r * columns + c;
        if (i >= count) break;
        cells.push(
          <div
            key={i}
            data-index={i}
            className="vgrid-cell"
            style={{
              top: gap + r * rowHeight,
              left: gap + c * (cellWidth + gap),
              width: cellWidth,
              height: rowHeight - gap,
            }}
          >
            {render(i)}
          </div>,
        );
      }

  return (
    <div
      ref={ref}
      className={`vgrid ${className ?? ''}`}
      aria-label={label}
      role="grid"
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div className="vgrid-body" style={{ height: gap + rows * rowHeight }}>
        {cells}
      </div>
    </div>
  );
}
