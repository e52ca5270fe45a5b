"""The ``clusterbench`` command line. Heavy imports happen inside commands, so ``--help`` is instant."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from .core.errors import UserError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Benchmark territorial cluster policies and render offline HTML briefs.",
)
training_app = typer.Typer(no_args_is_help=True, help="Training modules: export trainer and participant editions.")
app.add_typer(training_app, name="training")
new_app = typer.Typer(no_args_is_help=True, help="Start a new country or programme from a commented skeleton.")
app.add_typer(new_app, name="new")
data_app = typer.Typer(no_args_is_help=True, help="Data files and their provenance sidecars.")
app.add_typer(data_app, name="data")
rename_app = typer.Typer(no_args_is_help=True, help="Rename an id everywhere it is used.")
app.add_typer(rename_app, name="rename")

OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Output HTML file (default: reports/<name>.html, as the build names it)."),
]
LangOption = Annotated[str, typer.Option("--lang", help="Language of the brief: en, ru or kk (file <name>-ru.html).")]
PdfOption = Annotated[
    bool, typer.Option("--pdf", help="Also print the brief to an A4 PDF beside its HTML (needs Debian's chromium).")
]


def _check_pdf(pdf: bool) -> None:
    """With ``--pdf``, check that Chromium is installed before anything starts (the error says how to install it)."""
    if pdf:
        from .publish.pdf import find_chromium

        find_chromium()


def _update_index(notebook: str, parameters: dict, out: Path, **outcome) -> None:
    """Bring reports/index.html up to date with a brief this command wrote (or failed to) in reports/."""
    from .publish.benchmarks import DeclaredCache, Job, collect_benchmarks
    from .publish.index import BY_HAND, after_command
    from .publish.names import brief_name, brief_title, html_path

    name = brief_name(notebook, parameters)
    if Path(out).resolve() != html_path(name).resolve():
        return  # written elsewhere with --out: not one of the index's briefs
    try:
        listed = {j.key: j for j in collect_benchmarks([], DeclaredCache())[0]}
    except UserError:
        listed = {}
    title = brief_title(notebook, parameters)
    job = listed.get(name) or Job(BY_HAND, "", name, title, notebook, tuple(sorted(parameters.items())))
    try:
        after_command(job, **outcome)
    except OSError as exc:  # the brief is written; an index that cannot be updated must not hide that
        print(f"note: reports/index.html not updated ({exc})", file=sys.stderr)


@contextmanager
def _kernel_first():
    """Start the kernel before anything else, so its start-up overlaps with checking the input.

    The kernel serves this one brief: it imports, and does not parse every country's card beforehand.
    """
    from .publish.execute import KernelSession

    session = KernelSession(preload=False)
    try:
        yield session
    finally:
        session.close()


def _render(notebook: str, parameters: dict, out: Path | None, session=None, pdf: bool = False) -> None:
    """Render one brief under the name and title the build would give it (``--out`` changes only the place).

    With ``pdf``, print it to an A4 PDF beside the HTML; Chromium starts in a thread while the brief renders.
    """
    from rich.console import Console

    from .core import paths
    from .core.text import LANGUAGES
    from .publish.names import brief_name, brief_title, canonical, html_path
    from .publish.render import render_notebook

    console = Console(stderr=True)
    from .publish.export import check_writable

    parameters = canonical(notebook, parameters)
    out = out or html_path(brief_name(notebook, parameters))
    check_writable(Path(out).parent)
    title = brief_title(notebook, parameters)
    lang = parameters.get("lang", "en")
    others = []  # the same brief in other languages, where it has been written beside this one
    for code in LANGUAGES:
        name = f"{brief_name(notebook, canonical(notebook, {**parameters, 'lang': code}))}.html"
        if code != lang and (Path(out).parent / name).exists():
            others.append((code, name))
    printed: list = []
    printer = None
    if pdf:
        from .publish.workers import BackgroundPrinter

        printer = BackgroundPrinter(lambda item, done, error: printed.append((done, error)))  # no chromium: error here
    try:
        with console.status(f"Rendering {paths.relative(out)} ..."):
            if printer is not None:
                printer.start()  # Chromium starts while the kernel runs the notebook
            try:
                result = render_notebook(
                    paths.NOTEBOOKS / notebook,
                    parameters,
                    out,
                    title=title,
                    lang=lang,
                    session=session,
                    other_languages=others,
                )
            except Exception as exc:
                from .publish.execute import RenderError

                if isinstance(exc, RenderError):
                    _update_index(notebook, parameters, out, error=f"{exc.ename}: {exc.evalue}")
                raise
        _update_index(notebook, parameters, out, seconds=result.seconds, files_read=result.files_read)
        console.print(
            f"[green]wrote[/green] {paths.relative(result.output)} "
            f"({result.size / 1024:.0f} KB, {result.seconds:.1f} s)"
        )
        if printer is not None:
            with console.status(f"Printing {paths.relative(Path(out).with_suffix('.pdf'))} ..."):
                printer.put(None, Path(out), title)
                printer.finish()
                printer = None
    finally:
        if printer is not None:
            printer.stop()  # the render failed: nothing is printed, the previous PDF stays
    for done, error in printed:
        if done is None:
            console.print(f"[red]error:[/red] printing the PDF failed: {error}; the previous PDF, if any, is kept")
            raise typer.Exit(1)
        console.print(
            f"[green]wrote[/green] {paths.relative(done.path)} ({done.pages} pages, {done.size / 1024:.0f} KB, "
            f"{done.seconds:.1f} s)"
        )


def _validate_first(countries: list[str], brief: str) -> None:
    """The checks of ``validate`` on what a brief reads, while its kernel starts: bad data never reaches a cell.

    ``countries``: the countries the brief shows (another country's own files do not stop it); ``brief``:
    its kind (``country``, ``comparison``, ``competition``), which says which files it reads.
    """
    from .inputs.validate import refuse_bad_data

    refuse_bad_data(countries, brief=brief)


@app.command()
def brief(
    country: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-3 code, e.g. KAZ.")],
    programme: Annotated[str | None, typer.Option(help="Only this programme id.")] = None,
    year: Annotated[
        int | None,
        typer.Option(
            help="Year of Kazakhstan's regional figures: 2015-2017 on the 16 units of 2017, 2024-2025 on today's 20 "
            "(default 2017; 2025 for today's picture). Kazakhstan only."
        ),
    ] = None,
    out: OutOption = None,
    lang: LangOption = "en",
    pdf: PdfOption = False,
) -> None:
    """Render the country brief for COUNTRY into reports/."""
    _check_pdf(pdf)
    with _kernel_first() as session:
        from .core.errors import Problem
        from .core.text import check_lang
        from .inputs import load, regional

        # The checks of validate on the data, then the language and the code; a bad programme is reported by
        # the brief itself. The brief's tables are not loaded in this process: the kernel does that.
        _validate_first([country], "country-KAZ" if country.strip().upper() == "KAZ" else "country")
        check_lang(lang)
        iso3 = load.country_code(country)
        params: dict[str, object] = {"country": iso3, "lang": lang}
        if programme:
            params["programme"] = programme
        if year is not None and year != regional.BASE_YEAR:
            if iso3 != regional.COUNTRY:
                raise UserError(
                    Problem("--year", f"regional figures are shown for Kazakhstan only; leave --year out for {iso3}")
                )
            params["year"] = regional.check_year(year)  # a year without figures is reported here
        _render("country_brief.ipynb", params, out, session=session, pdf=pdf)


@app.command()
def compare(
    focal: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-3 code of the focal country, e.g. KAZ.")],
    more: Annotated[
        list[str] | None, typer.Argument(help="More peer codes (after --peers).", show_default=False)
    ] = None,
    peers: Annotated[
        list[str] | None, typer.Option("--peers", help="Peer countries: --peers JPN RUS DEU (default JPN RUS).")
    ] = None,
    dimension: Annotated[
        list[str] | None, typer.Option("--dimension", help="Only this dimension id (repeatable).")
    ] = None,
    period: Annotated[
        str,
        typer.Option(
            help="present: present regimes, the focal country's earlier ones as history; launch: first years."
        ),
    ] = "present",
    out: OutOption = None,
    lang: LangOption = "en",
    pdf: PdfOption = False,
) -> None:
    """Render the comparison brief of FOCAL against its peers into reports/."""
    _check_pdf(pdf)
    with _kernel_first() as session:
        from .sections import comparison

        named = [*(peers or []), *(more or [])] or ["JPN", "RUS"]
        _validate_first([focal, *named], "comparison")
        f, ps, dims = comparison.scope(focal, named, dimension or None)
        params = {"focal": f, "peers": list(ps), "lang": lang}
        if dimension:
            params["dimensions"] = [d.id for d in dims]
        if period not in comparison.PERIODS:
            raise UserError(f"unknown period {period!r}; use one of: {', '.join(comparison.PERIODS)}")
        if period != "present":
            params["period"] = period
        _render("comparison.ipynb", params, out, session=session, pdf=pdf)


@app.command()
def competition(
    scores: Annotated[
        str, typer.Option(help="Scoring sheet CSV (application,expert,criterion,score), or 'example' (illustrative).")
    ] = "example",
    criteria: Annotated[
        str, typer.Option(help="Criteria YAML file, or 'default' (drawn from guidance, not the official rule).")
    ] = "default",
    weight: Annotated[
        list[str] | None,
        typer.Option("--weight", help="Override one weight: --weight critical_mass=20 (repeatable)."),
    ] = None,
    n_select: Annotated[int, typer.Option("--select", "-n", help="Number of applications to select.")] = 6,
    seed: Annotated[int, typer.Option(help="Random seed of the weight-sensitivity draws.")] = 2017,
    draws: Annotated[int, typer.Option(help="Number of random weight draws.")] = 1000,
    weight_range: Annotated[
        float, typer.Option(help="Each weight varies by up to this share of its value (0.5 = 50%).")
    ] = 0.5,
    out: OutOption = None,
    lang: LangOption = "en",
    pdf: PdfOption = False,
) -> None:
    """Render the 2017 Kazakhstan competition brief: applications, funnel, scoring, agreement, robustness."""
    _check_pdf(pdf)
    with _kernel_first() as session:
        from .inputs import competition as comp

        _validate_first([comp.COUNTRY], "competition")
        weights = {}
        for item in weight or []:
            key, _, value = item.partition("=")
            try:
                weights[key.strip()] = float(value)
            except ValueError:
                raise UserError(f"--weight {item!r}: expected criterion=number, e.g. critical_mass=20") from None
        if n_select < 1:
            raise UserError(f"--select {n_select}: the number to select must be at least 1")
        # Check the inputs before the notebook runs, so mistakes are reported with rows named; pass absolute paths on.
        comp.check_parameters(n_select, draws, weight_range)
        cs = comp.load_criteria(criteria)
        comp.weights_of(cs, weights)
        comp.load_scoring_sheet(scores, cs)
        params = {
            "criteria": criteria if criteria == comp.DEFAULT_CRITERIA else str(comp.criteria_path(criteria)),
            "weights": weights or None,
            "n_select": n_select,
            "scores": scores if scores == comp.EXAMPLE_SCORES else str(comp.scores_path(scores)),
            "seed": seed,
            "n_draws": draws,
            "weight_range": weight_range,
            "lang": lang,
        }
        _render("kz_competition.ipynb", params, out, session=session, pdf=pdf)


@app.command()
def validate(
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Also list every data text without a translation into this language (ru, kk)."),
    ] = None,
) -> None:
    """Check every data file; print file, line, field and what to write instead for each problem (exit 2 if any).

    With ``--lang``, also list the text fields a brief in that language would show in English (exit 1 if any).
    """
    from .core.text import check_lang
    from .inputs.validate import CHECKS, validate_all

    if lang is not None:
        check_lang(lang)
    problems = validate_all()
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    checked = ", ".join(name for name, _ in CHECKS)
    from .inputs.scaffold import placeholders

    for note in placeholders():
        print(f"note: {note} (replace them before quoting the brief)", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found. Checked: {checked}.", file=sys.stderr)
        raise typer.Exit(2)
    print(f"All data files are valid. Checked: {checked}.", file=sys.stderr)
    if lang is not None and lang != "en":
        from .inputs.translations import missing

        untranslated = missing(lang)
        for p in untranslated:
            print(f"untranslated: {p}", file=sys.stderr)
        if untranslated:
            files = len({p.file for p in untranslated})
            print(
                f"{len(untranslated)} text field(s) in {files} file(s) have no {lang} text: a brief in {lang} "
                "shows them in English, marked [EN]. Write them as {en: ..., " + lang + ": ...}.",
                file=sys.stderr,
            )
            raise typer.Exit(1)
        print(f"Every data text has its {lang} version.", file=sys.stderr)


@app.command()
def build(
    benchmarks: Annotated[list[str] | None, typer.Argument(help="Benchmark ids or YAML files (default: all).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Parallel workers (default: CPU cores).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild every brief, changed or not.")] = False,
    pdf: Annotated[
        bool | None,
        typer.Option(
            "--pdf/--no-pdf",
            help="Print every brief to an A4 PDF too, or none (default: as each benchmark's `formats` says).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build every brief declared in benchmarks/*.yaml (only what changed), their PDFs, and reports/index.html."""
    from .publish.build import build as run_build

    outcomes = run_build(benchmarks or [], jobs=jobs, force=force, pdf=pdf)
    if any(o.status == "failed" or o.pdf == "failed" for o in outcomes):
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Write docs/schema.md: every record of every data file, its fields, formats and what each is for."""
    from .core import paths
    from .inputs.schema_doc import write

    print(f"wrote {paths.relative(write())}", file=sys.stderr)


@data_app.command("checksum")
def data_checksum(
    data_files: Annotated[list[Path], typer.Argument(help="Data files changed on purpose, e.g. data/tables/x.csv.")],
) -> None:
    """Record a data file's new SHA-256 in its sidecar after a deliberate edit (say where the figures come from too)."""
    from .inputs.checksums import refresh

    for path in data_files:
        old, new = refresh(path)
        state = "unchanged" if old == new else f"was {old[:12]}…"
        print(f"{path}: sha256 {new[:12]}… ({state})", file=sys.stderr)


@new_app.command("country")
def new_country(
    code: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-3 code of the new country, e.g. NOR.")],
    programme: Annotated[
        str | None, typer.Option(help="Id of its first programme (default <code>_cluster_programme).")
    ] = None,
) -> None:
    """Write a commented skeleton for a new country (card, sources entry, assessments 'not scored')."""
    from .core import paths
    from .inputs.scaffold import new_country as scaffold

    for path in scaffold(code, programme):
        print(f"wrote {paths.relative(path)}", file=sys.stderr)
    iso3 = code.strip().upper()
    print(
        f"Next: replace every TO FILL, then run `clusterbench validate` and `clusterbench brief {iso3}`.",
        file=sys.stderr,
    )


@new_app.command("programme")
def new_programme(
    code: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-3 code of a country with data, e.g. NOR.")],
    programme: Annotated[str, typer.Argument(help="Id of the new programme, e.g. nor_arena.")],
) -> None:
    """Add a programme card skeleton to a country, and its assessments ('not scored')."""
    from .core import paths
    from .inputs.scaffold import new_programme as scaffold

    for path in scaffold(code, programme):
        print(f"updated {paths.relative(path)}", file=sys.stderr)


@rename_app.command("programme")
def rename_programme(
    old: Annotated[str, typer.Argument(help="The programme id now, e.g. nor_cluster_programme.")],
    new: Annotated[str, typer.Argument(help="The new id, e.g. nor_arena.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would change; write nothing.")] = False,
) -> None:
    """Change a programme id everywhere: card, assessments, recommendations, key messages, benchmarks, commentary."""
    from .inputs.scaffold import rename_programme as rename

    changes = rename(old, new, write=not dry_run)
    for line in changes:
        print(line, file=sys.stderr)
    verb = "would change" if dry_run else "changed"
    print(f"{verb} {len(changes)} line(s); then run `clusterbench validate`.", file=sys.stderr)


TrainingLangOption = Annotated[
    str,
    typer.Option(
        "--lang", help="Language of the modules: en, ru (notebooks/training/ru/) or kk (notebooks/training/kk/)."
    ),
]


@training_app.command("export")
def training_export(
    out: Annotated[Path, typer.Argument(help="Folder to write the notebooks and HTML handouts into.")],
    edition: Annotated[
        str, typer.Option("--edition", "-e", help="participant (solutions removed) or trainer.")
    ] = "participant",
    module: Annotated[list[str] | None, typer.Option("--module", "-m", help="Only these modules (m1 ... m4).")] = None,
    html: Annotated[
        bool, typer.Option("--html/--no-html", help="Also execute each notebook into an HTML handout.")
    ] = True,
    lang: TrainingLangOption = "en",
) -> None:
    """Write the participant or trainer edition of the training modules (notebooks + offline HTML handouts)."""
    from rich.console import Console

    from .core import paths
    from .publish.editions import export, module_language

    console = Console(stderr=True)
    if module_language(lang) != lang:
        console.print(
            f"[yellow]note:[/yellow] the modules are not written in {lang!r} yet "
            f"(no notebooks/training/{lang}/): exporting the English modules"
        )
    with console.status(f"Exporting the {edition} edition ..."):
        written = export(edition, out, html=html, modules=module, lang=lang)
    for path in written:
        console.print(f"[green]wrote[/green] {paths.relative(path)}")


@training_app.command("sync")
def training_sync(
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", help="Only the siblings in this language (ru, kk); default: every language."),
    ] = None,
    module: Annotated[list[str] | None, typer.Option("--module", "-m", help="Only these modules (m1 ... m4).")] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; list what is out of step and exit 1 if anything is.")
    ] = False,
) -> None:
    """Bring the translated modules in step with the English ones: code cells copied, new cells inserted."""
    from .core.errors import UserError
    from .core.text import check_lang
    from .publish.editions import module_languages, module_paths
    from .publish.siblings import sync

    langs = [check_lang(x) for x in lang] if lang else [x for x in module_languages() if x != "en"]
    if "en" in langs:
        raise UserError("English is the original: sync copies from it into ru or kk (or another language's folder)")
    notes = [n for x in langs for p in module_paths(module) for n in sync(p, x, write=not check)]
    for note in notes:
        print(note, file=sys.stderr)
    if not notes:
        print(f"in step with the English modules: {', '.join(langs) or 'no translated modules'}", file=sys.stderr)
    if check and notes:
        sys.exit(1)


@training_app.command("slides")
def training_slides(
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; list the modules not marked and exit 1 if any.")
    ] = False,
) -> None:
    """Mark the modules' cells as slides (what RISE shows in JupyterLab); `training export` writes the slide files."""
    from .publish.editions import mark_slides

    notes = mark_slides(write=not check)
    for note in notes:
        print(note, file=sys.stderr)
    if not notes:
        print("every module is marked as slides", file=sys.stderr)
    if check and notes:
        sys.exit(1)


def main() -> None:
    """Entry point: user mistakes print a clear message and exit 2, without a traceback."""
    try:
        app()
    except UserError as exc:
        for p in exc.problems:
            print(f"error: {str(p).lstrip(': ')}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        # Workers are stopped, their pool wound down and partial files swept by now (publish/workers.py).
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # a failed render names the notebook cell; no traceback needed
        from .publish.execute import RenderError

        if isinstance(exc, RenderError):
            print(f"error: render failed: {exc}", file=sys.stderr)
            sys.exit(1)
        raise
