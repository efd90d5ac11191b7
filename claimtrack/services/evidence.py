"""Evidence that lasts: each evidence page fetched and kept, and rechecked later.

``add_web_evidence`` fetches the page *before* anything is written: if the fetch fails, nothing
is stored (the checker can add it with ``fetcher=None`` and capture it later with
``capture_evidence``). A capture records on the evidence the final url after redirects, the
HTTP status, the content type, the SHA-256 of the body and the fetch time, and keeps the body
itself (gzip) in ``evidence_snapshot``. ``recheck_evidence`` fetches the page again and compares
SHA-256s; every recheck is a snapshot row, and one that finds the page changed or gone is also
a note in the claim's history.

The TUI and the CLI call these; they commit their own transactions (``db.session()``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from claimtrack.domain import ChangeKind, Stance
from claimtrack.errors import InputError, NotFoundError
from claimtrack.limits import MAX_ID, MAX_TITLE_LENGTH
from claimtrack.services.identity import check_user_name
from claimtrack.services.views import RecheckOutcome, RecheckSummary
from claimtrack.services.workflow import (
    add_evidence,
    begin_change,
    check_url,
    get_claim,
    parse_stance,
    record_change,
)
from claimtrack.store.engine import Database
from claimtrack.store.models import Evidence, EvidenceSnapshot, SnapshotKind, stored_id
from claimtrack.textsafe import clip
from claimtrack.web.archive import save_page_now
from claimtrack.web.client import Fetcher, FetchResult
from claimtrack.web.compress import pack, unpack
from claimtrack.web.errors import FetchError
from claimtrack.web.pages import result_title


@dataclass
class Capture:
    """A fetched evidence page, before it is stored."""

    result: FetchResult
    title: str | None
    archive_url: str | None = None
    archive_error: str | None = None


@dataclass
class EvidenceAdded:
    evidence: Evidence
    captured: bool
    archive_url: str | None = None
    warnings: list[str] = field(default_factory=list)


def fetch_capture(fetcher: Fetcher, url: str, *, archive: bool = False) -> Capture:
    """Fetch an evidence page (any content type; a 2xx answer) and, if asked, have the Internet
    Archive save it. An archive failure is a warning, not a failure."""
    result = fetcher.get(url)
    capture = Capture(result=result, title=clip(result_title(result), MAX_TITLE_LENGTH))
    if archive:
        try:
            capture.archive_url = save_page_now(fetcher, result.final_url)
        except FetchError as exc:
            capture.archive_error = f"the Internet Archive did not save it: {exc}"
    return capture


def _apply_capture(session: Session, evidence: Evidence, capture: Capture, user: str) -> EvidenceSnapshot:
    result = capture.result
    content_type = (result.raw_content_type or "")[:200] or None
    evidence.final_url = result.final_url
    evidence.http_status = result.status
    evidence.content_type = content_type
    evidence.content_sha256 = result.sha256
    evidence.fetched_at = result.fetched_at
    if capture.archive_url:
        evidence.archive_url = capture.archive_url
    if not evidence.title and capture.title:
        evidence.title = capture.title
    session.add(evidence)
    snapshot = EvidenceSnapshot(
        evidence_id=stored_id(evidence),
        kind=SnapshotKind.CAPTURE.value,
        requested_url=result.requested_url,
        final_url=result.final_url,
        http_status=result.status,
        content_type=content_type,
        title=capture.title,
        sha256=result.sha256,
        size=len(result.body),
        body=pack(result.body),
        fetched_at=result.fetched_at,
        fetched_by=user,
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def add_web_evidence(
    db: Database,
    claim_id: int,
    url: str,
    *,
    user: str,
    fetcher: Fetcher | None,
    stance: str | Stance = Stance.CONTEXT,
    title: str | None = None,
    note: str | None = None,
    archive: bool = False,
    expected_version: int | None = None,
    then: Callable[[Session], object] | None = None,
) -> EvidenceAdded:
    """Link ``url`` to the claim as evidence, captured now (``fetcher``) or not (``None``).

    The fetch comes first: when it fails, :class:`FetchError` and nothing is stored. ``then``
    runs in the same transaction once the evidence is linked (a verdict resting on it): if it
    raises, nothing is stored either.
    """
    user = check_user_name(user)
    url = check_url(url)
    parse_stance(stance)  # bad input is refused before anything is fetched
    with db.session() as session:  # so is a missing claim
        get_claim(session, claim_id)
    capture = fetch_capture(fetcher, url, archive=archive) if fetcher is not None else None
    with db.session() as session:
        evidence = add_evidence(
            session,
            claim_id,
            url,
            user=user,
            stance=stance,
            title=title or (capture.title if capture else None),
            note=note,
            expected_version=expected_version,
        )
        if capture is not None:
            _apply_capture(session, evidence, capture, user)
        if then is not None:
            then(session)
    added = EvidenceAdded(evidence=evidence, captured=capture is not None)
    if capture is not None:
        added.archive_url = capture.archive_url
        if capture.archive_error:
            added.warnings.append(capture.archive_error)
    return added


def get_evidence(session: Session, evidence_id: int) -> Evidence:
    evidence = session.get(Evidence, evidence_id) if 0 < evidence_id <= MAX_ID else None
    if evidence is None:
        raise NotFoundError(f"no evidence with id {evidence_id}")
    return evidence


def capture_evidence(
    db: Database, evidence_id: int, *, user: str, fetcher: Fetcher, archive: bool = False
) -> EvidenceAdded:
    """Fetch and keep the page of evidence added without fetching (``--no-fetch``).

    Evidence already captured is refused: a later fetch is a recheck (:func:`recheck_evidence`),
    which keeps the first capture as it was.
    """
    user = check_user_name(user)
    with db.session() as session:
        evidence = get_evidence(session, evidence_id)
        if evidence.url is None:
            raise InputError(f"evidence #{evidence_id} is a passage of the article, with no url to fetch")
        if evidence.content_sha256 is not None:
            raise InputError(
                f"evidence #{evidence_id} was captured {evidence.fetched_at:%Y-%m-%d %H:%M} UTC",
                cli_advice=f"to compare with the live page: claimtrack evidence show {evidence.claim_id} --recheck",
            )
        url = evidence.url
    capture = fetch_capture(fetcher, url, archive=archive)
    with db.session() as session:
        evidence = get_evidence(session, evidence_id)
        if evidence.content_sha256 is not None:
            raise InputError(f"evidence #{evidence_id} was captured meanwhile by {evidence.added_by}")
        claim = begin_change(session, evidence.claim_id, None, user)
        _apply_capture(session, evidence, capture, user)
        record_change(
            session,
            claim,
            user,
            ChangeKind.NOTE,
            note=f"Captured evidence #{evidence_id}: {capture.result.final_url} "
            f"(HTTP {capture.result.status}, sha256 {capture.result.sha256[:12]}…)",
        )
        session.flush()
    added = EvidenceAdded(evidence=evidence, captured=True, archive_url=capture.archive_url)
    if capture.archive_error:
        added.warnings.append(capture.archive_error)
    return added


@dataclass
class Recheck:
    """What a recheck found: ``changed`` is None when the page could not be fetched (``error``)."""

    evidence: Evidence
    snapshot: EvidenceSnapshot
    changed: bool | None
    error: str | None


def recheck_evidence(db: Database, evidence_id: int, *, user: str, fetcher: Fetcher) -> Recheck:
    """Fetch the page again and compare with the capture (SHA-256 of the body).

    Every recheck is recorded (an ``evidence_snapshot`` row of kind ``recheck``; its body is kept
    only when it changed). A page that changed, or can no longer be fetched, is also noted in the
    claim's history, since a verdict may rest on it.
    """
    user = check_user_name(user)
    with db.session() as session:
        evidence = get_evidence(session, evidence_id)
        if evidence.url is None:
            raise InputError(f"evidence #{evidence_id} is a passage of the article, with no page to recheck")
        if evidence.content_sha256 is None:
            raise InputError(
                f"evidence #{evidence_id} was never captured",
                cli_advice=f"capture it first: claimtrack evidence fetch {evidence_id}",
            )
        url = evidence.url
    result: FetchResult | None = None
    error: str | None = None
    try:
        result = fetcher.get(url)
    except FetchError as exc:
        error = str(exc)
    with db.session() as session:
        evidence = get_evidence(session, evidence_id)
        if result is not None:
            changed = result.sha256 != evidence.content_sha256
            snapshot = EvidenceSnapshot(
                evidence_id=evidence_id,
                kind=SnapshotKind.RECHECK.value,
                requested_url=result.requested_url,
                final_url=result.final_url,
                http_status=result.status,
                content_type=(result.raw_content_type or "")[:200] or None,
                title=clip(result_title(result), MAX_TITLE_LENGTH),
                sha256=result.sha256,
                size=len(result.body),
                body=pack(result.body) if changed else None,
                changed=changed,
                fetched_at=result.fetched_at,
                fetched_by=user,
            )
        else:
            changed = None
            snapshot = EvidenceSnapshot(
                evidence_id=evidence_id,
                kind=SnapshotKind.RECHECK.value,
                requested_url=url,
                error=error,
                fetched_by=user,
            )
        session.add(snapshot)
        session.flush()
        if changed or error:
            claim = begin_change(session, evidence.claim_id, None, user)
            if changed and result is not None:
                captured = evidence.content_sha256 or ""
                what = (
                    f"the page has changed since its capture on {evidence.fetched_at:%Y-%m-%d} "
                    f"(sha256 {captured[:12]}… → {result.sha256[:12]}…)"
                )
            else:
                what = f"the page could not be fetched ({error})"
            record_change(session, claim, user, ChangeKind.NOTE, note=f"Rechecked evidence #{evidence_id}: {what}")
            session.flush()
    return Recheck(evidence=evidence, snapshot=snapshot, changed=changed, error=error)


@dataclass
class EvidenceView:
    """One piece of evidence with its snapshots (bodies not loaded)."""

    evidence: Evidence
    snapshots: list[EvidenceSnapshot]

    @property
    def capture(self) -> EvidenceSnapshot | None:
        return next((s for s in self.snapshots if s.kind == SnapshotKind.CAPTURE), None)

    @property
    def rechecks(self) -> list[EvidenceSnapshot]:
        return [s for s in self.snapshots if s.kind == SnapshotKind.RECHECK]


def _snapshot_columns() -> list[sa.Column[Any]]:
    table: sa.Table = EvidenceSnapshot.__table__  # type: ignore[attr-defined]  # SQLModel's stubs lack __table__
    return [c for c in table.columns if c.name != "body"]


def _snapshots(session: Session, evidence_ids: list[int]) -> dict[int, list[EvidenceSnapshot]]:
    if not evidence_ids:
        return {}
    rows = session.execute(
        sa.select(*_snapshot_columns())
        .where(col(EvidenceSnapshot.evidence_id).in_(evidence_ids))
        .order_by(col(EvidenceSnapshot.id))
    ).all()
    found: dict[int, list[EvidenceSnapshot]] = {i: [] for i in evidence_ids}
    for row in rows:
        found[row.evidence_id].append(EvidenceSnapshot(**row._asdict()))
    return found


def evidence_views(session: Session, claim_id: int) -> list[EvidenceView]:
    """The claim's evidence, oldest first, each with its capture and rechecks (without bodies)."""
    get_claim(session, claim_id)
    items = list(session.exec(select(Evidence).where(Evidence.claim_id == claim_id).order_by(col(Evidence.id))).all())
    snapshots = _snapshots(session, [stored_id(e) for e in items])
    return [EvidenceView(evidence=e, snapshots=snapshots[stored_id(e)]) for e in items]


