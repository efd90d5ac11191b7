"""The optional language-model extractor: an OpenAI-compatible chat endpoint proposes the claims.

Selected with ``claimtrack extract --extractor llm``; the built-in, rule-based
``extract_claims`` stays the default. This is the only module of ``claimtrack.extract`` that uses
a third-party library (httpx for the request, pydantic to validate the answer); nothing else in
the package imports it, so ``import claimtrack.extract`` stays pure standard library.

What is trusted from the model: the claim's words, its claimant, cue, hedge cues and who
disputes it. What is not: positions. Each claim's ``text`` is looked up in the article (exactly,
else with curly/straight quotes and runs of whitespace folded) and its offsets are computed from
the article; a claim whose words are not in the article is dropped. The sentence and the
check-worthiness score are computed locally, as for the built-in extractor.

Failures (no endpoint configured, timeouts, connection errors, HTTP errors, an answer that is
not the JSON asked for) raise :class:`LLMError`, a one-line, user-facing error.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, TypedDict

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimtrack.errors import ClaimtrackError
from claimtrack.fileio import loads_json

from .extractor import DEFAULT_CLAIMANT
from .scoring import CHECK_WORTHY_THRESHOLD, score_sentence
from .sentences import split_sentences
from .types import ProposedClaim

SYSTEM_PROMPT = """You extract check-worthy factual claims from a news article for fact-checkers.
Answer with one JSON object and nothing else:
{"claims": [{"text": "...", "claimant": "...", "cue": "...", "cues": ["..."], "disputed_by": ["..."]}]}
- text: the claim, copied word for word from the article (a contiguous passage, no paraphrase,
  without surrounding quotation marks). For a reported statement, only what is claimed
  ("12 people were killed"), not the "X said that" part.
- claimant: who makes the claim, as written in the article ("the health ministry",
  "Vladimir Putin"); resolve "he"/"she" to the name. null when the article itself asserts it.
- cue: the reporting verb or phrase ("said", "according to"), or null.
- cues: hedge or dispute words around the claim, lower case ("unverified", "allegedly",
  "denied").
- disputed_by: who, in the article, disputes or denies the claim.
Leave out opinions, questions, predictions and chit-chat."""

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class LLMError(ClaimtrackError):
    """The language-model extractor could not produce claims (one line, for the user)."""


class LLMClaim(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1)
    claimant: str | None = None
    cue: str | None = None
    cues: list[str] = Field(default_factory=list)
    disputed_by: list[str] = Field(default_factory=list)


class LLMAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    claims: list[LLMClaim]


class _ChatMessage(TypedDict):
    role: str
    content: str


class _ChatRequest(TypedDict):
    """The body of the chat-completions request."""

    model: str
    temperature: float
    response_format: dict[str, str]
    messages: list[_ChatMessage]


def endpoint(url: str) -> str:
    """``CLAIMTRACK_LLM_URL`` may name the API root (``https://host/v1``) or the chat
    completions endpoint itself."""
    url = url.rstrip("/")
    return url if url.endswith("/chat/completions") else url + "/chat/completions"


class LLMExtractor:
    """A callable with ``extract_claims``'s signature: ``(text, *, default_claimant=None)``."""

    def __init__(
        self,
        url: str | None,
        model: str | None,
        api_key: str | None = None,
        *,
        timeout: float = 60.0,
        retries: int = 2,
        backoff: float = 1.0,
        transport: httpx.BaseTransport | None = None,
        user_agent: str | None = None,
    ) -> None:
        if not url or not model:
            raise LLMError("the llm extractor needs CLAIMTRACK_LLM_URL and CLAIMTRACK_LLM_MODEL")
        self.url = endpoint(url)
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.transport = transport
        self.user_agent = user_agent

    def __call__(self, text: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
        if not text or text.isspace():
            return []
        answer = self.ask(text)
        return locate_claims(text, answer, default_claimant=default_claimant)

    # -- the request ---------------------------------------------------------------------

    def ask(self, article: str) -> LLMAnswer:
        body: _ChatRequest = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": article},
            ],
        }
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        if self.user_agent:
            headers["User-Agent"] = self.user_agent
        response = self._post(body, headers)
        return parse_answer(response)

    def _post(self, body: _ChatRequest, headers: dict[str, str]) -> Any:
        attempts = self.retries + 1
        last = ""
        with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
            for attempt in range(attempts):
                if attempt:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                try:
                    r = client.post(self.url, json=body, headers=headers)
                except httpx.TimeoutException:
                    last = f"timed out after {self.timeout:g} s"
                    continue
                except httpx.HTTPError as exc:
                    last = f"cannot connect ({type(exc).__name__})"
                    continue
                if r.status_code in RETRY_STATUS:
                    last = f"HTTP {r.status_code}"
                    continue
                if r.status_code >= 400:
                    raise LLMError(f"language model at {self.url}: HTTP {r.status_code}")
                try:
                    return r.json()
                except ValueError:
                    raise LLMError(f"language model at {self.url}: the response is not JSON") from None
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        raise LLMError(f"language model at {self.url}: {last} ({tries})")


