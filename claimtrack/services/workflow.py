"""The review workflow: status changes, notes, evidence and assignment, with their rules.

Every change to a claim goes through :func:`begin_change`, which bumps the claim's ``version``
with a conditional ``UPDATE ... WHERE version = <the version the caller read>``. If another
checker changed the claim in between, that update matches no row and the caller gets a
:class:`~claimtrack.errors.ConflictError` naming who changed it and how: nothing is overwritten.
Every change also appends one :class:`HistoryEntry` in the same transaction.

Rules:
- a verdict (verified, disputed, false, misleading) needs a note and at least one evidence item;
- leaving a verdict (reopening, or any other status) needs a note;
- setting the status a claim already has is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from claimtrack.domain import (
    VERDICTS,
    ChangeKind,
    ClaimStatus,
    Stance,
    is_verdict,
    needs_evidence,
    needs_note,
    utcnow,
)
from claimtrack.errors import ConflictError, InputError, NotFoundError, WorkflowError
from claimtrack.limits import (
    MAX_ID,
    MAX_LABEL_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_TITLE_LENGTH,
)
from claimtrack.services.identity import check_user_name
from claimtrack.store.models import Claim, Evidence, HistoryEntry, stored_id


def parse_status(value: str | ClaimStatus) -> ClaimStatus:
    try:
        return ClaimStatus(str(value).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        choices = ", ".join(s.value for s in ClaimStatus)
        raise InputError(f"unknown status {str(value)!r} (choose from: {choices})") from None


def parse_stance(value: str | Stance) -> Stance:
    try:
        return Stance(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Stance)
        raise InputError(f"unknown stance {str(value)!r} (choose from: {choices})") from None


def _clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InputError(f"the note is {len(note):,} characters; the limit is {MAX_NOTE_LENGTH:,}")
    return note or None


def check_url(url: str) -> str:
    """Every url claimtrack stores is an http(s) link with a host, at most 2,048 characters, with
    no spaces or control characters; anything else (javascript:, file:, data:) is refused."""
    from claimtrack.web.errors import FetchError
    from claimtrack.web.safety import check_scheme

    url = url.strip()
    try:
        check_scheme(url)
    except FetchError as exc:  # nothing is fetched here: it is bad input
        raise InputError(str(exc)) from None
    return url


def check_title(title: str | None) -> str | None:
    """A title someone typed: trimmed, ``None`` when empty, refused over :data:`MAX_TITLE_LENGTH`."""
    title = (title or "").strip()
    if len(title) > MAX_TITLE_LENGTH:
        raise InputError(f"the title is {len(title):,} characters; the limit is {MAX_TITLE_LENGTH:,}")
    return title or None


def check_label(value: str | None, what: str) -> str | None:
    """A claimant or cue someone typed: trimmed, ``None`` when empty, one printable line, bounded."""
    value = (value or "").strip()
    if len(value) > MAX_LABEL_LENGTH:
        raise InputError(f"the {what} is {len(value):,} characters; the limit is {MAX_LABEL_LENGTH:,}")
    if any(not ch.isprintable() for ch in value):
        raise InputError(f"the {what} must be one line of printable text")
    return value or None


def get_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id) if 0 < claim_id <= MAX_ID else None
    if claim is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    return claim


def describe_change(entry: HistoryEntry) -> str:
    """One phrase for a history entry: what changed, from what, to what."""
    kind = entry.kind
    if kind == ChangeKind.STATUS:
        return f"status {entry.from_value} → {entry.to_value}"
    if kind == ChangeKind.ASSIGNMENT:
        if entry.to_value:
            return f"assigned to {entry.to_value}" + (f" (was {entry.from_value})" if entry.from_value else "")
        return f"unassigned (was {entry.from_value})"
    if kind == ChangeKind.EVIDENCE:
        if entry.to_value is None:
            return f"evidence removed: {entry.from_value}"
        return f"evidence added: {entry.to_value}"
    if kind == ChangeKind.NOTE:
        return "note withdrawn" if entry.from_value is not None else "note added"
    if kind == ChangeKind.CREATED:
        return f"created as {entry.to_value}"
    if kind == ChangeKind.MATCH and entry.to_value:
        state, _, target = entry.to_value.partition(": ")
        was = (entry.from_value or "").partition(": ")[0]
        same = "the same claim as" if state == "same" else "not the same claim as"
        return f"{same} {target}" + (f" (was {was})" if was else "")
    return kind


def _conflict(session: Session, claim_id: int, expected: int) -> ConflictError:
    session.rollback()
    claim = session.get(Claim, claim_id, populate_existing=True)
    if claim is None:
        return ConflictError(
            f"claim {claim_id} was deleted by someone else; nothing was saved",
            claim_id=claim_id,
            expected_version=expected,
            current_version=-1,
        )
    newer = session.exec(
        select(HistoryEntry)
        .where(HistoryEntry.claim_id == claim_id, HistoryEntry.version > expected)
        .order_by(col(HistoryEntry.version))
    ).all()
    if newer:
        latest = newer[-1]
        changes = "; ".join(f"{describe_change(e)} by {e.actor}" for e in newer)
        message = (
            f"claim {claim_id} was changed by {latest.actor} after you read it "
            f"(version {expected}, now {claim.version}): {changes}; nothing was saved, "
            "look again and retry"
        )
        return ConflictError(
            message,
            claim_id=claim_id,
            expected_version=expected,
            current_version=claim.version,
            changed_by=latest.actor,
            change=describe_change(latest),
        )
    return ConflictError(
        f"claim {claim_id} is at version {claim.version}, not {expected}; nothing was saved",
        claim_id=claim_id,
        expected_version=expected,
        current_version=claim.version,
        changed_by=claim.updated_by,
    )


def begin_change(session: Session, claim_id: int, expected_version: int | None, user: str) -> Claim:
    """Claim the next version of the claim, or raise ConflictError. Returns the fresh claim.

    With ``expected_version`` (the version the caller showed its user), the update applies only
    to that version: anything newer is a conflict. Without one, the caller read nothing it could
    be wrong about: the version is simply incremented, after any change under way commits (the
    UPDATE waits for it: PostgreSQL's row lock, SQLite's write lock), and the rules are then
    checked on the claim as it is after that change, never refused as a conflict.
    """
    claim = get_claim(session, claim_id)
    if expected_version is None:
        result = session.exec(
            sa.update(Claim)
            .where(col(Claim.id) == claim_id)
            .values(version=col(Claim.version) + 1, updated_at=utcnow(), updated_by=user)
        )
        if result.rowcount != 1:
            raise _conflict(session, claim_id, claim.version)  # deleted meanwhile
    else:
        result = session.exec(
            sa.update(Claim)
            .where(col(Claim.id) == claim_id, col(Claim.version) == expected_version)
            .values(version=expected_version + 1, updated_at=utcnow(), updated_by=user)
        )
        if result.rowcount != 1:
            raise _conflict(session, claim_id, expected_version)
    session.refresh(claim)
    return claim


def record_change(
    session: Session,
    claim: Claim,
    user: str,
    kind: ChangeKind,
    *,
    from_value: str | None = None,
    to_value: str | None = None,
    note: str | None = None,
    evidence_id: int | None = None,
    undoes: int | None = None,
) -> HistoryEntry:
    """Append the history entry of a change begun with :func:`begin_change` (same transaction),
    or of a claim just stored: at the claim's ``version`` and ``updated_at``. The one place a
    :class:`HistoryEntry` is built: status changes, notes, evidence, assignment, and the ingest's
    creation and in-article evidence entries alike. ``undoes``: for an undo or a redo, the id of
    the entry it reverses (see :func:`undo_last`)."""
    entry = HistoryEntry(
        evidence_id=evidence_id,
        undoes=undoes,
        claim_id=stored_id(claim),
        actor=user,
        kind=kind,
        from_value=from_value,
        to_value=to_value,
        note=note,
        version=claim.version,
        at=claim.updated_at,
    )
    session.add(entry)
    return entry


def evidence_count(session: Session, claim_id: int) -> int:
    return session.exec(select(func.count()).where(Evidence.claim_id == claim_id)).one()


def set_status(
    session: Session,
    claim_id: int,
    status: str | ClaimStatus,
    *,
    user: str,
    note: str | None = None,
    expected_version: int | None = None,
    undoes: int | None = None,
) -> Claim:
    """Move a claim to ``status``, enforcing the workflow rules. Commits nothing itself."""
    user = check_user_name(user)
    new_status = parse_status(status)
    note = _clean_note(note)
    claim = begin_change(session, claim_id, expected_version, user)
    old_status = ClaimStatus(claim.status)
    if new_status == old_status:
        session.rollback()
        raise WorkflowError(f"claim {claim_id} is already {new_status.value}")
    if needs_note(old_status, new_status) and note is None:
        session.rollback()
        if is_verdict(new_status):
            raise WorkflowError(
                f"a verdict ({new_status.value}) needs a note saying why", cli_advice='add --note "..."'
            )
        raise WorkflowError(f"claim {claim_id} has a verdict ({old_status.value}); changing it needs a note saying why")
    if needs_evidence(new_status) and evidence_count(session, claim_id) == 0:
        session.rollback()
        raise WorkflowError(
            f"a verdict ({new_status.value}) needs at least one piece of evidence",
            cli_advice=f"add it: claimtrack evidence add {claim_id} URL --stance supports|refutes|context",
        )
    claim.status = new_status.value
    session.add(claim)
    record_change(
        session,
        claim,
        user,
        ChangeKind.STATUS,
        from_value=old_status.value,
        to_value=new_status.value,
        note=note,
        undoes=undoes,
    )
    session.flush()
    return claim


def add_note(
    session: Session,
    claim_id: int,
    note: str,
    *,
    user: str,
    expected_version: int | None = None,
    undoes: int | None = None,
) -> HistoryEntry:
    user = check_user_name(user)
    cleaned = _clean_note(note)
    if cleaned is None:
        raise InputError("the note is empty")
    claim = begin_change(session, claim_id, expected_version, user)
    entry = record_change(session, claim, user, ChangeKind.NOTE, note=cleaned, undoes=undoes)
    session.flush()
    return entry


def assign(
    session: Session,
    claim_id: int,
    assignee: str | None,
    *,
    user: str,
    note: str | None = None,
    expected_version: int | None = None,
    undoes: int | None = None,
) -> Claim:
    """Give the claim to ``assignee`` (``None`` unassigns)."""
    user = check_user_name(user)
    if assignee is not None:
        assignee = check_user_name(assignee)
    note = _clean_note(note)
    claim = begin_change(session, claim_id, expected_version, user)
    old = claim.assignee
    if old == assignee:
        session.rollback()
        who = f"assigned to {assignee}" if assignee else "unassigned"
        raise WorkflowError(f"claim {claim_id} is already {who}")
    claim.assignee = assignee
    session.add(claim)
    record_change(
        session, claim, user, ChangeKind.ASSIGNMENT, from_value=old, to_value=assignee, note=note, undoes=undoes
    )
    session.flush()
    return claim


def add_evidence(
    session: Session,
    claim_id: int,
    url: str | None,
    *,
    user: str,
    stance: str | Stance = Stance.CONTEXT,
    title: str | None = None,
    note: str | None = None,
    quote: str | None = None,
    expected_version: int | None = None,
) -> Evidence:
    """Link a source to the claim. ``url`` may be ``None`` only for in-article evidence (``quote``)."""
    user = check_user_name(user)
    parsed_stance = parse_stance(stance)
    if url is not None:
        url = check_url(url)
    elif not quote:
        raise InputError("evidence needs a url")
    note = _clean_note(note)
    claim = begin_change(session, claim_id, expected_version, user)
    evidence = Evidence(
        claim_id=claim_id,
        url=url,
        title=check_title(title),
        stance=parsed_stance.value,
        note=note,
        quote=quote,
        added_by=user,
        added_at=claim.updated_at,
    )
    session.add(evidence)
    session.flush()
    record_change(
        session,
        claim,
        user,
        ChangeKind.EVIDENCE,
        to_value=f"{parsed_stance.value}: {url or title or 'in-article passage'}",
        note=note,
        evidence_id=evidence.id,
    )
    session.flush()
    return evidence


def history(session: Session, claim_id: int) -> list[HistoryEntry]:
    get_claim(session, claim_id)
    return list(
        session.exec(
            select(HistoryEntry)
            .where(HistoryEntry.claim_id == claim_id)
            .order_by(col(HistoryEntry.version), col(HistoryEntry.id))
        ).all()
    )


def evidence_for(session: Session, claim_id: int) -> list[Evidence]:
    return list(session.exec(select(Evidence).where(Evidence.claim_id == claim_id).order_by(col(Evidence.id))).all())


def latest_note(session: Session, claim_id: int) -> HistoryEntry | None:
    return session.exec(
        select(HistoryEntry)
        .where(HistoryEntry.claim_id == claim_id, col(HistoryEntry.note).is_not(None))
        .order_by(col(HistoryEntry.version).desc(), col(HistoryEntry.id).desc())
        .limit(1)
    ).first()


def remove_evidence(
    session: Session,
    evidence_id: int,
    *,
    user: str,
    note: str | None = None,
    expected_version: int | None = None,
    undoes: int | None = None,
) -> Claim:
    """Unlink a piece of evidence. The history keeps what it was; a verdict keeps at least one."""
    user = check_user_name(user)
    evidence = session.get(Evidence, evidence_id) if 0 < evidence_id <= MAX_ID else None
    if evidence is None:
        raise NotFoundError(f"no evidence with id {evidence_id}")
    claim = begin_change(session, evidence.claim_id, expected_version, user)
    if claim.status in VERDICTS and evidence_count(session, evidence.claim_id) <= 1:
        session.rollback()
        raise WorkflowError(f"claim {claim.id} is {claim.status} and this is its only evidence; reopen it first")
    described = f"{evidence.stance}: {evidence.url or evidence.title or 'in-article passage'}"
    session.delete(evidence)
    record_change(
        session,
        claim,
        user,
        ChangeKind.EVIDENCE,
        from_value=described,
        note=_clean_note(note),
        evidence_id=evidence_id,
        undoes=undoes,
    )
    session.flush()
    return claim


# --- undo and redo --------------------------------------------------------------------------
#
# An undo is a change like any other (the history only grows): it reverses one earlier change,
# and names it in ``HistoryEntry.undoes``. A redo reverses an undo, and names the undo. So:
#
# - a change is *undone* while an undo of it is in force (an undo nobody has redone);
# - ``undo`` takes the checker's newest change to the claim that is in force (not an undo or a
#   redo itself, not undone), so pressing it again walks back through their changes, never
#   undoing its own undo;
# - ``redo`` takes the checker's newest undo that is in force, and applies the change again;
#   the change is then in force again, and ``undo`` can take it back.
#
# Undo never overwrites anyone's later work: a status or an assignment is reversed only while the
# claim still holds the value the change set, evidence only while it is still linked. Otherwise
# it is refused, in one line saying who changed it since. Undos and redos write through
# ``set_status``/``assign``/``remove_evidence``/``record_change``, with the version read (or the
# one the caller showed), so a change landing meanwhile is a conflict, never lost.


@dataclass(frozen=True)
class Reversal:
    """What an undo or a redo did."""

    claim: Claim
    change: HistoryEntry
    """The change undone, or the change a redo applied again."""
    entry: HistoryEntry
    """The entry the undo or redo recorded."""
    redo: bool


class _Ledger:
    """A claim's history read for undo and redo: what reverses what, and what is in force."""

    def __init__(self, entries: list[HistoryEntry]) -> None:
        self.entries = entries
        self.by_id = {stored_id(e): e for e in entries}
        self.reversed: set[int] = set()
        for entry in reversed(entries):  # what reverses an entry is always newer than it
            if entry.undoes is not None and stored_id(entry) not in self.reversed:
                self.reversed.add(entry.undoes)
        # When each change last came into force: when it was made, or when a redo restored it.
        self.applied = {stored_id(e): e.version for e in entries}
        for entry in entries:
            if self.is_redo(entry) and self.in_force(entry):
                change = self.target(self.target(entry))
                if change is not None:
                    self.applied[stored_id(change)] = max(self.applied[stored_id(change)], entry.version)

    def target(self, entry: HistoryEntry | None) -> HistoryEntry | None:
        return self.by_id.get(entry.undoes) if entry is not None and entry.undoes is not None else None

    def in_force(self, entry: HistoryEntry) -> bool:
        return stored_id(entry) not in self.reversed

    def is_undo(self, entry: HistoryEntry) -> bool:
        target = self.target(entry)
        return target is not None and target.undoes is None

    def is_redo(self, entry: HistoryEntry) -> bool:
        target = self.target(entry)
        return target is not None and target.undoes is not None

    def newest(self, entries: list[HistoryEntry]) -> HistoryEntry | None:
        return max(entries, key=lambda e: (self.applied[stored_id(e)], e.version, stored_id(e)), default=None)


