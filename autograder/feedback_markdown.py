"""Students' markdown made safe for nbgrader's feedback pages, which nbconvert renders as HTML.

A cell's markdown is rendered the way nbconvert's feedback template will render it, the HTML is
sanitized (bleach: text structure, tables, links and plain images only), and the result goes back
as markdown that nbconvert passes through unchanged: checked by rendering it again. Whatever cannot
be shown that way is shown as escaped text. Imported only when a notebook has such a cell: these
imports cost a third of a second.
"""
import html
import re
import sys

# nbconvert imports nbformat, which imports jsonschema, which builds rfc3987_syntax's IRI grammar as it is
# imported: 1.4 s of CPU. Only jsonschema's "iri" format checks use that grammar; nbformat validates with
# fastjsonschema and checks no formats, and the grader validates nothing else. So, unless something in
# this process loaded jsonschema already, it is loaded without the IRI checks (jupyter_events, their only
# user here, runs in Jupyter's own processes).
_SKIP_IRI = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
if _SKIP_IRI:
    sys.modules["rfc3987_syntax"] = None   # makes jsonschema's guarded import fail, so it skips those checks
try:
    import bleach
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
    from nbconvert.filters.strings import strip_files_prefix
finally:
    if _SKIP_IRI:
        del sys.modules["rfc3987_syntax"]


# What may appear in feedback HTML that came from a submission: text structure, tables, links
# and plain images. No script, style, forms, frames, SVG or MathML; no event handlers.
_SAFE_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
              "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "kbd", "li", "mark",
              "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
              "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_NAME = re.compile(r"[A-Za-z0-9_ -]{0,200}")
_NUMBER = re.compile(r"[0-9]{1,5}")
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/]+={0,2}")
_LARGEST_MARKDOWN = 200_000   # characters; longer cells are shown as text, not parsed as markdown
_ONE_LINE = '<div class="student-markdown">{}</div>'


def _safe_attribute(tag, name, value):
    # Values reach us with character references undecoded; browsers decode them, then ignore
    # control characters and spaces in URLs, as bleach does when it checks schemes.
    url = re.sub(r"[\x00-\x20\x7f-\xa0\s]+", "", html.unescape(value)).lower()
    if name in ("href", "src") and re.match(r"/?files/", url):
        return False   # the feedback template strips one "files/" prefix, which could reveal a scheme
    if name in ("title", "alt"):
        return True
    if name == "class":
        return bool(_NAME.fullmatch(value))
    if name == "id":
        return tag in _HEADINGS and bool(_NAME.fullmatch(value))
    if tag == "a" and name == "href":   # bleach refuses schemes other than http(s) and mailto
        return not url.startswith("data:")
    if tag == "img" and name == "src":
        return not url.startswith("data:") or bool(_DATA_IMAGE.fullmatch(value))
    if tag == "input":
        return (name, value) == ("type", "checkbox") or name in ("checked", "disabled")
    return name in ("width", "height", "colspan", "rowspan", "start") and bool(_NUMBER.fullmatch(value))


_CLEANER = bleach.Cleaner(tags=_SAFE_TAGS, attributes=_safe_attribute,
                          protocols={"http", "https", "mailto", "data"}, strip=False, strip_comments=True)


class _FeedbackRenderer(IPythonRenderer):
    """nbconvert's renderer, except that an image attachment is embedded only when it is a plain
    image, and a missing one is not an error (nbconvert raises, which would stop the feedback)."""

    def _embed_image_or_attachment(self, src):
        if not src.startswith("attachment:"):
            return src
        bundle = self.attachments.get(src[len("attachment:"):], {})
        mime = next((m for m in ("image/png", "image/jpeg", "image/gif") if m in bundle), None)
        return f"data:{mime};base64,{bundle[mime]}" if mime else ""


def _markdown_to_html(source, attachments):
    """What nbconvert's markdown2html filter makes of the source, as the feedback template applies it."""
    renderer = _FeedbackRenderer(escape=False, attachments=attachments)
    return strip_files_prefix(MarkdownWithMath(renderer=renderer).render(source))


def _verbatim_markdown(fragment):
    """Markdown source that nbconvert renders as exactly this HTML fragment, or None.

    One line opening with <div> is one HTML block to the markdown parser, passed through as it is;
    newlines become character references so the line never ends early. Checked by rendering it.
    """
    line = _ONE_LINE.format(re.sub(r"\r\n?|\n", "&#10;", fragment))
    return line if _markdown_to_html(line, {}).strip() == line else None


def as_text(source):
    """The source shown as plain preformatted text: every character that could be markup escaped."""
    text = html.escape(source).replace("=", "&#61;").replace("[", "&#91;")
    return _verbatim_markdown(f"<pre>{text}</pre>") or "*(this cell could not be shown safely)*"


def safe_markdown(source, attachments=None):
    """A markdown cell's source, made safe to render: nbconvert will produce the sanitized HTML of
    the student's markdown (script, event handlers, javascript: links and non-image data removed or
    shown as text), or, when that cannot be done, the source as plain text."""
    if len(source) <= _LARGEST_MARKDOWN:
        try:
            rendered = _markdown_to_html(source, attachments or {})
        except Exception:   # a markdown parser choking on a pathological cell: show it as text
            rendered = None
        safe = _verbatim_markdown(_CLEANER.clean(rendered)) if rendered is not None else None
        if safe is not None:
            return safe
    return as_text(source)