def evidence_view(session: Session, evidence_id: int) -> EvidenceView:
    evidence = get_evidence(session, evidence_id)
    return EvidenceView(evidence=evidence, snapshots=_snapshots(session, [evidence_id])[evidence_id])


def stored_body(session: Session, evidence_id: int, *, latest: bool = False) -> tuple[EvidenceSnapshot, bytes]:
    """The body as captured (or, with ``latest``, the newest body kept: a changed recheck's)."""
    get_evidence(session, evidence_id)
    query = select(EvidenceSnapshot).where(
        EvidenceSnapshot.evidence_id == evidence_id, col(EvidenceSnapshot.body).is_not(None)
    )
    query = query.order_by(col(EvidenceSnapshot.id).desc() if latest else col(EvidenceSnapshot.id))
    snapshot = session.exec(query.limit(1)).first()
    if snapshot is None or snapshot.body is None:
        raise NotFoundError(f"evidence #{evidence_id} has no stored copy", cli_advice="added with --no-fetch?")
    return snapshot, unpack(snapshot.body)


# -- what rechecks found, in words (the CLI's `evidence show --recheck` and the desk's recheck) --


def recheck_outcome(recheck: Recheck) -> RecheckOutcome:
    """What :func:`recheck_evidence` found, as plain data."""
    return RecheckOutcome(
        evidence_id=stored_id(recheck.evidence),
        changed=recheck.changed,
        error=recheck.error,
        http_status=recheck.snapshot.http_status,
    )