def _read_for_reversal(
    session: Session, claim_id: int, user: str, expected_version: int | None
) -> tuple[str, Claim, _Ledger]:
    """The user, the claim and its history, read once; the decision is written at the version
    read. With ``expected_version`` (what the checker saw), a change someone else made since is a
    conflict; the checker's own (a quick second undo, before the screen showed the first) is not."""
    user = check_user_name(user)
    claim = get_claim(session, claim_id)
    if expected_version is not None and claim.version != expected_version:
        someone_else = session.exec(
            select(HistoryEntry.id)
            .where(
                HistoryEntry.claim_id == claim_id,
                HistoryEntry.version > expected_version,
                HistoryEntry.actor != user,
            )
            .limit(1)
        ).first()
        if someone_else is not None or claim.version < expected_version:
            raise _conflict(session, claim_id, expected_version)
    return user, claim, _Ledger(history(session, claim_id))


def undo_last(session: Session, claim_id: int, *, user: str, expected_version: int | None = None) -> Reversal:
    """Undo ``user``'s newest change to the claim that is still in force; again, the one before.

    :class:`NotFoundError` when they have none; :class:`WorkflowError` (one line, saying who
    changed it since) when undoing it would overwrite a later change; :class:`ConflictError`
    when the claim is not at ``expected_version`` (or changes while this is written).
    """
    user, claim, ledger = _read_for_reversal(session, claim_id, user, expected_version)
    change = ledger.newest(
        [
            e
            for e in ledger.entries
            if e.actor == user and e.kind != ChangeKind.CREATED and e.undoes is None and ledger.in_force(e)
        ]
    )
    if change is None:
        raise NotFoundError(f"nothing of yours to undo on claim {claim_id}")
    why = f"undo of v{change.version} ({describe_change(change)})"
    entry = _reverse(session, claim, change, user, why, _yours(change), redo=False)
    return Reversal(claim=claim, change=change, entry=entry, redo=False)


