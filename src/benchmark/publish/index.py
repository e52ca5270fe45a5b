"""``reports/index.html``: every brief of the benchmark definitions, grouped by benchmark, with its status."""

from __future__ import annotations

from html import escape as esc
from pathlib import Path

from ..core import paths
from ..core.errors import UserError
from ..core.text import t
from .benchmarks import DeclaredCache, Job, all_benchmarks, load_benchmark
from .export import write_atomic
from .names import html_path


def write_index(jobs: list[Job], state: dict, stale=lambda job: False) -> Path:
    """Write the index page: the briefs of the benchmarks defined now (in their definition order) and of this build.

    Each brief shows the version of the data it read; ``stale(job)`` marks a brief whose data changed
    since it was built (its rebuild failed, or it belongs to a benchmark not built this time). Records
    of benchmarks since deleted are kept in the build state but not listed.
    """
    records = state.get("briefs", {})
    groups: dict[str, list[Job]] = {}
    titles: dict[str, str] = {}
    declared = DeclaredCache(state.setdefault("_declared", {}))
    defined: list[Job] = []
    for f in all_benchmarks():
        try:
            defined.extend(load_benchmark(f, declared))
        except UserError:
            continue
    for job in [*defined, *jobs]:
        rec = records.get(job.key)
        if rec is None or (not job.output_path.exists() and rec.get("status") != "failed"):
            continue
        group = groups.setdefault(job.benchmark, [])
        if all(j.key != job.key for j in group):
            group.append(job)
        titles[job.benchmark] = job.benchmark_title
    css = (paths.TEMPLATES / "brief" / "brief.css").read_text(encoding="utf-8")
    parts = []
    for bench, items in groups.items():
        rows = []
        for job in items:
            rec = records[job.key]
            html = html_path(job.key)
            exists = html.exists()
            href = html.relative_to(paths.REPORTS).as_posix()
            title = f'<a href="{esc(href)}">{esc(job.title)}</a>' if exists else esc(job.title)
            if rec.get("status") == "failed":
                status = (
                    f'<span class="cb-status cb-status-conflicting">{esc(t("build.failed"))}</span> '
                    f"{esc(rec.get('error', ''))}" + (f" — {esc(t('build.kept_previous'))}" if exists else "")
                )
            else:
                status = f'<span class="cb-status cb-status-verified">{esc(t("build.ok"))}</span>'
            version = esc(rec.get("data_version", ""))
            if exists and stale(job):
                version += f' <span class="cb-status cb-status-secondary">{esc(t("build.older_data"))}</span>'
            rows.append(
                f"<tr><td>{title}</td><td>{esc(rec.get('built', '').replace('T', ' ')[:16])}</td>"
                f"<td>{version}</td><td>{status}</td></tr>"
            )
        head = "".join(f"<th>{esc(t(f'build.col_{c}'))}</th>" for c in ("brief", "built", "data_version", "status"))
        parts.append(
            f"<h2>{esc(titles.get(bench) or bench)}</h2><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(t("build.index_title"))}</title>'
        f'<style>{css}</style></head><body><header class="cb-header"><h1>{esc(t("build.index_title"))}</h1>'
        f"<p>{esc(t('build.index_intro'))}</p></header><main>{''.join(parts)}</main>"
        f'<footer class="cb-footer">{esc(t("brief.footer"))}</footer></body></html>'
    )
    out = paths.REPORTS / "index.html"
    write_atomic(out, html)
    return out