def recheck_summary(outcomes: Iterable[RecheckOutcome], *, never_captured: int = 0) -> RecheckSummary:
    """Rechecks in words: each one ("unchanged (HTTP 200)", "changed since the capture
    (HTTP 200)", "could not fetch: …") and all of them in one line ("rechecked 3 page(s):
    1 unchanged, 1 CHANGED (#4), 1 could not be fetched (#5: HTTP 410)").

    ``never_captured``: evidence with a url that was never captured (so not rechecked); with no
    outcome, the line says there was nothing to recheck and why.
    """
    done = tuple(outcomes)
    each = []
    for outcome in done:
        if outcome.error:
            each.append(f"could not fetch: {outcome.error}")
        elif outcome.changed:
            each.append(f"changed since the capture (HTTP {outcome.http_status})")
        else:
            each.append(f"unchanged (HTTP {outcome.http_status})")
    if not done:
        words = "no captured web evidence to recheck"
        if never_captured:
            words += f" ({never_captured} link(s) were never captured)"
    else:
        unchanged = [o for o in done if o.changed is False]
        changed = [o for o in done if o.changed]
        failed = [f"#{o.evidence_id}: {o.error}" for o in done if o.changed is None]
        parts = [f"{len(unchanged)} unchanged"]
        if changed:
            parts.append(f"{len(changed)} CHANGED (" + ", ".join(f"#{o.evidence_id}" for o in changed) + ")")
        if failed:
            parts.append(f"{len(failed)} could not be fetched (" + "; ".join(failed)[:200] + ")")
        words = f"rechecked {len(done)} page(s): " + ", ".join(parts)
    return RecheckSummary(outcomes=done, never_captured=never_captured, words=words, each=tuple(each))
