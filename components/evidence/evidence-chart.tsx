"use client";
// The series a verdict was judged on, drawn with uPlot (Grafana's time-series renderer: ~50 KB, canvas, fast),
// with the warning and critical thresholds as lines and the onset of the current excursion shaded.
// Loaded with next/dynamic, so a runbook page pays for it only when a result has a chart.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatChartValue } from "@/lib/evidence/chart-values";
import type { EvidenceChart as Chart } from "@/lib/verdict/verdict";

const COLORS = {
  light: {
    line: "#0369a1",
    axis: "#475569",
    grid: "#e2e8f0",
    warning: "#b45309",
    critical: "#b91c1c",
    onset: "rgba(185,28,28,0.10)",
  },
  dark: {
    line: "#38bdf8",
    axis: "#cbd5e1",
    grid: "#334155",
    warning: "#fbbf24",
    critical: "#f87171",
    onset: "rgba(248,113,113,0.16)",
  },
};

function isDark(): boolean {
  return (
    document.documentElement.classList.contains("dark") || window.matchMedia("(prefers-color-scheme: dark)").matches
  );
}

function toData(chart: Chart): uPlot.AlignedData {
  const times = new Set<number>();
  for (const s of chart.series) for (const [t] of s.points) times.add(t);
  const xs = [...times].sort((a, b) => a - b);
  const ys = chart.series.map((s) => {
    const byTime = new Map(s.points.map(([t, v]) => [t, v]));
    return xs.map((t) => byTime.get(t) ?? null);
  });
  return [xs, ...ys];
}

/** Threshold lines and the onset band, drawn under the series. */
function thresholdsPlugin(chart: Chart, colors: (typeof COLORS)["light"]): uPlot.Plugin {
  return {
    hooks: {
      drawAxes: [
        (u) => {
          const { ctx } = u;
          const { left, top, width, height } = u.bbox;
          ctx.save();
          if (chart.onset) {
            const x0 = u.valToPos(chart.onset.since, "x", true);
            const x1 = u.valToPos(chart.end, "x", true);
            ctx.fillStyle = colors.onset;
            ctx.fillRect(x0, top, Math.max(2, x1 - x0), height);
            ctx.strokeStyle = chart.onset.level === "critical" ? colors.critical : colors.warning;
            ctx.lineWidth = 2;
            ctx.beginPath();
            ctx.moveTo(x0, top);
            ctx.lineTo(x0, top + height);
            ctx.stroke();
          }
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 1.5;
          for (const [value, color] of [
            [chart.warning, colors.warning],
            [chart.critical, colors.critical],
          ] as const) {
            if (value === undefined) continue;
            const y = u.valToPos(value, "y", true);
            if (y < top || y > top + height) continue;
            ctx.strokeStyle = color;
            ctx.beginPath();
            ctx.moveTo(left, y);
            ctx.lineTo(left + width, y);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

export default function EvidenceChart({ chart }: { chart: Chart }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const colors = isDark() ? COLORS.dark : COLORS.light;
    const values = chart.series.flatMap((s) => s.points.map(([, v]) => v)).filter((v): v is number => v !== null);
    // Keep both thresholds in view so "how far from critical" is visible even when all is well.
    const top = Math.max(...values, chart.critical ?? 0, chart.warning ?? 0) * 1.1 || 1;
    const axis = { stroke: colors.axis, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid } };
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height: 160,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      // The whole range the chart covers, so "since when" reads against it even where Prometheus has no points.
      scales: { x: { time: true, range: [chart.start, chart.end] }, y: { range: [0, top] } },
      axes: [
        // Room for "10:15am" under each tick: on a phone-wide chart the default spacing ran the labels together.
        { ...axis, space: 72 },
        { ...axis, size: 56, values: (_u, ticks) => ticks.map((t) => formatChartValue(t, chart.unit)) },
      ],
      series: [
        {},
        ...chart.series.map((s, i) => ({
          label: s.name,
          stroke: i === 0 ? colors.line : colors.axis,
          width: 2,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => formatChartValue(v, chart.unit),
        })),
      ],
      plugins: [thresholdsPlugin(chart, colors)],
    };
    const plot = new uPlot(opts, toData(chart), el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, el.clientWidth), height: 160 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [chart]);
  return <div ref={box} className="w-full" data-testid="evidence-chart-canvas" />;
}
