"""Extraction without a database: ``score`` and ``extract``, for scripts and pipelines."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from claimtrack import fileio
from claimtrack.cli.main import app
from claimtrack.cli.main import safe as _safe
from claimtrack.errors import InputError
from claimtrack.textsafe import dumps_json

STDIN = fileio.STDIN


def _limit() -> int:
    from claimtrack.services import articles

    return articles.MAX_ARTICLE_BYTES


def _label(name: str) -> str:
    return fileio.label(name)


def read_text(name: str) -> str:
    """The whole input (at most ``MAX_ARTICLE_BYTES``, counted as read), decoded as UTF-8
    (strict); newlines are kept exactly as read."""
    data = fileio.read_input(name, limit=_limit(), what="a text file")
    if b"\x00" in data:
        raise InputError(f"{_label(name)}: binary data, not text")
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark is not text
        data = data[3:]
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{_label(name)}: not UTF-8 text (line {line}, byte {exc.start})") from None


@app.command()
def score(
    file: Annotated[
        str, typer.Argument(metavar="FILE|-", help="Sentences, one a line (default: standard input).")
    ] = STDIN,
) -> None:
    """Score sentences for check-worthiness: one sentence a line in, one JSON object a line out.

    Each output line is {"score": 0..1, "check_worthy": true|false}, in the input's order; an
    empty line scores 0. The input is read line by line, so it can be any size (a single line
    over 50 MB is an error).

    \b
    Example:
      printf 'The army lost 40 tanks in 2022.\\nThanks for reading!\\n' | claimtrack score
      claimtrack score sentences.txt > scores.jsonl
    """
    from claimtrack.extract import CHECK_WORTHY_THRESHOLD, score_sentence

    limit = _limit()
    out = sys.stdout
    with fileio.open_input(file, limit=None) as stream:  # any length; each line is bounded
        for n, raw in enumerate(fileio.iter_lines_limited(stream, _label(file), limit), 1):
            if b"\x00" in raw:
                raise InputError(f"{_label(file)}: binary data, not text (line {n})")
            try:
                line = raw.decode("utf-8", errors="strict")
            except UnicodeDecodeError:
                raise InputError(f"{_label(file)}: not UTF-8 text (line {n})") from None
            if n == 1 and line.startswith("\ufeff"):
                line = line[1:]
            line = line.rstrip("\r\n")
            s = score_sentence(line)
            out.write(
                f'{{"score": {round(s, 6)}, "check_worthy": {"true" if s >= CHECK_WORTHY_THRESHOLD else "false"}}}\n'
            )
    out.flush()


def claim_record(c) -> dict:  # c: ProposedClaim
    return {
        "text": c.text,
        "sentence": c.sentence,
        "start": c.start,
        "end": c.end,
        "sentence_start": c.sentence_start,
        "sentence_end": c.sentence_end,
        "claimant": c.claimant,
        "cue": c.cue,
        "cues": list(c.cues),
        "disputed_by": list(c.disputed_by),
        "dispute": c.dispute,
        "score": round(c.score, 6),
        "check_worthy": c.check_worthy,
    }


@app.command("extract")
def extract_cmd(
    file: Annotated[
        str, typer.Argument(metavar="FILE|-", help="A plain-text article (UTF-8), or - for standard input.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines: one proposed claim an object.")] = False,
    extractor: Annotated[
        str, typer.Option("--extractor", help="builtin (rules, offline) or llm (CLAIMTRACK_LLM_URL).")
    ] = "builtin",
    claimant: Annotated[
        str | None, typer.Option("--claimant", help='Who asserts the article\'s own voice (default "the article").')
    ] = None,
) -> None:
    """Propose the claims of an article without storing anything.

    Any UTF-8 text works: a whole article file, or a plain body without a title line. With
    --json, "start"/"end" (and "sentence_start"/"sentence_end") are character offsets (Unicode
    code points, Python string indices) into the input exactly as read: input[start:end] is
    "text", and "\\r\\n" counts as two characters.

    \b
    Example:
      claimtrack extract fixtures/articles/scmp-blinken-wang-yi.txt
      claimtrack extract --json article.txt | jq -r 'select(.check_worthy) | .claimant'
      curl -s https://example.org/article.txt | claimtrack extract --json -
      claimtrack extract --extractor llm article.txt
    """
    if extractor not in ("builtin", "llm"):
        raise InputError(f"unknown extractor {extractor!r}: builtin or llm")
    text = read_text(file)
    if extractor == "llm":
        from claimtrack.extract.llm import llm_extractor

        claims = llm_extractor()(text, default_claimant=claimant)
    else:
        from claimtrack.extract import extract_claims

        claims = extract_claims(text, default_claimant=claimant)
    out = sys.stdout
    if as_json:
        for c in claims:
            out.write(dumps_json(claim_record(c)) + "\n")
        out.flush()
        return
    if not claims:
        typer.echo("no claims found")
        return
    for c in claims:
        flag = "check-worthy" if c.check_worthy else "low score"
        who = _safe(c.claimant) if c.claimant else "(unnamed source)"
        cue = f" {_safe(c.cue)}" if c.cue else ""
        out.write(f"[{c.score:.2f} {flag}] {who}{cue} (chars {c.start}-{c.end})\n")
        out.write(f"  {_safe(c.text)}\n")
        extra = []
        if c.cues:
            extra.append("cues: " + ", ".join(_safe(x) for x in c.cues))
        if c.disputed_by:
            extra.append("disputed by: " + "; ".join(_safe(x) for x in c.disputed_by))
        if extra:
            out.write("  " + " | ".join(extra) + "\n")
    out.write(f"{len(claims)} claims\n")
    out.flush()
