"""Key messages: what a brief says, on its first page, each figure with its source number and status.

Each brief module builds its messages from its context (``country.messages(ctx)`` ...) as
:class:`Message` objects: a bold lead and a run of text and claims. This module renders them, or the
analyst's own messages for that brief (``data/key_messages.yaml``) in their place, and says which the
reader is looking at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..core.text import t
from ..inputs.schemas import BriefMessages, OpenQuestion, Source, Sourced, Status, text_of
from .citations import Citable, Citer, badge, day
from .display import Html, esc

#: At most this many key messages: each a finding with what it means, the first page holds them.
MAX_MESSAGES = 5


@dataclass(frozen=True)
class Message:
    """One key message: a short bold lead, then text interleaved with the claims that carry it.

    ``parts`` holds plain text (escaped when shown), claims (a fact or other sourced item, shown as its
    source numbers, status and note marker), source ids (``[n]``) and open questions (their source).
    """

    lead: str
    parts: tuple[str | Sourced | OpenQuestion | Source, ...]


def claims_of(messages: Iterable[Message]) -> list[Sourced | OpenQuestion | Source]:
    """Every claim the messages cite, in order."""
    return [p for m in messages for p in m.parts if not isinstance(p, str)]


def sources_of(messages: Iterable[Message]) -> list[str]:
    """The source ids the messages cite, in order of first use (to number them first in the brief)."""
    out: list[str] = []
    for c in claims_of(messages):
        if isinstance(c, Source):
            out.append(c.id)
        elif isinstance(c, OpenQuestion):
            out.extend([c.source] if c.source else [])
        else:
            out.extend(c.all_sources)
    return list(dict.fromkeys(out))


def from_analyst(
    written: BriefMessages,
    citable: Mapping[str, Citable],
    sources: Mapping[str, Source],
    lang: str,
) -> list[Message]:
    """The analyst's messages as :class:`Message` objects, each id resolved to the claim it names."""
    out = []
    for m in written.messages:
        claims: list[Sourced | OpenQuestion | Source] = []
        for c in m.cites:
            if c in citable:
                claims.append(citable[c][1])
            elif c in sources:
                claims.append(sources[c])
        out.append(Message("", (text_of(m.text, lang), *claims)))
    return out


def _cited(parts, cite: Citer, lang: str) -> str:
    """A message's text with its claims as source numbers and statuses (once per run of claims).

    Notes and quotes are not linked here: they sit beside the same figures further down the brief.
    """
    out: list[str] = []
    shown: set[str | tuple[str, str]] = set()

    def refs(ids: list[str], status: str | None) -> str:
        new = [i for i in ids if i not in shown]
        shown.update(new)
        bits = [cite(i) for i in new]
        if status and ("status", status) not in shown:
            shown.add(("status", status))
            bits.append(badge(status, lang))
        return (" " + " ".join(bits)) if bits else ""

    for part in parts:
        if isinstance(part, str):
            out.append(esc(part))
            shown.clear()  # the next figure gets its own citation
        elif isinstance(part, Source):
            out.append(refs([part.id], None))
        elif isinstance(part, OpenQuestion):
            out.append(refs([part.source] if part.source else [], "open"))
        else:
            status = None if part.status is Status.verified else part.status.value
            out.append(refs(part.all_sources, status))
    return "".join(out)


def section(
    messages: list[Message], cite: Citer, lang: str, written: BriefMessages | None = None, note: str = ""
) -> Html:
    """The "Key messages" block: the messages, and whether the workbook generated them or an analyst wrote them."""
    if written is not None:
        label = t("brief.key_written", lang, author=written.author, date=day(written.date, lang))
    else:
        label = t("brief.key_generated", lang)
    items = []
    for m in messages:
        lead = f"<b>{esc(m.lead)}</b> " if m.lead else ""
        items.append(f"<li>{lead}{_cited(m.parts, cite, lang)}</li>")
    extra = f'<p class="cb-key-note">{note}</p>' if note else ""
    return Html(
        f'<h2 id="key-messages">{esc(t("brief.key_messages", lang))}</h2>'
        f'<div class="cb-key"><p class="cb-key-label">{esc(label)}</p><ul>{"".join(items)}</ul>{extra}</div>'
    )