_FENCE = re.compile(r"\A\s*```(?:json)?\s*(.*?)\s*```\s*\Z", re.S)


def parse_answer(response: Any) -> LLMAnswer:
    """The claims of a chat-completions response, validated."""
    try:
        content = response["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LLMError("malformed answer from the language model: no choices[0].message.content") from None
    if not isinstance(content, str):
        raise LLMError("malformed answer from the language model: the content is not text")
    m = _FENCE.match(content)
    if m:
        content = m.group(1)
    try:
        data = loads_json(content)
    except ValueError:  # not JSON, or NaN and the like
        raise LLMError("malformed answer from the language model: not JSON") from None
    if isinstance(data, list):  # a bare list of claims
        data = {"claims": data}
    try:
        return LLMAnswer.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "answer"
        raise LLMError(f"malformed answer from the language model: {where}: {first['msg']}") from None


# --- offsets from the article -------------------------------------------------------------------

_FOLD = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"}


def _folded(s: str) -> tuple[str, list[int]]:
    """``s`` with quotes folded and whitespace runs collapsed, and for each character of the
    result its index in ``s``."""
    out: list[str] = []
    pos: list[int] = []
    space = False
    for i, ch in enumerate(s):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                pos.append(i)
            space = True
            continue
        space = False
        out.append(_FOLD.get(ch, ch))
        pos.append(i)
    return "".join(out), pos


def find_span(
    article: str, claim: str, start: int = 0, folded: tuple[str, list[int]] | None = None
) -> tuple[int, int] | None:
    """Where ``claim`` occurs in ``article`` (first at or after ``start``, else anywhere)."""
    claim = claim.strip().strip("\"“”‘’'«»").strip()
    if not claim:
        return None
    for lo in (start, 0):
        i = article.find(claim, lo)
        if i != -1:
            return i, i + len(claim)
    ftext, fpos = folded if folded is not None else _folded(article)
    fclaim, _ = _folded(claim)
    fstart = bisect_right(fpos, start - 1)
    for lo in (fstart, 0):
        i = ftext.find(fclaim, lo)
        if i != -1:
            return fpos[i], fpos[i + len(fclaim) - 1] + 1
    return None


def locate_claims(article: str, answer: LLMAnswer, *, default_claimant: str | None = None) -> list[ProposedClaim]:
    """The model's claims as ``ProposedClaim`` s with offsets computed from ``article``."""
    spans = split_sentences(article)
    starts = [s for s, _ in spans]
    folded = None
    out: list[ProposedClaim] = []
    seen: set[tuple[int, int]] = set()
    cursor = 0
    own = default_claimant or DEFAULT_CLAIMANT
    for c in answer.claims:
        hit = find_span(article, c.text, cursor)
        if hit is None:
            if folded is None:
                folded = _folded(article)
            hit = find_span(article, c.text, cursor, folded)
        if hit is None or hit in seen:
            continue
        seen.add(hit)
        start, end = hit
        cursor = start
        i = max(0, bisect_right(starts, start) - 1)
        j = max(i, bisect_right(starts, max(start, end - 1)) - 1)
        s_start = min(spans[i][0], start) if spans else start
        s_end = max(spans[j][1], end) if spans else end
        sentence = article[s_start:s_end]
        score = score_sentence(sentence)
        out.append(
            ProposedClaim(
                text=article[start:end],
                start=start,
                end=end,
                sentence=sentence,
                sentence_start=s_start,
                sentence_end=s_end,
                claimant=(c.claimant or "").strip() or own,
                cue=(c.cue or "").strip().lower() or None,
                cues=tuple(dict.fromkeys(x.strip().lower() for x in c.cues if x.strip())),
                disputed_by=tuple(dict.fromkeys(x.strip() for x in c.disputed_by if x.strip())),
                score=score,
                check_worthy=score >= CHECK_WORTHY_THRESHOLD,
            )
        )
    out.sort(key=lambda p: (p.start, p.end))
    return out


def llm_extractor(*, transport: httpx.BaseTransport | None = None) -> Callable[..., list[ProposedClaim]]:
    """The language-model extractor configured from claimtrack's settings
    (``CLAIMTRACK_LLM_URL``, ``CLAIMTRACK_LLM_MODEL``, ``CLAIMTRACK_LLM_API_KEY``; the timeout and
    retries of ``fetch_timeout``/``fetch_retries``). Pass it as ``extractor=`` to the ingest."""
    from claimtrack.config import get_settings

    st = get_settings()
    return LLMExtractor(
        st.llm_url,
        st.llm_model,
        st.llm_api_key,
        timeout=max(st.fetch_timeout, 60.0),
        retries=st.fetch_retries,
        transport=transport,
        user_agent=st.user_agent,
    )
