"""``workbook.yaml``: the issuing body is read from it; a mistake in it is caught by the checks every command runs."""

from __future__ import annotations

import pytest

from benchmark.core.errors import UserError
from benchmark.core.text import t
from benchmark.inputs import settings, validate
from benchmark.publish.export import issuer


def _write(root, text: str) -> None:
    (root / settings.SETTINGS_FILE).write_text(text, encoding="utf-8")


def test_without_the_file_the_briefs_name_the_workbook(project_copy):
    """A project without workbook.yaml validates and its briefs name the workbook itself, in each language."""
    assert settings.check_all() == []
    assert issuer("en") == t("brief.issuer", "en") and issuer("ru") == t("brief.issuer", "ru")


def test_a_file_of_comments_only_is_no_setting(project_copy):
    """A workbook.yaml whose fields are all commented out is as good as none (no error, the default issuer)."""
    _write(project_copy, "# issuer: Our unit\n")
    assert settings.check_all() == [] and issuer("kk") == t("brief.issuer", "kk")


def test_names_by_language_fall_back_to_english(project_copy):
    """An issuer named in English and Russian shows in Russian in a Russian brief and in English in a Kazakh one."""
    _write(project_copy, "issuer:\n  en: Analysis Unit\n  ru: Аналитический отдел\n")
    assert (issuer("en"), issuer("ru"), issuer("kk")) == ("Analysis Unit", "Аналитический отдел", "Analysis Unit")
    _write(project_copy, "issuer: '  Analysis Unit '\n")
    assert issuer("ru") == "Analysis Unit"


@pytest.mark.parametrize(
    "text, line, field, says",
    [
        ("issuer: 'Analysis Unit\n", 1, None, "not valid YAML"),
        ("isuer: Analysis Unit\n", 1, "isuer", "did you mean 'issuer'"),
        ("issuer: [Analysis, Unit]\n", 1, "issuer", "write the issuing body's name"),
        ("issuer: 42\n", 1, "issuer", "found 42"),
        ("issuer:\n  en: Analysis Unit\n  de: Analyseeinheit\n", 3, "issuer.de", "'de'"),
        ("issuer:\n  en: Analysis Unit\n  ru: [x]\n", 3, "issuer.ru", "expected a text"),
        ("issuer:\n  ru: Аналитический отдел\n", 2, "issuer", "no English name"),
        ("issuer: ''\n", 1, "issuer", "empty"),
    ],
    ids=["yaml", "typo", "list", "number", "language", "not-a-text", "no-english", "empty"],
)
def test_each_mistake_is_one_problem_with_its_line(project_copy, text, line, field, says):
    """A mistake in workbook.yaml is one problem naming the file, the line and the field, from validate's checks."""
    _write(project_copy, text)
    problems = settings.check_all()
    assert len(problems) == 1, problems
    p = problems[0]
    assert (p.file, p.line, p.field) == (settings.SETTINGS_FILE, line, field) and says in p.reason, p
    with pytest.raises(UserError):
        issuer("en")


def test_every_brief_and_validate_run_the_settings_check(project_copy):
    """validate, every kind of brief and a build refuse a bad workbook.yaml before rendering (one check everywhere)."""
    assert settings.check_all in dict(validate.CHECKS).values()
    assert all(settings.check_all in checks for checks in validate.BRIEF_CHECKS.values())
    _write(project_copy, "isuer: Analysis Unit\n")
    for brief in [None, *validate.BRIEF_CHECKS]:
        with pytest.raises(UserError) as exc:
            validate.refuse_bad_data(["KAZ"], brief=brief)
        assert [p.file for p in exc.value.problems] == [settings.SETTINGS_FILE]
