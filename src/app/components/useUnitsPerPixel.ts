// Readable labels in a scaled SVG: how many drawing units one screen pixel spans, as a CSS variable.
import { useEffect, useState, type CSSProperties, type RefObject } from 'react';

/**
 * How many drawing units one screen pixel spans: the drawing is fitted to its panel, so a big cluster in a
 * small panel is drawn small. Glyph labels read `--units-per-px` in their CSS (`max(base, 14px × it)`) so
 * their text never drops below a size one reads from the back of a room, whatever the cluster's size.
 */
export function useUnitsPerPixel(svgRef: RefObject<SVGSVGElement | null>, viewBox: string): number {
  const [unitsPerPixel, setUnitsPerPixel] = useState(1);
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const [, , width = 1, height = 1] = viewBox.split(' ').map(Number);
    const measure = () => {
      const { clientWidth, clientHeight } = svg;
      if (clientWidth === 0 || clientHeight === 0) return;
      // preserveAspectRatio "meet": the smaller of the two scales is the one drawn.
      const scale = Math.min(clientWidth / width, clientHeight / height);
      setUnitsPerPixel(Math.round((1 / scale) * 1000) / 1000);
    };
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(svg);
    return () => observer.disconnect();
  }, [svgRef, viewBox]);
  return unitsPerPixel;
}

/** The style that hands the measure to CSS (`font-size: max(base, calc(var(--label-min) * var(--units-per-px)))`). */
export function unitsPerPixelStyle(unitsPerPixel: number): CSSProperties {
  return { '--units-per-px': unitsPerPixel.toFixed(3) } as CSSProperties;
}
