"""The ``clusterbench`` command line. Heavy imports happen inside commands, so ``--help`` is instant."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import UserError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Benchmark territorial cluster policies and render offline HTML briefs.")
training_app = typer.Typer(no_args_is_help=True, help="Training modules: export trainer and participant editions.")
app.add_typer(training_app, name="training")

OutOption = Annotated[Optional[Path], typer.Option("--out", "-o", help="Output HTML file (default: under reports/).")]
LangOption = Annotated[str, typer.Option("--lang", help="Language of fixed text (en; ru and kk to come).")]


def _render(notebook: str, parameters: dict, out: Path, title: str, lang: str = "en") -> None:
    from rich.console import Console

    from . import paths
    from .render import render_notebook

    console = Console(stderr=True)
    with console.status(f"Rendering {paths.relative(out)} ..."):
        result = render_notebook(paths.NOTEBOOKS / notebook, parameters, out, title=title, lang=lang)
    console.print(f"[green]wrote[/green] {paths.relative(result.output)} "
                  f"({result.size / 1024:.0f} KB, {result.seconds:.1f} s)")


@app.command()
def brief(
    country: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-3 code, e.g. KAZ.")],
    programme: Annotated[Optional[str], typer.Option(help="Only this programme id.")] = None,
    out: OutOption = None,
    lang: LangOption = "en",
) -> None:
    """Render the country brief for COUNTRY into reports/."""
    from . import brief as brief_mod, paths
    from .countries import check_iso3

    iso3 = check_iso3(country)
    params = {"country": iso3, "lang": lang}
    if programme:
        params["programme"] = programme
    name = f"country-{iso3}" + (f"-{programme}" if programme else "")
    _render("country_brief.ipynb", params, out or paths.REPORTS / f"{name}.html", brief_mod.title(iso3, lang), lang)


@app.command()
def validate() -> None:
    """Check every data file; print file, field, line and reason for each problem (exit 2 if any)."""
    from rich.console import Console

    from .validate import validate_all

    problems = validate_all()
    console = Console(stderr=True)
    if problems:
        for p in problems:
            console.print(f"[red]error[/red] {p}", highlight=False, soft_wrap=True)
        console.print(f"{len(problems)} problem(s) found.")
        raise typer.Exit(2)
    console.print("[green]All data files are valid.[/green]")


@app.command()
def build(
    benchmarks: Annotated[Optional[list[str]], typer.Argument(help="Benchmark ids or YAML files (default: all).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Parallel workers (default: CPU cores).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild every brief, changed or not.")] = False,
) -> None:
    """Build every brief declared in benchmarks/*.yaml (only what changed), and reports/index.html."""
    from .build import build as run_build

    outcomes = run_build(benchmarks or [], jobs=jobs, force=force)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


def main() -> None:
    """Entry point: user mistakes print a clear message and exit 2, without a traceback."""
    try:
        app()
    except UserError as exc:
        for p in exc.problems:
            print(f"error: {str(p).lstrip(': ')}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # a failed render names the notebook cell; no traceback needed
        from .render import RenderError

        if isinstance(exc, RenderError):
            print(f"error: render failed: {exc}", file=sys.stderr)
            sys.exit(1)
        raise