def redo_last(session: Session, claim_id: int, *, user: str, expected_version: int | None = None) -> Reversal:
    """Apply again the change ``user``'s newest undo (still in force) on the claim reversed.

    Refused, like :func:`undo_last`, when it would overwrite a change made since the undo.
    """
    user, claim, ledger = _read_for_reversal(session, claim_id, user, expected_version)
    undo = ledger.newest([e for e in ledger.entries if e.actor == user and ledger.is_undo(e) and ledger.in_force(e)])
    change = ledger.target(undo)
    if undo is None or change is None:
        raise NotFoundError(f"nothing of yours to redo on claim {claim_id}")
    why = f"redo of v{change.version} ({describe_change(change)})"
    entry = _reverse(session, claim, undo, user, why, _yours(change), redo=True)
    return Reversal(claim=claim, change=change, entry=entry, redo=True)


def _yours(change: HistoryEntry) -> str:
    return f"your change (v{change.version}, {describe_change(change)})"


def _reverse(
    session: Session, claim: Claim, target: HistoryEntry, user: str, why: str, what: str, *, redo: bool
) -> HistoryEntry:
    """Record the change that reverses ``target`` (at the version read: anything newer is a
    conflict), or refuse if the claim no longer holds what ``target`` set. ``what`` names the
    change undone or redone, for a refusal."""
    claim_id, version, target_id = stored_id(claim), claim.version, stored_id(target)
    verb = "redo" if redo else "undo"
    if target.kind == ChangeKind.STATUS:
        if claim.status != target.to_value:
            raise _overridden(session, claim, target, "status", claim.status, what, verb)
        set_status(
            session,
            claim_id,
            target.from_value or ClaimStatus.NEW,
            user=user,
            note=why,
            expected_version=version,
            undoes=target_id,
        )
    elif target.kind == ChangeKind.ASSIGNMENT:
        if claim.assignee != target.to_value:
            raise _overridden(session, claim, target, "assignment", claim.assignee or "(nobody)", what, verb)
        assign(session, claim_id, target.from_value, user=user, note=why, expected_version=version, undoes=target_id)
    elif target.kind == ChangeKind.EVIDENCE and target.to_value is not None and target.evidence_id is not None:
        evidence = session.get(Evidence, target.evidence_id)
        if evidence is None or evidence.claim_id != claim_id:
            raise WorkflowError(
                f"claim {claim_id}: the evidence {target.to_value} is no longer linked (removed since); "
                f"nothing to {verb}"
            )
        remove_evidence(session, target.evidence_id, user=user, note=why, expected_version=version, undoes=target_id)
    elif target.kind == ChangeKind.EVIDENCE:
        if redo:
            raise WorkflowError(
                f"claim {claim_id}: the evidence your undo removed ({target.from_value}) cannot be restored by redo; "
                "add it again"
            )
        raise WorkflowError(
            f"claim {claim_id}: your last change (evidence removed: {target.from_value}) cannot be undone; "
            "add the evidence again"
        )
    elif target.kind == ChangeKind.NOTE and target.from_value is None and target.note:
        claim = begin_change(session, claim_id, version, user)  # the note is withdrawn: the history keeps it
        record_change(session, claim, user, ChangeKind.NOTE, from_value=target.note, note=why, undoes=target_id)
        session.flush()
    elif target.kind == ChangeKind.NOTE and target.from_value is not None:  # a withdrawn note comes back
        add_note(session, claim_id, target.from_value, user=user, expected_version=version, undoes=target_id)
    elif target.kind == ChangeKind.MATCH:
        raise WorkflowError(
            f"claim {claim_id}: a match decision is not undone ({describe_change(target)}); decide it again",
            cli_advice=f"claimtrack same|different {claim_id} OTHER",
        )
    else:
        raise WorkflowError(f"claim {claim_id}: this change cannot be undone: {describe_change(target)}")
    session.refresh(claim)
    return session.exec(
        select(HistoryEntry)
        .where(HistoryEntry.claim_id == claim_id, HistoryEntry.version == claim.version)
        .order_by(col(HistoryEntry.id).desc())
        .limit(1)
    ).one()


