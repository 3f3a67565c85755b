"""Basic rich text for notices: an allow-list HTML sanitizer run by the client and the server.

A notice's ``body_html`` may hold paragraphs, line breaks, bold, italic, underline, lists and
coloured text — nothing else. Every other tag is dropped (its text kept; the text of script,
style and head is dropped too), every attribute is dropped except a span's colour. Qt's editor
writes bold/italic/underline as span styles; those become <b>/<i>/<u> here, so its HTML can be
passed in as it is.

The output is canonical: ``sanitize(sanitize(x)) == sanitize(x)``. The record types refuse a
``body_html`` that is not already in that form, so the server never stores HTML it did not
check, and a well-behaved client (which sanitizes before writing) is never refused.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

ALLOWED = ("p", "br", "b", "strong", "i", "em", "u", "ol", "ul", "li", "span")
_CANONICAL = {"strong": "b", "em": "i"}
_VOID = frozenset({"br"})
_SKIP_CONTENT = frozenset({"script", "style", "head", "title", "template", "textarea"})
_COLOR_HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6})$")
_COLOR_RGB = re.compile(r"^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$")
_BLOCK_END = frozenset({"p", "li", "ol", "ul"})


def _color(value: str) -> str | None:
    value = value.strip().lower()
    if m := _COLOR_HEX.match(value):
        digits = m.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return f"#{digits}"
    if m := _COLOR_RGB.match(value):
        parts = [int(g) for g in m.groups()]
        if all(p <= 255 for p in parts):
            return "#" + "".join(f"{p:02x}" for p in parts)
    return None


def _span_style(style: str) -> tuple[list[str], str | None]:
    """The tags a span's style stands for (Qt writes bold as font-weight) and its colour."""
    tags: list[str] = []
    color = None
    for decl in style.split(";"):
        name, _, value = decl.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "font-weight" and (value == "bold" or (value.isdigit() and int(value) >= 600)):
            tags.append("b")
        elif name == "font-style" and value in ("italic", "oblique"):
            tags.append("i")
        elif name == "text-decoration" and "underline" in value:
            tags.append("u")
        elif name == "color":
            color = _color(value)
    return tags, color


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        # Open elements: (source tag, tags written for it — a styled span may write several).
        self.stack: list[tuple[str, list[str]]] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_CONTENT:
            self.skipping += 1
            return
        if self.skipping or tag not in ALLOWED:
            return
        if tag in _VOID:
            self.out.append("<br>")
            return
        written: list[str] = []
        if tag == "span":
            style = next((v or "" for k, v in attrs if k == "style"), "")
            tags, color = _span_style(style)
            for t in tags:
                self.out.append(f"<{t}>")
                written.append(t)
            if color is not None:
                self.out.append(f'<span style="color:{color}">')
                written.append("span")
        else:
            name = _CANONICAL.get(tag, tag)
            self.out.append(f"<{name}>")
            written.append(name)
        self.stack.append((tag, written))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in ALLOWED or tag in _VOID:
            return
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return  # a stray end tag: ignored
        while self.stack:
            open_tag, written = self.stack.pop()
            self._close(written)
            if open_tag == tag:
                break

    def _close(self, written: list[str]) -> None:
        self.out.extend(f"</{t}>" for t in reversed(written))

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        while self.stack:
            self._close(self.stack.pop()[1])
        return "".join(self.out)


def sanitize(html: str) -> str:
    """``html`` reduced to the allowed subset, in canonical form."""
    if not html:
        return ""
    parser = _Sanitizer()
    parser.feed(html)
    parser.close()
    return parser.result()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_END:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The text of sanitized ``html`` (paragraphs and list items on their own lines)."""
    parser = _Text()
    parser.feed(sanitize(html))
    parser.close()
    lines = "".join(parser.parts).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")
