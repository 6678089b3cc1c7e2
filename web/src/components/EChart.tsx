/**
 * A chart: <EChart option={{ xAxis: …, series: […] }} height={320} />. echarts is loaded on
 * first use (its own chunk), resized with its container and disposed on unmount.
 */
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Spin } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';

type Instance = ReturnType<(typeof import('echarts/core'))['init']>;

export interface EChartProps {
  option: EChartsCoreOption;
  height?: number;
  style?: CSSProperties;
  /** Accessible description of what the chart shows. */
  ariaLabel?: string;
}

export function EChart({ option, height = 320, style, ariaLabel }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<Instance | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('./echarts.ts').then(({ echarts }) => {
      if (disposed || !el.current) return;
      chart.current = echarts.init(el.current, undefined, { renderer: 'canvas' });
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(el.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option, { notMerge: true });
  }, [ready, option]);

  return (
    <Spin spinning={!ready}>
      <div ref={el} role="img" aria-label={ariaLabel} style={{ width: '100%', height, ...style }} />
    </Spin>
  );
}
