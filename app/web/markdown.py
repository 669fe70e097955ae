"""Markdown that people paste, shown as formatting: a pure and safe renderer.

The stored text stays exactly as given (every analysis offset indexes it), so rendering keeps,
for each piece of visible text, the offsets of the stored characters it came from. That lets
the comparison lay its sentence spans over the formatting: `Document.render(marks)` wraps the
visible text of each mark in its own element, closing and reopening emphasis or a link where
a sentence begins or ends inside it, and dropping the syntax (`**`, `# `, `- `, `](url)`).

Safe by construction: CommonMark via markdown-it with raw HTML off (it stays visible text),
every string escaped, only http(s) links become links, images show their alt text and load
nothing. Indented code is off, so an indented paragraph of pasted text stays a paragraph; a
text without blank lines keeps each line as its own paragraph, as plain text is usually pasted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

LINK_REL = "nofollow noopener noreferrer"
_BLOCK_TAGS = {
    "paragraph": "p",
    "bullet_list": "ul",
    "ordered_list": "ol",
    "list_item": "li",
    "blockquote": "blockquote",
}
_STYLE_TAGS = {"strong_open": "strong", "em_open": "em", "s_open": "s"}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Mark:
    """A span of the stored text to wrap in its own element (a sentence, say)."""

    start: int
    end: int
    attrs: tuple[tuple[str, str], ...] = ()
    tag: str = "span"
    after: Markup | None = None  # inside the element, after its text (a hint for screen readers)


@dataclass(frozen=True)
class _Text:
    start: int  # offsets in the stored text
    end: int
    display: str
    styles: tuple[tuple[str, str], ...]  # ("strong", ""), ("a", href), ...
    exact: bool  # display == text[start:end], so it can be cut at any offset


@dataclass(frozen=True)
class _Open:
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    hidden: bool = False  # a tight list's paragraph: no tag of its own


@dataclass(frozen=True)
class _Close:
    hidden: bool = False


@dataclass(frozen=True)
class _Break:
    hard: bool


_Event = _Text | _Open | _Close | _Break


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # text_join off: escapes and entities stay separate tokens whose markup is their source form.
    return MarkdownIt("commonmark", {"html": False}).disable(["code", "text_join"])


def safe_href(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) address, else None: never javascript:, data: or a path."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


class Document:
    """One parsed text; render it whole, with marks over it, or read the plain words of a span."""

    def __init__(self, text: str, heading_base: int = 2):
        self.text = text
        self.heading_base = heading_base
        normal, self._to_stored = _normalise(text)
        self._lines_mode = not _BLANK_LINE.search(normal.strip())
        self.events: list[_Event] = list(_events(normal, _parser().parse(normal), heading_base, self._to_stored))
        texts = [e for e in self.events if isinstance(e, _Text)]
        self._texts = texts
        self._text_starts = [t.start for t in texts]

    def render(self, marks: Sequence[Mark] = (), marked_only: bool = False) -> Markup:
        """The HTML; with `marked_only`, only marked text is shown (and blocks left empty vanish)."""
        return _Renderer(sorted(marks, key=lambda m: m.start), marked_only, self._lines_mode).run(self.events)

    def plain(self, start: int = 0, end: int | None = None) -> str:
        """The visible words of text[start:end], formatting dropped and spaces collapsed."""
        end = len(self.text) if end is None else end
        first = max(0, bisect_right(self._text_starts, start) - 1)
        parts: list[str] = []
        previous_end = None
        for piece in self._texts[first:]:
            if piece.start >= end:
                break
            if piece.end <= start and piece.end > piece.start:
                continue
            if previous_end is not None and any(c.isspace() for c in self.text[previous_end : piece.start]):
                parts.append(" ")  # a line or block boundary between them
            if piece.exact:
                parts.append(self.text[max(start, piece.start) : min(end, piece.end)])
            elif start <= piece.start < end:
                parts.append(piece.display)
            previous_end = piece.end
        return " ".join("".join(parts).split())


def render(text: str, heading_base: int = 2) -> Markup:
    """The whole text as safe HTML (the article page)."""
    return Document(text, heading_base).render()


# --- parsing: tokens to events that keep their stored offsets -------------------------------


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """The text as markdown-it reads it (\\n line ends), and where each character came from."""
    if "\r" not in text and "\0" not in text:
        return text, None
    normal, origin = [], []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\r":
            if text[i + 1 : i + 2] == "\n":
                i += 1
            char = "\n"
        normal.append("\ufffd" if char == "\0" else char)
        origin.append(i)
        i += 1
    origin.append(len(text))
    return "".join(normal), origin


def _events(normal: str, tokens: list[Token], heading_base: int, to_stored: list[int] | None) -> Iterable[_Event]:
    line_starts = [0] + [m.end() for m in re.finditer("\n", normal)]

    def stored(i: int) -> int:
        return to_stored[i] if to_stored is not None else i

    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            level = min(6, heading_base + int(token.tag[1]) - 1)
            yield _Open(f"h{level}")
        elif kind == "heading_close" or (kind.endswith("_close") and kind[: -len("_close")] in _BLOCK_TAGS):
            yield _Close(hidden=token.hidden)
        elif kind.endswith("_open") and kind[: -len("_open")] in _BLOCK_TAGS:
            attrs = (("start", str(token.attrs["start"])),) if token.attrs.get("start") is not None else ()
            yield _Open(_BLOCK_TAGS[kind[: -len("_open")]], attrs, hidden=token.hidden)
        elif kind == "hr":
            yield _Open("hr")
            yield _Close()
        elif kind in ("fence", "code_block"):
            yield _Open("pre")
            begin, limit = _block_range(token, line_starts, len(normal))
            for start, end, display, exact in _locate(normal, token.content.rstrip("\n"), begin, limit):
                yield _moved(_Text(start, end, display, (("code", ""),), exact), stored)
            yield _Close()
        elif kind == "inline":
            begin, limit = _block_range(token, line_starts, len(normal))
            for piece in _inline(normal, token.children or [], begin, limit):
                yield _moved(piece, stored) if isinstance(piece, _Text) else piece


def _moved(piece: _Text, stored) -> _Text:
    """The piece with stored-text offsets; cut only where stored and shown characters line up."""
    start, end = stored(piece.start), stored(piece.end)
    exact = piece.exact and end - start == piece.end - piece.start
    return _Text(start, end, piece.display, piece.styles, exact)


def _block_range(token: Token, line_starts: list[int], size: int) -> tuple[int, int]:
    first, last = token.map or (0, len(line_starts))
    begin = line_starts[first] if first < len(line_starts) else size
    limit = line_starts[last] if last < len(line_starts) else size
    return begin, limit


def _inline(normal: str, children: list[Token], pos: int, limit: int) -> Iterable[_Text | _Break]:
    styles: list[tuple[str, str]] = []
    link_depth: list[bool] = []  # per link_open: whether it became a style (an allowed href)
    for child in children:
        kind = child.type
        if kind in _STYLE_TAGS:
            styles.append((_STYLE_TAGS[kind], ""))
        elif kind in ("strong_close", "em_close", "s_close"):
            if styles:
                styles.pop()
        elif kind == "link_open":
            href = safe_href(str(child.attrs.get("href") or ""))
            link_depth.append(href is not None)
            if href is not None:
                styles.append(("a", href))
        elif kind == "link_close":
            if link_depth and link_depth.pop() and styles:
                styles.pop()
        elif kind in ("softbreak", "hardbreak"):
            newline = normal.find("\n", pos, limit)
            pos = newline + 1 if newline >= 0 else pos
            yield _Break(hard=kind == "hardbreak")
        elif kind == "image":
            for part in child.children or []:  # the alt text, shown as text; nothing is loaded
                for start, end, display, exact in _locate(normal, part.content, pos, limit):
                    pos = end
                    yield _Text(start, end, display, tuple(styles), exact)
        elif kind in ("text", "code_inline", "text_special"):
            style = (*styles, ("code", "")) if kind == "code_inline" else tuple(styles)
            if kind == "text_special" and child.markup:
                found = normal.find(child.markup, pos, limit)
                if found >= 0:
                    pos = found + len(child.markup)
                    yield _Text(found, pos, child.content, style, child.markup == child.content)
                    continue
            for start, end, display, exact in _locate(normal, child.content, pos, limit):
                pos = end
                yield _Text(start, end, display, style, exact)


def _locate(normal: str, content: str, pos: int, limit: int) -> Iterable[tuple[int, int, str, bool]]:
    """Where `content` sits in the source from `pos` on: one run, or (when the parser dropped
    characters between, like a blockquote's `> `) several runs matched character by character."""
    if not content:
        return
    found = normal.find(content, pos, limit)
    if found >= 0:
        yield found, found + len(content), content, True
        return
    run_start = -1
    run_text: list[str] = []
    cursor = pos
    for char in content:
        at = normal.find(char, cursor, limit)
        if at < 0:  # not in the source as such (a tab the parser expanded): shown, at the cursor
            if run_text:
                yield run_start, cursor, "".join(run_text), True
                run_text = []
            yield cursor, cursor, char, False
            continue
        if run_text and at != cursor:
            yield run_start, cursor, "".join(run_text), True
            run_text = []
        if not run_text:
            run_start = at
        run_text.append(char)
        cursor = at + 1
    if run_text:
        yield run_start, cursor, "".join(run_text), True


# --- rendering: events and marks to HTML -----------------------------------------------------


class _Frame:
    __slots__ = ("close", "content", "open", "parts")

    def __init__(self, open_: str, close: str):
        self.open, self.close = open_, close
        self.parts: list[str] = []
        self.content = False  # holds something worth showing (in marked_only mode: marked text)


class _Renderer:
    def __init__(self, marks: list[Mark], marked_only: bool, lines_mode: bool):
        self.marks = marks
        self.marked_only = marked_only
        self.lines_mode = lines_mode
        self.frames = [_Frame("", "")]
        self.open_styles: list[tuple[str, str]] = []
        self.open_mark: int | None = None
        self.started: set[int] = set()
        self.next_mark = 0
        self.pending_space = False

    def run(self, events: list[_Event]) -> Markup:
        for event in events:
            if isinstance(event, _Text):
                self.text(event)
            elif isinstance(event, _Open):
                self.inline_end()
                tag = "" if event.hidden else _open_tag(event.tag, event.attrs)
                close = "" if event.hidden or event.tag == "hr" else f"</{event.tag}>"
                self.frames.append(_Frame(tag, close))
                if event.tag == "hr" and not self.marked_only:
                    self.frames[-1].content = True
            elif isinstance(event, _Close):
                self.inline_end()
                self.pop()
            else:
                self.line_break(event)
        self.inline_end()
        return Markup("".join(self.frames[0].parts))

    # blocks

    def pop(self) -> None:
        frame = self.frames.pop()
        if frame.content:
            parent = self.frames[-1]
            parent.parts.append(frame.open + "".join(frame.parts) + frame.close)
            parent.content = True

    def line_break(self, event: _Break) -> None:
        frame = self.frames[-1]
        if event.hard:
            self.close_styles()
            frame.parts.append("<br>")
        elif self.lines_mode and frame.open.startswith("<p"):
            self.inline_end()  # each line its own paragraph, as plain text is pasted
            self.pop()
            self.frames.append(_Frame(frame.open, frame.close))
            self.pending_space = False
        else:
            self.pending_space = True

    # inline text

    def text(self, piece: _Text) -> None:
        for mark, display in self.split(piece):
            if mark is None and self.marked_only:
                if display.strip() or self.open_mark is not None:
                    self.inline_end()
                self.pending_space = self.pending_space or bool(display)
                continue
            self.write(mark, piece.styles, display)

    def split(self, piece: _Text) -> Iterable[tuple[int | None, str]]:
        """The piece cut at mark boundaries: (mark index or None, visible text)."""
        while self.next_mark < len(self.marks) and self.marks[self.next_mark].end <= piece.start:
            self.next_mark += 1
        if not piece.exact or piece.start == piece.end:
            yield self.mark_at(piece.start), piece.display
            return
        cursor, index = piece.start, self.next_mark
        while cursor < piece.end:
            mark = self.marks[index] if index < len(self.marks) else None
            if mark is None or mark.start >= piece.end:
                yield None, piece.display[cursor - piece.start :]
                return
            if mark.start > cursor:
                yield None, piece.display[cursor - piece.start : mark.start - piece.start]
                cursor = mark.start
            stop = min(mark.end, piece.end)
            if stop > cursor:
                yield index, piece.display[cursor - piece.start : stop - piece.start]
            cursor = max(cursor, stop)
            if mark.end <= piece.end:
                index += 1

    def mark_at(self, offset: int) -> int | None:
        index = self.next_mark
        if index < len(self.marks) and self.marks[index].start <= offset < self.marks[index].end:
            return index
        return None

    def write(self, mark: int | None, styles: tuple[tuple[str, str], ...], display: str) -> None:
        frame = self.frames[-1]
        if mark != self.open_mark:
            self.inline_end()
        if self.pending_space and frame.parts:
            frame.parts.append(" ")
        self.pending_space = False
        if mark is not None and mark != self.open_mark:
            frame.parts.append(self.open_mark_tag(mark))
            self.open_mark = mark
        keep = 0
        while keep < min(len(styles), len(self.open_styles)) and styles[keep] == self.open_styles[keep]:
            keep += 1
        self.close_styles(keep)
        for style in styles[keep:]:
            frame.parts.append(_style_open(style))
            self.open_styles.append(style)
        frame.parts.append(str(escape(display)))
        if display.strip():
            frame.content = True

    def open_mark_tag(self, index: int) -> str:
        mark = self.marks[index]
        attrs = mark.attrs if index not in self.started else tuple(a for a in mark.attrs if a[0] != "id")
        self.started.add(index)
        return _open_tag(mark.tag, attrs)

    def close_styles(self, keep: int = 0) -> None:
        frame = self.frames[-1]
        while len(self.open_styles) > keep:
            tag = self.open_styles.pop()[0]
            frame.parts.append(f"</{tag}>")

    def inline_end(self) -> None:
        """Close open formatting and the open mark (they reopen in the next block if they go on)."""
        self.close_styles()
        if self.open_mark is not None:
            mark = self.marks[self.open_mark]
            self.frames[-1].parts.append(str(mark.after or "") + f"</{mark.tag}>")
            self.open_mark = None


def _open_tag(tag: str, attrs: Iterable[tuple[str, str]]) -> str:
    rendered = "".join(f' {name}="{escape(value)}"' for name, value in attrs)
    return f"<{tag}{rendered}>"


def _style_open(style: tuple[str, str]) -> str:
    tag, href = style
    if tag == "a":
        return _open_tag("a", (("href", href), ("rel", LINK_REL)))
    return f"<{tag}>"
