import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface Props {
  /** Everything but the size, which follows the container; memoise it: a new object redraws the chart. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** What the canvas shows, for screen readers (a canvas has no text of its own). */
  label: string;
}

/** uPlot in React: made once per options, fed new data in place, resized with its container. */
export function UPlotChart({ options, data, height, label }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The latest data, for a chart re-created by new options without waiting for the data to change.
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = new uPlot({ ...options, width: element.clientWidth, height }, latest.current, element);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={container} className="chart" role="img" aria-label={label} />;
}
