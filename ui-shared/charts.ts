import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { el } from './dom.js';

/**
 * Charts drawn by Chart.js (MIT) on a canvas. The canvas is an image to assistive technology
 * (role img) whose name is the chart's title and every value in words, so the chart says what
 * it shows without seeing it. Only the parts used are registered (a smaller bundle).
 */
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

const PALETTE = ['#0b5cad', '#b35900', '#1a7f37', '#8250df', '#cf222e', '#57606a'];

export interface Series {
  label: string;
  values: (number | null)[];
}

/**
 * A chart in a figure: `labels` along the x axis (or y for horizontal bars), one dataset per
 * series; `format` turns a value into words for tooltips, axis and the text alternative.
 */
export function chart(options: {
  kind: 'bar' | 'line';
  title: string;
  labels: string[];
  series: Series[];
  format: (value: number) => string;
  horizontal?: boolean;
  /** Counts: whole numbers on the axis. */
  integer?: boolean;
  testId?: string;
}): HTMLElement {
  const { title, labels, series, format } = options;
  const words = series
    .map(
      (s) =>
        `${s.label}: ${labels
          .map((l, i) => `${l} ${s.values[i] === null ? '–' : format(s.values[i]!)}`)
          .join(', ')}`,
    )
    .join('; ');
  const canvas = el('canvas', { role: 'img', 'aria-label': `${title}. ${words || '–'}` });
  const figure = el(
    'figure',
    { class: 'chart', ...(options.testId ? { 'data-testid': options.testId } : {}) },
    el('figcaption', {}, title),
    el('div', { class: 'chart-box' }, canvas),
  );
  const config: ChartConfiguration<'bar' | 'line', (number | null)[], string> = {
    type: options.kind,
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: PALETTE[i % PALETTE.length],
        borderColor: PALETTE[i % PALETTE.length],
        spanGaps: true,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: options.horizontal ? 'y' : 'x',
      plugins: {
        legend: { display: series.length > 1 },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ''}: ${format(Number(item.raw))}`,
          },
        },
      },
      scales: {
        [options.horizontal ? 'x' : 'y']: {
          beginAtZero: true,
          ticks: {
            ...(options.integer ? { precision: 0 } : {}),
            callback: (v: string | number) => format(Number(v)),
          },
        },
      },
    },
  };
  new Chart(canvas, config);
  return figure;
}
