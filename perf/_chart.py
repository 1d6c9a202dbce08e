"""The table as a chart: one panel per timed row, a bar per variant."""

from __future__ import annotations

from ._machine import summary_line
from ._report import COLUMN_ORDER, _num

__all__ = ["draw"]

COLORS = {
    "bare": "#9e9e9e",
    "against": "#e08a2c",
    "eager": "#c44e52",
    "lazy": "#3a78b5",
}


def draw(result: dict, path: str) -> None:
    """Write a PNG of every metric marked for the chart, medians with IQR bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = {v["key"]: v["label"] for v in result["variants"]}
    rows = [r for r in result["metrics"] if r.get("chart") and r["values"]]
    ncols = 4
    nrows = (len(rows) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.6 * nrows + 1.2), squeeze=False)
    for ax in axes.flat[len(rows) :]:
        ax.axis("off")
    for ax, row in zip(axes.flat, rows):
        keys = [k for k in COLUMN_ORDER if k in row["values"]]
        stats = [row["values"][k] for k in keys]
        med = [s["median"] for s in stats]
        low = [s["median"] - s["p25"] for s in stats]
        high = [s["p75"] - s["median"] for s in stats]
        xs = range(len(keys))
        ax.bar(
            xs,
            med,
            color=[COLORS[k] for k in keys],
            width=0.7,
            yerr=[low, high],
            capsize=4,
            ecolor="#333333",
            error_kw={"lw": 1},
        )
        target = row.get("target")
        threshold = target.get("threshold") if target else None
        tops = [m + h for m, h in zip(med, high)] + ([threshold] if threshold else [])
        bottoms = [m - lo for m, lo in zip(med, low)]
        positive = [m for m in med if m > 0]
        log_note = ""
        if len(positive) == len(med) and max(med) / min(med) > 30:
            ax.set_yscale("log")
            log_note = ", log scale"
            floor = min([b for b in bottoms if b > 0] + positive + tops)
            ax.set_ylim(floor / 3, max(tops) * 8)
        else:
            top, bottom = max(tops + [0]), min(bottoms + [0])
            ax.set_ylim(bottom * 1.25, top * 1.3 if top > 0 else 1)
        if threshold is not None:
            ax.axhline(threshold, color="#2a9d3a", ls="--", lw=1.2)
            verdict = {"pass": ", met", "fail": ", missed", "unclear": ", unclear (noise)"}.get(
                target.get("verdict"), ""
            )
            ax.annotate(
                f"target {_num(threshold)}{verdict}",
                xy=(0.0, threshold),
                xycoords=("axes fraction", "data"),
                xytext=(2, 2),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=8,
                color="#2a9d3a",
                bbox={
                    "boxstyle": "square,pad=0.1",
                    "fc": "white",
                    "ec": "none",
                    "alpha": 0.8,
                },
            )
        for x, m, h in zip(xs, med, high):
            ax.annotate(
                _num(m),
                xy=(x, m + h),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9,
                fontweight="bold",
            )
        gaps = [labels[k] for k in COLUMN_ORDER if k in row.get("unavailable", {})]
        if gaps:
            ax.text(
                0.98,
                0.97,
                "n/a: " + ", ".join(gaps),
                transform=ax.transAxes,
                ha="right",
                va="top",
                fontsize=8,
                color="#555555",
            )
        ax.set_xticks(list(xs))
        ax.set_xticklabels([labels[k].replace(" (", "\n(") for k in keys], fontsize=8)
        unit = {"us": "µs"}.get(row["unit"], row["unit"])
        ax.set_title(f"{row['chart']} ({unit}{log_note})", fontsize=10)
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    s = result["settings"]
    fig.suptitle(
        f"instructor: cost of import, first use and calls; lower is better\n"
        f"medians of {s['rounds']} fresh interpreters, bars span the interquartile "
        f"range{' (quick run: few samples)' if s.get('quick') else ''}",
        fontsize=12,
    )
    fig.text(
        0.5,
        0.005,
        f"{result['finished'][:16].replace('T', ' ')}  ·  "
        f"{summary_line(result['machine'])}  ·  {result.get('command', '')}",
        ha="center",
        va="bottom",
        fontsize=8,
        color="#555555",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    fig.savefig(path, dpi=110)
    plt.close(fig)