def _overridden(
    session: Session, claim: Claim, target: HistoryEntry, field: str, now: str, what: str, verb: str
) -> WorkflowError:
    """The refusal of an undo or redo whose field was changed since: by whom, to what."""
    since = session.exec(
        select(HistoryEntry)
        .where(
            HistoryEntry.claim_id == claim.id,
            HistoryEntry.kind == target.kind,
            HistoryEntry.version > target.version,
        )
        .order_by(col(HistoryEntry.version).desc(), col(HistoryEntry.id).desc())
        .limit(1)
    ).first()
    by = f" by {since.actor} (v{since.version}: {describe_change(since)})" if since is not None else ""
    return WorkflowError(
        f"claim {claim.id}'s {field} was changed since{by}, it is now {now}: "
        f"{verb}ing {what} would overwrite that; nothing was saved"
    )


def change_in_force() -> sa.ColumnElement[bool]:
    """SQL: the ``history`` row is a change in force, what a count of changes should count: not
    an undo or a redo itself, and not undone (no undo of it that has not been redone)."""
    undo = aliased(HistoryEntry, name="undo_entry")
    redo = aliased(HistoryEntry, name="redo_entry")
    undone = (
        sa.exists()
        .where(col(undo.undoes) == HistoryEntry.id, ~sa.exists().where(col(redo.undoes) == undo.id))
        .correlate(HistoryEntry)
    )
    return sa.and_(col(HistoryEntry.undoes).is_(None), ~undone)
