from __future__ import annotations

from claimtrack.extract.cues import find_cues

from .helpers import claims, one


def test_hedges_in_source_and_content() -> None:
    c = one("An unverified report said that four people were allegedly killed in an attack.")
    assert c.claimant == "An unverified report"
    assert c.cues == ("unverified", "allegedly")


def test_multiword_cues() -> None:
    text = "Critics claimed without evidence that the vote was rigged, a claim that could not be verified."
    assert find_cues(text, 0, len(text)) == ["claimed", "without evidence", "could not be verified"]


def test_cues_are_lowercase_and_canonical() -> None:
    text = "REPORTEDLY the figures were Unconfirmed and the claims Purportedly false."
    assert find_cues(text, 0, len(text)) == ["reportedly", "unconfirmed", "claimed", "purportedly", "false"]


def test_cues_come_from_the_claims_own_sentence() -> None:
    out = claims(
        "Officials said 12 people were killed in the attack. An unverified report said 20 people fled allegedly."
    )
    assert out[0].cues == ()
    assert "unverified" in out[1].cues


def test_dispute_in_the_same_sentence() -> None:
    c = one(
        "An unverified Ukrainian news report also said that four Chinese nationals were killed in an attack, "
        "but the Chinese state media outlet Global Times, a nationalist tabloid, denied that it was true, "
        "citing Beijing’s embassy in Kyiv."
    )
    assert c.text == "four Chinese nationals were killed in an attack"
    assert c.claimant == "An unverified Ukrainian news report"
    assert c.disputed_by == ("the Chinese state media outlet Global Times",)
    assert c.dispute is not None and c.dispute.startswith("the Chinese state media outlet Global Times")
    assert "denied" in c.cues and "unverified" in c.cues


def test_denial_in_the_next_sentence() -> None:
    c = one("Officials said 12 people were killed in the attack. Moscow denied the report.")
    assert c.text == "12 people were killed in the attack"
    assert c.disputed_by == ("Moscow",)
    assert c.dispute == "Moscow denied the report"
    assert "denied" in c.cues


def test_called_it_false() -> None:
    c = one("Officials said 12 people were killed, but Moscow called it false.")
    assert c.disputed_by == ("Moscow",) and "false" in c.cues
    assert c.text == "12 people were killed"


def test_rejected_and_dismissed() -> None:
    c = one("The agency reported that 30 soldiers died on Monday, but the army rejected the report.")
    assert c.disputed_by == ("the army",) and "rejected" in c.cues
    c = one("The agency reported that 30 soldiers died on Monday. The army dismissed the claims as propaganda.")
    assert c.disputed_by == ("The army",) and "dismissed" in c.cues


def test_passive_denial() -> None:
    c = one("Officials said 12 people were killed, but this was denied by Moscow.")
    assert c.disputed_by == ("Moscow",) and c.text == "12 people were killed"


def test_denial_never_becomes_a_claim() -> None:
    out = claims("Moscow denied the report.")
    assert out == []


def test_negated_denial_is_not_a_dispute() -> None:
    out = claims("Officials said 12 people were killed. Moscow did not deny the report.")
    (c,) = [c for c in out if c.text == "12 people were killed"]
    assert c.disputed_by == ()
    assert not any("deny" in c.text for c in out if c.disputed_by)


def test_rejecting_a_bill_is_not_a_dispute() -> None:
    c = one("The senate said 40 members voted on Monday, but the house rejected the bill.")
    assert c.disputed_by == ()
